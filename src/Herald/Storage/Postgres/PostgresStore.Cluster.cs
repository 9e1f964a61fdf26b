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

    private sealed record SharedRow(string Value, long IssuedAt);

    /// <summary>
    /// Nodes that want a fresh value at once queue on a transaction-scoped advisory lock for the key;
    /// the first makes it, the others then read the one it stored.
    /// </summary>
    public Task<SharedValue> GetOrRefreshSharedValueAsync(string key, long now, long refreshAfterMs, Func<long, string> make, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@lockKey, 0))", new { lockKey = "shared/" + key }, tx);
            var row = await c.QuerySingleOrDefaultAsync<SharedRow>(
                "SELECT value AS Value, issued_at AS IssuedAt FROM shared_values WHERE key = @key", new { key }, tx);
            if (row is not null && now - row.IssuedAt < refreshAfterMs) return new SharedValue(row.Value, row.IssuedAt);
            var value = make(now);
            await c.ExecuteAsync(
                "INSERT INTO shared_values(key, value, issued_at) VALUES (@key, @value, @now) " +
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, issued_at = excluded.issued_at", new { key, value, now }, tx);
            return new SharedValue(value, now);
        }, ct);
}
