using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Push;
using Herald.Tests.Support;

namespace Herald.Tests.FanOut;

/// <summary>One Herald whose clock the tests move: snoozes and timed mutes end when it says, not the wall clock.</summary>
public sealed class PushLevelFixture() : ClockedHerald("lvl", new Dictionary<string, string?>());

/// <summary>
/// Push levels (user and conversation), mentions, mentionsBreakMute and snooze, observed through the real fan-out:
/// each event's push jobs in the delivery log once its fan-out has succeeded. The notification check explains the same decision.
/// </summary>
public sealed class PushLevelTests(PushLevelFixture fx) : IClassFixture<PushLevelFixture>, IAsyncLifetime
{
    private Receiver _gateway = null!;

    public async Task InitializeAsync() => _gateway = await Receiver.StartAsync();
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<(string App, HttpClient Admin)> NewAppAsync()
    {
        var (app, admin) = await fx.NewAppAsync();
        await admin.AddCustomProviderAsync(app, _gateway);
        return (app, admin);
    }

    private static object Message(string[] recipients, string group = "hiking", string[]? mentions = null, bool mentionsAll = false) => new
    {
        type = "message.created", sender = new { uid = "sender", name = "Sender" },
        conversation = new { id = group, type = "group", name = group },
        recipients, data = new { text = "hi", messageId = Guid.NewGuid().ToString("N"), mentions, mentionsAll },
    };

