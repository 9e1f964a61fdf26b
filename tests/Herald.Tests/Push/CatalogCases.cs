using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Catalog;

namespace Herald.Tests.Push;

/// <summary>
/// One sample event per pushable catalog type (message.created twice: its group and one-on-one
/// variants, the console's two toggles), filled with the fields docs/PAYLOADS.md says each kind
/// carries. The sender u1 is also among the recipients, so a test can see that it is left out.
/// </summary>
public static class CatalogCases
{
    public const string Sender = "u1", Recipient = "u2", OccurredAt = "2025-03-13T06:30:53Z";

    /// <summary>"message.created.group", "message.created.user", then every other type's own name, in catalog order.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    public static IEnumerable<object[]> Theory => Names.Select(n => new object[] { n });

    public static IEnumerable<object[]> TheoryByProvider =>
        from n in Names from p in new[] { "custom", "apns", "fcm", "baidu" } select new object[] { n, p };

    public static string TypeOf(string name) => name.StartsWith("message.created.", StringComparison.Ordinal) ? "message.created" : name;

    /// <summary>The event as a client posts it.</summary>
    public static JsonObject Event(string name)
    {
        var type = TypeOf(name);
        var known = EventCatalog.LoadEmbedded().Find(type)!;
        var oneOnOne = name == "message.created.user" || type is "message.updated" or "message.deleted" or "reaction.added" or "user.followed"
            || known.Category == "call";
        var e = new JsonObject
        {
            ["id"] = $"evt-{name}", ["type"] = type, ["occurredAt"] = OccurredAt,
            ["sender"] = new JsonObject { ["uid"] = Sender, ["name"] = "Andrew Joseph", ["avatar"] = "https://example.test/u1.webp" },
            ["conversation"] = oneOnOne
                ? new JsonObject { ["type"] = "user", ["name"] = "George Alan" } // one-on-one: the name of the person it is with, as the sender sees it
                : new JsonObject { ["id"] = "hiking", ["type"] = "group", ["name"] = "Hiking group", ["avatar"] = "https://example.test/hiking.webp" },
            ["recipients"] = oneOnOne ? new JsonArray(Sender, Recipient) : new JsonArray(Sender, Recipient, "u3"),
            ["data"] = Data(type, known.Category),
        };
        if (known.Category is "community" or "livestream" && type != "user.followed") e.Remove("conversation"); // they name their community or stream in data
        return e;
    }

    /// <summary>The recipients a push must reach: everyone but the sender.</summary>
    public static string[] ExpectedRecipients(string name) =>
        [.. Event(name)["recipients"]!.AsArray().Select(r => (string)r!).Where(r => r != Sender).Order(StringComparer.Ordinal)];

    /// <summary>The stored webhook body fan-out reads (Events/EventParser.RenderWebhookBody's shape).</summary>
    public static JsonElement WebhookBody(string name, string appId)
    {
        var e = Event(name);
        var body = new JsonObject { ["id"] = e["id"]!.DeepClone(), ["type"] = e["type"]!.DeepClone(), ["version"] = 1, ["appId"] = appId, ["createdAt"] = OccurredAt };
        foreach (var field in new[] { "occurredAt", "sender", "conversation", "recipients", "data" })
            if (e[field] is { } v) body[field] = v.DeepClone();
        return JsonDocument.Parse(body.ToJsonString()).RootElement;
    }

    private static JsonObject Data(string type, string category)
    {
        JsonObject community = new() { ["communityId"] = "trail-runners", ["communityName"] = "Trail Runners", ["communityAvatar"] = "https://example.test/trail-runners.webp" };
        JsonObject With(JsonObject extra)
        {
            foreach (var (k, v) in extra) community[k] = v?.DeepClone();
            return community;
        }
        return type switch
        {
            "message.created" or "message.updated" => new() { ["text"] = "See you at the trailhead", ["messageId"] = "m-123" },
            "message.deleted" => new() { ["messageId"] = "m-123" },
            "reaction.added" => new() { ["reaction"] = "😎", ["messageId"] = "m-58" },
            _ when type.StartsWith("group.member_", StringComparison.Ordinal) && type is not ("group.member_joined" or "group.member_left") =>
                new() { ["targetUid"] = "u4", ["targetName"] = "Dana Scott" },
            _ when category == "call" => new() { ["callType"] = "video", ["sessionId"] = "v1.123.aik2" },
            "post.created" or "mention.created" => With(new() { ["postId"] = "p-42", ["text"] = "Sunrise loop this Saturday" }),
            "comment.created" => With(new() { ["postId"] = "p-42", ["commentId"] = "c-7", ["text"] = "Count me in" }),
            "reply.created" => With(new() { ["postId"] = "p-42", ["commentId"] = "c-8", ["text"] = "Me too" }),
            "post.reacted" => With(new() { ["postId"] = "p-42", ["reaction"] = "👍" }),
            "story.created" => With(new() { ["storyId"] = "s-9" }),
            "story.commented" => With(new() { ["storyId"] = "s-9", ["text"] = "Great view" }),
            "story.reacted" => With(new() { ["storyId"] = "s-9", ["reaction"] = "🔥" }),
            "community_event.created" or "community_event.starting" => With(new() { ["eventId"] = "ev-3", ["eventName"] = "Sunrise run" }),
            "user.followed" => new(),
            "livestream.started" or "livestream.ended" => new() { ["streamId"] = "live-9", ["streamTitle"] = "Morning climb" },
            _ => new(),
        };
    }

    private static List<string> BuildNames()
    {
        var names = new List<string>();
        foreach (var e in EventCatalog.LoadEmbedded().Events.Where(e => !e.Internal))
            if (e.ConversationVariants is { } variants) names.AddRange(variants.Keys.Order(StringComparer.Ordinal).Select(v => $"{e.Type}.{v}"));
            else names.Add(e.Type);
        return names;
    }
}
