using System.Data.Common;
using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    /// <summary>
    /// Makes nodes that want <paramref name="lockKey"/> in one transaction take turns until it commits.
    /// One SQLite writer already takes every write in turn; PostgreSQL takes an advisory lock.
    /// </summary>
    protected virtual Task TakeTurnAsync(DbConnection c, DbTransaction tx, string lockKey) => Task.CompletedTask;

    public Task<SharedValue> GetOrRefreshSharedValueAsync(string key, long now, long refreshAfterMs, Func<long, string> make, CancellationToken ct) =>
        InWriteTransactionAsync(async (c, tx) =>
        {
            // Nodes that want a fresh value at once take turns: the first makes it, the others then read the one it stored.
            await TakeTurnAsync(c, tx, "shared/" + key);
            var row = await c.QuerySingleOrDefaultAsync<Rows.Shared>(
                "SELECT value AS Value, issued_at AS IssuedAt FROM shared_values WHERE key = @key", new { key }, tx);
            if (row is not null && now - row.IssuedAt < refreshAfterMs) return new SharedValue(row.Value, row.IssuedAt);
            var value = make(now);
            await c.ExecuteAsync(
                "INSERT INTO shared_values(key, value, issued_at) VALUES (@key, @value, @now) " +
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, issued_at = excluded.issued_at", new { key, value, now }, tx);
            return new SharedValue(value, now);
        }, ct);
}
