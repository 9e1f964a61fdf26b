using Dapper;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // On the single writer, reserving and reading the holder are one transaction: no other request can slip between.
    public Task<IdempotencyRecord?> ReserveIdempotencyKeyAsync(string appId, string key, byte[] requestHash, long now, long expiredBefore, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            if (c.Execute(IdempotencySql.Reserve, new { appId, key, requestHash, now, expiredBefore }, tx) == 1) return null;
            return c.QuerySingle<IdempotencySql.Row>(IdempotencySql.Holder, new { appId, key }, tx).ToRecord();
        }, ct);

    public Task<bool> CompleteIdempotencyKeyAsync(string appId, string key, long reservedAt, IdempotentAnswer answer, CancellationToken ct) =>
        WriteAsync((c, tx) => c.Execute(IdempotencySql.Complete, IdempotencySql.CompleteParams(appId, key, reservedAt, answer), tx) == 1, ct);

    public Task ReleaseIdempotencyKeyAsync(string appId, string key, long reservedAt, CancellationToken ct) =>
        WriteAsync((c, tx) => c.Execute(IdempotencySql.Release, new { appId, key, reservedAt }, tx), ct);

    public Task<int> DeleteExpiredIdempotencyKeysAsync(string appId, long expiredBefore, int limit, CancellationToken ct) =>
        WriteAsync((c, tx) => c.Execute(IdempotencySql.DeleteExpired, new { appId, expiredBefore, limit }, tx), ct);
}