    /// <summary>Posts the event, waits for its fan-out to succeed, and returns whom it made push jobs for.</summary>
    private static async Task<string[]> PushedToAsync(HttpClient admin, string app, object evt)
    {
        var id = await admin.PostEventAsync(app, evt);
        await ApiExtensions.Eventually(async () => (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=fanout")).GetProperty("items").EnumerateArray()
            .Any(d => d.GetProperty("eventId").GetString() == id && d.GetProperty("status").GetString() == "succeeded"),
            TimeSpan.FromSeconds(15), $"the fan-out of {id} succeeds");
        return [.. (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push&limit=500")).GetProperty("items").EnumerateArray()
            .Where(d => d.GetProperty("eventId").GetString() == id).Select(d => d.GetProperty("uid").GetString()!).Order(StringComparer.Ordinal)];
    }

    private static Task PrefsAsync(HttpClient admin, string app, string uid, object body) => admin.PutOkAsync($"/v1/apps/{app}/users/{uid}/preferences", body);

    private static async Task<JsonElement> CheckAsync(HttpClient admin, string app, string uid, string query) =>
        await admin.GetJsonAsync($"/v1/apps/{app}/users/{uid}/notification-check?{query}");

    [Fact]
    public async Task User_and_conversation_levels_let_through_all_mentions_or_nothing()
    {
        var (app, admin) = await NewAppAsync();
        using var _ = admin;
        await PrefsAsync(admin, app, "mentions-only", new { pushLevel = "mentions" });
        await PrefsAsync(admin, app, "nothing", new { pushLevel = "none" });
        await PrefsAsync(admin, app, "hiking-mentions", new { conversationPushLevels = new Dictionary<string, string> { ["group_hiking"] = "mentions" } });
        await PrefsAsync(admin, app, "hiking-all", new { pushLevel = "none", conversationPushLevels = new Dictionary<string, string> { ["hiking"] = "all" } });
        string[] everyone = ["default", "hiking-all", "hiking-mentions", "mentions-only", "nothing"];

        Assert.Equal(["default", "hiking-all"], await PushedToAsync(admin, app, Message(everyone)));
        Assert.Equal(["default", "hiking-all", "hiking-mentions", "mentions-only"],
            await PushedToAsync(admin, app, Message(everyone, mentions: ["mentions-only", "hiking-mentions", "nothing"])));
        Assert.Equal(["default", "hiking-all", "hiking-mentions", "mentions-only"], await PushedToAsync(admin, app, Message(everyone, mentionsAll: true)));
        // Elsewhere the user's own level applies: the conversation's was for hiking only.
        Assert.Equal(["default", "hiking-mentions"], await PushedToAsync(admin, app, Message(everyone, group: "trail")));

        var view = await admin.GetJsonAsync($"/v1/apps/{app}/users/hiking-all/preferences");
        Assert.Equal(("none", "all"), (view.GetProperty("pushLevel").GetString(), view.GetProperty("conversationPushLevels").GetProperty("hiking").GetString()));
        Assert.Equal("all", (await admin.GetJsonAsync($"/v1/apps/{app}/users/default/preferences")).GetProperty("pushLevel").GetString());
    }

    [Fact]
    public async Task A_mention_gets_through_a_muted_conversation_only_when_the_app_allows_it()
    {
        var (app, admin) = await NewAppAsync();
        using var _ = admin;
        await PrefsAsync(admin, app, "muted", new { mutedConversations = new Dictionary<string, string?> { ["group_hiking"] = null } });
        await PrefsAsync(admin, app, "level-none", new { conversationPushLevels = new Dictionary<string, string> { ["group_hiking"] = "none" } });
        await PrefsAsync(admin, app, "user-none", new { pushLevel = "none" });
        string[] all = ["level-none", "muted", "user-none"];

        Assert.Empty(await PushedToAsync(admin, app, Message(all, mentions: all)));
        Assert.False((await admin.GetJsonAsync($"/v1/apps/{app}/push/settings")).GetProperty("mentionsBreakMute").GetBoolean()); // off by default

        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { mentionsBreakMute = true });
        Assert.True((await admin.GetJsonAsync($"/v1/apps/{app}/push/settings")).GetProperty("mentionsBreakMute").GetBoolean());
        // The user's own "none" is not a conversation's mute: nothing breaks it.
        Assert.Equal(["level-none", "muted"], await PushedToAsync(admin, app, Message(all, mentions: all)));
        Assert.Empty(await PushedToAsync(admin, app, Message(all)));
    }

    [Fact]
    public async Task A_snooze_holds_everything_until_its_time_then_pushes_flow_again()
    {
        var (app, admin) = await NewAppAsync();
        using var _ = admin;
        var until = fx.Clock.GetUtcNow().AddHours(1);
        await PrefsAsync(admin, app, "sleepy", new { snoozeUntil = until.ToString("O", CultureInfo.InvariantCulture) });
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { mentionsBreakMute = true, callsBreakQuietHours = true });

        Assert.Equal(["awake"], await PushedToAsync(admin, app, Message(["sleepy", "awake"], mentions: ["sleepy"], mentionsAll: true)));
        Assert.Empty(await PushedToAsync(admin, app, new
        {
            type = "call.initiated", sender = new { uid = "caller", name = "Caller" }, conversation = new { type = "user" },
            recipients = new[] { "sleepy" }, data = new { callType = "audio", sessionId = "s1" },
        }));
        var check = await CheckAsync(admin, app, "sleepy", "conversationId=group_hiking&mentioned=true");
        Assert.Equal((false, "snoozed"), (check.GetProperty("notified").GetBoolean(), check.GetProperty("reason").GetString()));
        Assert.Contains(until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), check.GetProperty("detail").GetString());
        Assert.Equal(until.ToUnixTimeMilliseconds(),
            (await admin.GetJsonAsync($"/v1/apps/{app}/users/sleepy/preferences")).GetProperty("snoozeUntil").GetDateTimeOffset().ToUnixTimeMilliseconds());

