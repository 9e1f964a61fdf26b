using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    // Reserving and reading the holder are one transaction. On SQLite's single writer no other request can slip
    // between; on PostgreSQL the upsert either reserves or leaves the holder's row locked (ON CONFLICT locks the
    // row even when its WHERE declines the update), so the holder cannot be released in between, and a racing
    // node's uncommitted reservation makes the upsert wait for it, then see it.
    public Task<IdempotencyRecord?> ReserveIdempotencyKeyAsync(string appId, string key, byte[] requestHash, long now, long expiredBefore, CancellationToken ct) =>
        InWriteTransactionAsync<IdempotencyRecord?>(async (c, tx) =>
        {
            if (await c.ExecuteAsync(IdempotencySql.Reserve, new { appId, key, requestHash, now, expiredBefore }, tx) == 1) return null;
            return (await c.QuerySingleAsync<IdempotencySql.Row>(IdempotencySql.Holder, new { appId, key }, tx)).ToRecord();
        }, ct);

    public async Task<bool> CompleteIdempotencyKeyAsync(string appId, string key, long reservedAt, IdempotentAnswer answer, CancellationToken ct) =>
        await ExecuteWriteAsync(IdempotencySql.Complete, IdempotencySql.CompleteParams(appId, key, reservedAt, answer), ct) == 1;

    public Task ReleaseIdempotencyKeyAsync(string appId, string key, long reservedAt, CancellationToken ct) =>
        ExecuteWriteAsync(IdempotencySql.Release, new { appId, key, reservedAt }, ct);

    public Task<int> DeleteExpiredIdempotencyKeysAsync(string appId, long expiredBefore, int limit, CancellationToken ct) =>
        ExecuteWriteAsync(IdempotencySql.DeleteExpired, new { appId, expiredBefore, limit }, ct);
}
