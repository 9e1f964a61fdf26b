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
}
