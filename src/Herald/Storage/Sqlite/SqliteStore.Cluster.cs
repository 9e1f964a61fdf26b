using Dapper;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // One process owns a SQLite file, so "across nodes" is this process; the single writer makes both atomic.
    public Task<int> CountInWindowAsync(string key, long windowStart, CancellationToken ct) =>
        WriteAsync((c, tx) => (int)c.ExecuteScalar<long>(
            "INSERT INTO rate_windows(key, window_start, count) VALUES (@key, @windowStart, 1) " +
            "ON CONFLICT(key) DO UPDATE SET count = CASE WHEN window_start >= excluded.window_start THEN count + 1 ELSE 1 END, " +
            "window_start = MAX(window_start, excluded.window_start) RETURNING count",
            new { key, windowStart }, tx), ct);

    private sealed record SharedRow(string Value, long IssuedAt);

    public Task<SharedValue> GetOrRefreshSharedValueAsync(string key, long now, long refreshAfterMs, Func<long, string> make, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var row = c.QuerySingleOrDefault<SharedRow>(
                "SELECT value AS Value, issued_at AS IssuedAt FROM shared_values WHERE key = @key", new { key }, tx);
            if (row is not null && now - row.IssuedAt < refreshAfterMs) return new SharedValue(row.Value, row.IssuedAt);
            var value = make(now);
            c.Execute("INSERT INTO shared_values(key, value, issued_at) VALUES (@key, @value, @now) " +
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value, issued_at = excluded.issued_at", new { key, value, now }, tx);
            return new SharedValue(value, now);
        }, ct);
}
