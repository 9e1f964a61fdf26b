namespace Herald.Storage;

/// <summary>
/// Unread messages: a row per message a recipient has not read, keyed by the conversation id of the push
/// envelope (<c>group_{guid}</c>, <c>{uidA}_user_{uidB}</c>), so reading a conversation and deleting a
/// message can each lower the count, where a bare counter could only grow.
/// </summary>
public interface IUnreadStore
{
    /// <summary>Records one message as unread for each of <paramref name="uids"/>; a repeat (a fan-out run twice) adds nothing.</summary>
    Task AddUnreadAsync(string appId, string conversationId, string messageId, IReadOnlyCollection<string> uids, long at, CancellationToken ct);

    /// <summary>Each uid's unread messages across conversations; a uid with none is absent.</summary>
    Task<IReadOnlyDictionary<string, int>> CountUnreadAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct);

    /// <summary>Marks one conversation read for the user, or every one when <paramref name="conversationId"/> is null; returns what is left unread.</summary>
    Task<int> MarkReadAsync(string appId, string uid, string? conversationId, CancellationToken ct);

    /// <summary>A deleted message is no longer anyone's to read: removes it from every recipient's count; returns how many had it unread.</summary>
    Task<int> ForgetUnreadMessageAsync(string appId, string messageId, CancellationToken ct);

    /// <summary>Deletes at most <paramref name="limit"/> of the app's unread rows recorded before <paramref name="cutoff"/> (the retention sweep); returns how many.</summary>
    Task<int> DeleteOldUnreadAsync(string appId, long cutoff, int limit, CancellationToken ct);
}
