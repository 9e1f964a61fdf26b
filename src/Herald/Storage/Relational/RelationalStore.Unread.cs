using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    private const string CountOne = "SELECT COUNT(*) FROM unread WHERE app_id = @appId AND uid = @uid";

    // "WHERE true": SQLite's required disambiguation of INSERT ... SELECT ... ON CONFLICT; PostgreSQL reads it the same.
    public Task AddUnreadAsync(string appId, string conversationId, string messageId, IReadOnlyCollection<string> uids, long at, CancellationToken ct) =>
        uids.Count == 0 ? Task.CompletedTask : ExecuteWriteAsync(
            "INSERT INTO unread(app_id, uid, conversation_id, message_id, created_at) " +
            $"SELECT @appId, l.v, @conversationId, @messageId, @at FROM ({Dialect.ListRows("@uids")}) AS l WHERE true ON CONFLICT DO NOTHING",
            new { appId, conversationId, messageId, at, uids = Dialect.List(uids.Distinct(StringComparer.Ordinal)) }, ct);

    public async Task<IReadOnlyDictionary<string, int>> CountUnreadAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct)
    {
        if (uids.Count == 0) return new Dictionary<string, int>();
        await using var c = await OpenReadConnectionAsync(ct);
        var rows = await c.QueryAsync<(string Uid, long Count)>(
            $"SELECT uid, COUNT(*) FROM unread WHERE app_id = @appId AND {Dialect.InList("uid", "@uids")} GROUP BY uid",
            new { appId, uids = Dialect.List(uids) });
        return rows.ToDictionary(r => r.Uid, r => (int)r.Count, StringComparer.Ordinal);
    }

    // The delete and the count in one transaction: the answer is the count right after this read, not after a later message.
    public Task<int> MarkReadAsync(string appId, string uid, string? conversationId, CancellationToken ct) =>
        InWriteTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(conversationId is null
                ? "DELETE FROM unread WHERE app_id = @appId AND uid = @uid"
                : "DELETE FROM unread WHERE app_id = @appId AND uid = @uid AND conversation_id = @conversationId",
                new { appId, uid, conversationId }, tx);
            return (int)await c.ExecuteScalarAsync<long>(CountOne, new { appId, uid }, tx);
        }, ct);

    public Task<int> ForgetUnreadMessageAsync(string appId, string messageId, CancellationToken ct) =>
        ExecuteWriteAsync("DELETE FROM unread WHERE app_id = @appId AND message_id = @messageId", new { appId, messageId }, ct);

    public Task<int> DeleteOldUnreadAsync(string appId, long cutoff, int limit, CancellationToken ct) =>
        ExecuteWriteAsync(RetentionSql.DeleteOldUnread, new { appId, cutoff, limit }, ct);
}
