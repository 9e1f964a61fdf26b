using Herald.Push.Payloads;
using Herald.Storage;

namespace Herald.FanOut;

/// <summary>
/// How a new message enters the unread counts: one row per recipient under the conversation id their push
/// envelope carries (what a client passes back to mark it read), and the message's <c>data.messageId</c>
/// (what <c>message.deleted</c> names), or the event id when the message has none.
/// </summary>
public static class UnreadCounts
{
    public static async Task RecordAsync(IUnreadStore store, string appId, EventFacts e, IReadOnlyList<string> recipients, DateTimeOffset now, CancellationToken ct)
    {
        var messageId = e.DataString("messageId") ?? e.Id;
        // A group is one conversation for everyone; one-on-one, each recipient's is theirs with the sender.
        foreach (var conversation in recipients.GroupBy(e.ConversationKeyFor, StringComparer.Ordinal))
            if (conversation.Key is { } key)
                await store.AddUnreadAsync(appId, key, messageId, [.. conversation], now.ToUnixTimeMilliseconds(), ct);
    }
}
