using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Push;
using Herald.Tests.Support;

namespace Herald.Tests.FanOut;

/// <summary>What decides whether a push goes out: master toggle, Allow toggles, user preferences, the burst throttle.</summary>
public sealed class PushGovernanceTests
{
    private static async Task<(HeraldHost Herald, string App, HttpClient Admin)> StartAsync(Receiver receiver, params string[] members)
    {
        var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddCustomProviderAsync(app, receiver);
        await admin.PutOkAsync($"/v1/apps/{app}/channels/hiking/members", new { members });
        return (herald, app, admin);
    }

    [Fact]
    public async Task Master_toggle_off_sends_no_push_but_webhooks_still_go()
    {
        await using var gateway = await Receiver.StartAsync();
        await using var backend = await Receiver.StartAsync();
        var (herald, app, admin) = await StartAsync(gateway, "u2", "u3");
        using var _ = herald;
        await admin.CreateEndpointAsync(app, new { url = backend.Url });
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { enabled = false });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage());
        await PushTestKit.ExpectExactlyAsync(backend, 1);
        Assert.Empty(gateway.Requests);

        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { enabled = true });
        await admin.PostEventAsync(app, PushTestKit.GroupMessage());
        await PushTestKit.ExpectExactlyAsync(gateway, 2);
        await PushTestKit.ExpectExactlyAsync(backend, 2);
    }

    [Fact]
    public async Task An_event_toggle_off_silences_that_type_only()
    {
        await using var gateway = await Receiver.StartAsync();
        var (herald, app, admin) = await StartAsync(gateway, "u2");
        using var _ = herald;
        await admin.PutOkAsync($"/v1/apps/{app}/push/events/reaction.added", new { allowed = false });

        await admin.PostEventAsync(app, new
        {
            type = "reaction.added", sender = new { uid = "u1", name = "One" }, conversation = new { type = "user" },
            recipients = new[] { "u2" }, data = new { reaction = "👍", messageId = "1" },
        });
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1"));
        await PushTestKit.ExpectExactlyAsync(gateway, 1);
        Assert.Equal("message.created", JsonDocument.Parse((await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push"))
            .GetProperty("items")[0].GetRawText()).RootElement.GetProperty("eventType").GetString());
    }

    [Fact]
    public async Task Muted_conversations_and_quiet_hours_are_honoured_and_calls_break_through()
    {
        await using var gateway = await Receiver.StartAsync();
        var (herald, app, admin) = await StartAsync(gateway, "muted", "quiet", "expired-mute", "awake");
        using var _ = herald;
        var now = DateTimeOffset.UtcNow;
        await admin.PutOkAsync($"/v1/apps/{app}/users/muted/preferences", new { mutedConversations = new Dictionary<string, string?> { ["group_hiking"] = null } });
        await admin.PutOkAsync($"/v1/apps/{app}/users/expired-mute/preferences",
            new { mutedConversations = new Dictionary<string, string?> { ["hiking"] = now.AddMinutes(-1).ToString("O") } });
        await admin.PutOkAsync($"/v1/apps/{app}/users/quiet/preferences", new
        {
            quietHours = new { start = now.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture), end = now.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture), timeZone = "Etc/UTC" },
        });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage());
        await PushTestKit.ExpectExactlyAsync(gateway, 2);
        Assert.Equal(["awake", "expired-mute"], gateway.Requests.Select(PushTestKit.To).Order().ToArray());

        object Call() => new
        {
            type = "call.initiated", sender = new { uid = "caller", name = "Caller" }, conversation = new { type = "user" },
            recipients = new[] { "quiet" }, data = new { callType = "audio", sessionId = "s1" },
        };
        await admin.PostEventAsync(app, Call());
        await PushTestKit.ExpectExactlyAsync(gateway, 3);
        Assert.Equal("quiet", PushTestKit.To(gateway.Requests.Last()));

        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { callsBreakQuietHours = false });
        await admin.PostEventAsync(app, Call());
        await PushTestKit.ExpectExactlyAsync(gateway, 3);
    }

    [Fact]
    public async Task A_burst_collapses_into_the_limit_plus_one_summary()
    {
        await using var gateway = await Receiver.StartAsync();
        var (herald, app, admin) = await StartAsync(gateway, "u2");
        using var _ = herald;
        var events = Enumerable.Range(0, 50).Select(i => PushTestKit.GroupMessage(text: $"message {i}")).ToArray();
        var summary = await SummaryAfterBurstAsync(admin, app, gateway, events, maxPerWindow: 5);
        Assert.Equal("45 new messages in Hiking group", summary.GetProperty("body").GetString());
        Assert.Equal("group_hiking", summary.GetProperty("conversationId").GetString());
        var logged = Assert.Single((await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=summary")).GetProperty("items").EnumerateArray());
        Assert.Equal(45, logged.GetProperty("collapsed").GetInt32());
    }

    [Fact]
    public async Task A_burst_of_community_posts_collapses_into_one_summary_for_the_community()
    {
        await using var gateway = await Receiver.StartAsync();
        var (herald, app, admin) = await StartAsync(gateway, "u2");
        using var _ = herald;
        var events = Enumerable.Range(0, 4).Select(i =>
        {
            var e = CatalogCases.Event("post.created");
            e["id"] = $"post-{i}";
            e["recipients"] = new System.Text.Json.Nodes.JsonArray("u2");
            e["data"]!["postId"] = $"p-{i}";
            return e;
        }).ToArray();
        var summary = await SummaryAfterBurstAsync(admin, app, gateway, events, maxPerWindow: 1);
        Assert.Equal("3 new notifications in Trail Runners", summary.GetProperty("body").GetString());
        Assert.Equal("group_trail-runners", summary.GetProperty("conversationId").GetString());
    }

    /// <summary>Posts the burst to one recipient under a 3-second window: the limit arrives at once, then one summary when the window ends.</summary>
    private static async Task<System.Text.Json.JsonElement> SummaryAfterBurstAsync(HttpClient admin, string app, Receiver gateway, object[] events, int maxPerWindow)
    {
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { throttle = new { maxPerWindow, windowSeconds = 3 } });
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", new { events });
        Assert.Equal(202, (int)r.StatusCode);
        await PushTestKit.ExpectExactlyAsync(gateway, maxPerWindow);
        await PushTestKit.ExpectExactlyAsync(gateway, maxPerWindow + 1, TimeSpan.FromSeconds(10)); // the summary, when the window ends
        return PushTestKit.Details(gateway.Requests.Last());
    }
}
