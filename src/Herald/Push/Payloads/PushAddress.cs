using Herald.Catalog;

namespace Herald.Push.Payloads;

/// <summary>
/// Who a push is about and what a device files it under: the envelope's receiver, receiverName,
/// receiverAvatar, receiverType, conversationId and tag, decided by the catalog type's
/// <see cref="PushRule"/>. Chat and calls keep the seed's shapes (the group, or the other person of a
/// one-on-one); a community type names its community as a group, so a client opens the same screen
/// it opens for a group; a live stream names the stream under its own receiverType, since it is
/// neither a person nor a group a client could open as a conversation.
/// </summary>
public sealed record PushAddress(
    string Receiver, string ReceiverName, string? ReceiverAvatar, string ReceiverType, string? ConversationId, string Tag)
{
    /// <summary>
    /// What a device replaces a notification by (the provider's collapse id or key): the newest of a chat
    /// conversation, as before; but for a community or a stream the post, story, event or stream itself,
    /// since two posts of one community are two things to read, not a newer version of one.
    /// </summary>
    public string? CollapseId { get; private init; }

    public static PushAddress For(EventFacts e, PushRule rule, string recipient)
    {
        var address = rule.Receiver switch
        {
            // A post without a community (a user's own feed, a story to followers) falls back to its conversation.
            "community" when e.DataString("communityId") is { } community =>
                Group(community, e.DataString("communityName"), e.DataString("communityAvatar")),
            "livestream" when e.DataString("streamId") is { } stream =>
                new PushAddress(stream, e.DataString("streamTitle") ?? stream, null, "livestream", $"livestream_{stream}", ""),
            _ => Conversation(e, recipient),
        };
        var tag = TagOf(e, rule, address.Receiver);
        return address with { Tag = tag, CollapseId = rule.Receiver == "conversation" ? address.ConversationId : tag };
    }

    private static PushAddress Conversation(EventFacts e, string recipient) =>
        e.IsGroup
            ? Group(e.ConversationId ?? "", e.ConversationName, e.ConversationAvatar)
            // One-on-one: the conversation as the sender's client names it is the person it is with.
            : new PushAddress(recipient, e.ConversationName ?? recipient, e.ConversationAvatar, "user", e.ConversationKeyFor(recipient), "");

    private static PushAddress Group(string id, string? name, string? avatar) =>
        new(id, name ?? id, avatar, "group", $"group_{id}", "");

    // The id a device shows the notification under, so a newer notification of the same thing (message,
    // post, story, stream) replaces the older one; the event id when the event names none.
    private static string TagOf(EventFacts e, PushRule rule, string receiver)
    {
        foreach (var source in rule.Tag)
        {
            var value = source switch
            {
                "receiver" => receiver,
                "sender" => e.SenderUid,
                _ => e.DataString(source["data.".Length..]),
            };
            if (!string.IsNullOrEmpty(value)) return value;
        }
        return e.Id;
    }
}
