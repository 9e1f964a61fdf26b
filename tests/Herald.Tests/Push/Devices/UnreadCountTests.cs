using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Push.Devices;

/// <summary>
/// The unread count goes down: across two conversations of one user, seen in two of their pushes (the custom
/// gateway's envelope and a Baidu device's payload), through reading one conversation, deleting an unread
/// message and reading everything.
/// </summary>
public sealed class UnreadCountTests
{
    private static object Message(string messageId, string sender, bool group) => new
    {
        type = "message.created", occurredAt = "2026-11-22T10:00:00Z",
        sender = new { uid = sender, name = sender },
        conversation = group ? new { id = "hiking", type = "group", name = "Hiking group" } : (object)new { type = "user" },
        recipients = group ? null : new[] { "u2" },
        data = new { text = $"text of {messageId}", messageId },
    };

    [Fact]
    public async Task Reading_a_conversation_deleting_an_unread_message_and_reading_everything_lower_the_count_every_push_carries()
    {
        await using var gateway = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { includeBadgeCount = true });
        await admin.AddCustomProviderAsync(app, gateway);
        var baidu = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials",
            new { name = "baidu", platform = "android", provider = "baidu", apiKey = "key", secretKey = "secret", active = true });
        Assert.True(baidu.IsSuccessStatusCode, await baidu.Content.ReadAsStringAsync());
        await admin.PutOkAsync($"/v1/apps/{app}/users/u2/devices/phone", new { platform = "android", provider = "baidu", token = "channel-u2" });
        await admin.PutOkAsync($"/v1/apps/{app}/channels/hiking/members", new { members = new[] { "u1", "u2" } });

        // The count each of u2's two targets got with the push of a message.
        async Task<(int Gateway, int Device)> CountsPushedWith(string messageId)
        {
            JsonElement envelope = default, device = default;
            await ApiExtensions.Eventually(async () =>
            {
                var sent = gateway.Requests.Where(r => PushTestKit.To(r) == "u2" && PushTestKit.Details(r).GetProperty("tag").GetString() == messageId).ToList();
                if (sent.Count > 0) envelope = PushTestKit.Details(sent[0]);
                foreach (var job in (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push&provider=baidu")).GetProperty("items").EnumerateArray())
                {
                    var payload = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{job.GetProperty("id").GetString()}")).GetProperty("payload");
                    if (payload.GetProperty("details").GetProperty("tag").GetString() == messageId) device = payload;
                }
                return sent.Count > 0 && device.ValueKind == JsonValueKind.Object;
            }, TimeSpan.FromSeconds(15), $"u2's pushes of {messageId}");
            return (envelope.GetProperty("unreadMessageCount").GetInt32(), device.GetProperty("badge").GetInt32());
        }
        async Task<int> Post(string path)
        {
            var r = await admin.PostAsync($"/v1/apps/{app}/users/{path}", null);
            var json = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(r.IsSuccessStatusCode, $"POST {path}: {(int)r.StatusCode} {json}");
            return json.GetProperty("unreadMessageCount").GetInt32();
        }
        async Task<int> Unread(string uid) =>
            (await admin.GetJsonAsync($"/v1/apps/{app}/users/{uid}/unread")).GetProperty("unreadMessageCount").GetInt32();

        // A: the group; B: u2's one-on-one with u3. Each new message adds one on both targets.
        await admin.PostEventAsync(app, Message("a1", "u1", group: true));
        Assert.Equal((1, 1), await CountsPushedWith("a1"));
        await admin.PostEventAsync(app, Message("b1", "u3", group: false));
        Assert.Equal((2, 2), await CountsPushedWith("b1"));
        await admin.PostEventAsync(app, Message("a2", "u1", group: true));
        Assert.Equal((3, 3), await CountsPushedWith("a2"));
        await admin.PostEventAsync(app, Message("b2", "u3", group: false));
        Assert.Equal((4, 4), await CountsPushedWith("b2"));
        Assert.Equal(0, await Unread("u1")); // the sender's own messages are not theirs to read

        // Reading A (twice: idempotent) leaves B's two.
        Assert.Equal(2, await Post("u2/conversations/group_hiking/read"));
        Assert.Equal(2, await Post("u2/conversations/group_hiking/read"));
        // Deleting an unread message of B takes it out.
        await admin.PostEventAsync(app, new
        {
            type = "message.deleted", sender = new { uid = "u3", name = "u3" }, conversation = new { type = "user" },
            recipients = new[] { "u2" }, data = new { messageId = "b1" },
        });
        Assert.Equal(1, await Unread("u2"));
        // The next push carries what is left plus itself.
        await admin.PostEventAsync(app, Message("a3", "u1", group: true));
        Assert.Equal((2, 2), await CountsPushedWith("a3"));

        Assert.Equal(0, await Post("u2/read"));
        Assert.Equal(0, await Post("u2/read"));
        await admin.PostEventAsync(app, Message("b3", "u3", group: false));
        Assert.Equal((1, 1), await CountsPushedWith("b3"));
        Assert.Equal(0, await Post("u2/conversations/u2_user_u3/read"));
    }

    [Fact]
    public async Task A_bad_uid_or_conversation_id_is_refused_naming_the_field()
    {
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        var r = await admin.PostAsync($"/v1/apps/{app}/users/u2/conversations/{new string('c', 201)}/read", null);
        Assert.Equal(400, (int)r.StatusCode);
        Assert.True((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("conversationId", out _));
        r = await admin.PostAsync($"/v1/apps/{app}/users/%20/read", null);
        Assert.Equal(400, (int)r.StatusCode);
        Assert.True((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("uid", out _));
    }
}
