using System.Data.Common;
using Dapper;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>One upsert: the row lock of ON CONFLICT DO UPDATE makes the count atomic across nodes.</summary>
    public async Task<int> CountInWindowAsync(string key, long windowStart, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(
            "INSERT INTO rate_windows(key, window_start, count) VALUES (@key, @windowStart, 1) " +
            "ON CONFLICT (key) DO UPDATE SET " +
            "count = CASE WHEN rate_windows.window_start >= excluded.window_start THEN rate_windows.count + 1 ELSE 1 END, " +
            "window_start = GREATEST(rate_windows.window_start, excluded.window_start) RETURNING count",
            new { key, windowStart });
    }

    /// <summary>A transaction-scoped advisory lock: nodes that want the same key queue on it until the holder commits.</summary>
    protected override Task TakeTurnAsync(DbConnection c, DbTransaction tx, string lockKey) =>
        c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@lockKey, 0))", new { lockKey }, tx);
}