        fx.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(["awake", "sleepy"], await PushedToAsync(admin, app, Message(["sleepy", "awake"])));
        Assert.True((await CheckAsync(admin, app, "sleepy", "conversationId=group_hiking")).GetProperty("notified").GetBoolean());
    }

    [Fact]
    public async Task The_notification_check_says_why_not()
    {
        var (app, admin) = await NewAppAsync();
        using var _ = admin;
        var now = fx.Clock.GetUtcNow();
        var muteEnds = now.AddHours(3);
        await PrefsAsync(admin, app, "u1", new
        {
            mutedConversations = new Dictionary<string, string?> { ["group_hiking"] = muteEnds.ToString("O", CultureInfo.InvariantCulture) },
            conversationPushLevels = new Dictionary<string, string> { ["trail"] = "mentions" },
            mutedCategories = new[] { "call" },
        });
        await admin.PutOkAsync($"/v1/apps/{app}/push/events/reaction.added", new { allowed = false });

        async Task<(string? Reason, string Detail, string Level)> Why(string query)
        {
            var c = await CheckAsync(admin, app, "u1", query);
            Assert.Equal(c.GetProperty("reason").ValueKind == JsonValueKind.Null, c.GetProperty("notified").GetBoolean());
            return (c.GetProperty("reason").GetString(), c.GetProperty("detail").GetString()!, c.GetProperty("pushLevel").GetString()!);
        }

        var muted = await Why("conversationId=group_hiking");
        Assert.Equal(("muted-conversation", "none"), (muted.Reason, muted.Level));
        Assert.Equal($"The conversation 'group_hiking' is muted until {muteEnds.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.", muted.Detail);
        var trail = await Why("conversationId=group_trail");
        Assert.Equal(("push-level-mentions", "mentions"), (trail.Reason, trail.Level));
        Assert.Contains("not a mention", trail.Detail);
        Assert.Null((await Why("conversationId=trail&mentioned=true")).Reason);
        Assert.Equal("muted-category", (await Why("conversationId=u1_user_caller&type=call.initiated")).Reason);
        Assert.Equal("type-not-allowed", (await Why("conversationId=u1_user_u2&type=reaction.added")).Reason);
        Assert.Null((await Why("conversationId=u2_user_u1")).Reason);

        await PrefsAsync(admin, app, "u1", new
        {
            quietHours = new { start = now.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture), end = now.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture), timeZone = "Etc/UTC" },
        });
        Assert.Equal("quiet-hours", (await Why("conversationId=u2_user_u1")).Reason);
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { enabled = false });
        Assert.Equal("push-off", (await Why("conversationId=u2_user_u1")).Reason);

        foreach (var (query, field) in new[] { ("type=nope", "type"), ("mentioned=maybe", "mentioned"), ("conversationId=u2_user_u3", "conversationId") })
            await ExpectFieldErrorAsync(await admin.GetAsync($"/v1/apps/{app}/users/u1/notification-check?{query}"), field);
    }

    [Fact]
    public async Task Bad_levels_snoozes_and_mentions_are_refused_naming_the_field()
    {
        var (app, admin) = await NewAppAsync();
        using var _ = admin;
        var url = $"/v1/apps/{app}/users/u1/preferences";
        await ExpectFieldErrorAsync(await admin.PutAsJsonAsync(url, new { pushLevel = "loud" }), "pushLevel");
        await ExpectFieldErrorAsync(await admin.PutAsJsonAsync(url, new { snoozeUntil = "tomorrow" }), "snoozeUntil");
        await ExpectFieldErrorAsync(await admin.PutAsJsonAsync(url, new { conversationPushLevels = new { hiking = "loud" } }), "conversationPushLevels.hiking");
        await ExpectFieldErrorAsync(await admin.PutAsJsonAsync(url, new { conversationPushLevels = new[] { "hiking" } }), "conversationPushLevels");
        Assert.Equal("all", (await admin.GetJsonAsync(url)).GetProperty("pushLevel").GetString()); // nothing stored

        var events = $"/v1/apps/{app}/events";
        await ExpectFieldErrorAsync(await admin.PostAsJsonAsync(events, new { type = "message.created", data = new { text = "hi", mentions = "u2" } }), "data.mentions");
        await ExpectFieldErrorAsync(await admin.PostAsJsonAsync(events, new { type = "message.created", data = new { text = "hi", mentions = new object[] { "u2", 7 } } }), "data.mentions[1]");
        await ExpectFieldErrorAsync(await admin.PostAsJsonAsync(events, new { type = "message.created", data = new { text = "hi", mentionsAll = "yes" } }), "data.mentionsAll");
        await ExpectFieldErrorAsync(await admin.PostAsJsonAsync(events, new { type = "message.created", data = new { mentions = Enumerable.Range(0, 1001).Select(i => $"u{i}") } }), "data.mentions");
    }

    private static async Task ExpectFieldErrorAsync(HttpResponseMessage r, string field)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{(int)r.StatusCode} {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{field} not named: {body}");
    }
}
