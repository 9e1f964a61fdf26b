using Dapper;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// The upsert either reserves or leaves the holder's row locked (ON CONFLICT locks the row even when its
    /// WHERE declines the update), so the holder read in the same transaction cannot be released in between.
    /// A racing node's uncommitted reservation makes the upsert wait for it, then see it.
    /// </summary>
    public Task<IdempotencyRecord?> ReserveIdempotencyKeyAsync(string appId, string key, byte[] requestHash, long now, long expiredBefore, CancellationToken ct) =>
        InTransactionAsync<IdempotencyRecord?>(async (c, tx) =>
        {
            if (await c.ExecuteAsync(IdempotencySql.Reserve, new { appId, key, requestHash, now, expiredBefore }, tx) == 1) return null;
            return (await c.QuerySingleAsync<IdempotencySql.Row>(IdempotencySql.Holder, new { appId, key }, tx)).ToRecord();
        }, ct);

    public async Task<bool> CompleteIdempotencyKeyAsync(string appId, string key, long reservedAt, IdempotentAnswer answer, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(IdempotencySql.Complete, IdempotencySql.CompleteParams(appId, key, reservedAt, answer)) == 1;
    }

    public async Task ReleaseIdempotencyKeyAsync(string appId, string key, long reservedAt, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(IdempotencySql.Release, new { appId, key, reservedAt });
    }

    public async Task<int> DeleteExpiredIdempotencyKeysAsync(string appId, long expiredBefore, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(IdempotencySql.DeleteExpired, new { appId, expiredBefore, limit });
    }
}
