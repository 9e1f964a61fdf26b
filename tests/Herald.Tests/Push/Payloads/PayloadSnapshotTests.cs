using System.Text.Json.Nodes;
using Herald.Tests.Support;

namespace Herald.Tests.Push.Payloads;

/// <summary>
/// The custom provider's envelope, field by field, for the four shapes of its reference: chat, call,
/// reaction and group action (badge count, message object and custom JSON switched on).
/// </summary>
public sealed class PayloadSnapshotTests
{
    private const string SentAt = "1741847453000"; // 2025-03-13T06:30:53Z in epoch milliseconds, as a string

    private static object Sender(string uid, string name) => new { uid, name, avatar = $"https://example.test/{uid}.webp" };

    [Fact]
    public async Task Chat_call_reaction_and_group_action_envelopes_match_the_reference_shape()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new
        {
            includeBadgeCount = true, includeMessageObject = true, custom = new { campaign = "spring" },
        });
        await admin.AddCustomProviderAsync(app, receiver);
        await admin.PutOkAsync($"/v1/apps/{app}/channels/hiking/members", new { members = new[] { "cometchat-uid-1", "cometchat-uid-2" } });

        var occurredAt = "2025-03-13T06:30:53Z";
        await admin.PostEventAsync(app, new
        {
            type = "message.created", occurredAt, sender = Sender("cometchat-uid-1", "Andrew Joseph"),
            conversation = new { id = "hiking", type = "group", name = "Hiking group" }, data = new { text = "Hello!", messageId = "123" },
        });
        await PushTestKit.ExpectExactlyAsync(receiver, 1);
        AssertEnvelope(receiver.Requests.Last().Body, app, "cometchat-uid-2", new JsonObject
        {
            ["title"] = "Hiking group", ["body"] = "Andrew Joseph: Hello!",
            ["sender"] = "cometchat-uid-1", ["senderName"] = "Andrew Joseph", ["senderAvatar"] = "https://example.test/cometchat-uid-1.webp",
            ["receiver"] = "hiking", ["receiverName"] = "Hiking group", ["receiverType"] = "group",
            ["tag"] = "123", ["conversationId"] = "group_hiking", ["type"] = "chat", ["sentAt"] = SentAt,
            ["unreadMessageCount"] = 1, ["message"] = new JsonObject { ["text"] = "Hello!", ["messageId"] = "123" },
            ["custom"] = new JsonObject { ["campaign"] = "spring" },
        });

        await admin.PostEventAsync(app, new
        {
            type = "call.initiated", occurredAt, sender = Sender("cometchat-uid-1", "Andrew Joseph"),
            conversation = new { type = "user", name = "George Alan" }, recipients = new[] { "cometchat-uid-2" },
            data = new { callType = "video", sessionId = "v1.123.aik2", messageId = "124" },
        });
        await PushTestKit.ExpectExactlyAsync(receiver, 2);
        AssertEnvelope(receiver.Requests.Last().Body, app, "cometchat-uid-2", new JsonObject
        {
            ["title"] = "Andrew Joseph", ["body"] = "VIDEO CALL",
            ["sender"] = "cometchat-uid-1", ["senderName"] = "Andrew Joseph", ["senderAvatar"] = "https://example.test/cometchat-uid-1.webp",
            ["receiver"] = "cometchat-uid-2", ["receiverName"] = "George Alan", ["receiverType"] = "user",
            ["tag"] = "124", ["conversationId"] = "cometchat-uid-1_user_cometchat-uid-2", ["type"] = "call",
            ["callAction"] = "initiated", ["sessionId"] = "v1.123.aik2", ["callType"] = "video", ["sentAt"] = SentAt,
            ["unreadMessageCount"] = 1, // a call does not add to the unread count
            ["custom"] = new JsonObject { ["campaign"] = "spring" },
        });

        await admin.PostEventAsync(app, new
        {
            type = "reaction.added", occurredAt, sender = Sender("cometchat-uid-2", "George Alan"),
            conversation = new { type = "user", name = "Andrew Joseph" }, recipients = new[] { "cometchat-uid-1" },
            data = new { reaction = "😎", messageId = "58" },
        });
        await PushTestKit.ExpectExactlyAsync(receiver, 3);
        AssertEnvelope(receiver.Requests.Last().Body, app, "cometchat-uid-1", new JsonObject
        {
            ["title"] = "George Alan", ["body"] = "Reacted to your message: 😎",
            ["sender"] = "cometchat-uid-2", ["senderName"] = "George Alan", ["senderAvatar"] = "https://example.test/cometchat-uid-2.webp",
            ["receiver"] = "cometchat-uid-1", ["receiverName"] = "Andrew Joseph", ["receiverType"] = "user",
            ["tag"] = "58", ["conversationId"] = "cometchat-uid-1_user_cometchat-uid-2", ["type"] = "chat", ["sentAt"] = SentAt,
            ["unreadMessageCount"] = 0,
            ["custom"] = new JsonObject { ["campaign"] = "spring" },
        });

        await admin.PostEventAsync(app, new
        {
            type = "group.member_left", occurredAt, sender = Sender("cometchat-uid-1", "Andrew Joseph"),
            conversation = new { id = "hiking", type = "group", name = "Hiking group" },
        });
        await PushTestKit.ExpectExactlyAsync(receiver, 4);
        AssertEnvelope(receiver.Requests.Last().Body, app, "cometchat-uid-2", new JsonObject
        {
            ["title"] = "Hiking group", ["body"] = "Andrew Joseph has left",
            ["sender"] = "cometchat-uid-1", ["senderName"] = "Andrew Joseph", ["senderAvatar"] = "https://example.test/cometchat-uid-1.webp",
            ["receiver"] = "hiking", ["receiverName"] = "Hiking group", ["receiverType"] = "group",
            ["tag"] = "hiking", ["conversationId"] = "group_hiking", ["type"] = "chat", ["sentAt"] = SentAt,
            ["unreadMessageCount"] = 1,
            ["custom"] = new JsonObject { ["campaign"] = "spring" },
        });
    }

    private static void AssertEnvelope(string body, string app, string to, JsonObject details)
    {
        var expected = new JsonObject
        {
            ["trigger"] = "push-notification-payload-generated",
            ["data"] = new JsonObject { ["to"] = new JsonObject { ["uid"] = to }, ["notificationDetails"] = details },
            ["appId"] = app, ["region"] = "us", ["webhook"] = "custom",
        };
        var actual = JsonNode.Parse(body);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected\n{expected.ToJsonString()}\nactual\n{actual?.ToJsonString()}");
    }
}
