using Dapper;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string LatencyColumns = "l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10";

    private static void WriteRollups(SqliteConnection c, SqliteTransaction tx, RollupAccumulator rollups)
    {
        if (rollups.IsEmpty) return;
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        var latencyParams = string.Join(", ", Enumerable.Range(0, 11).Select(i => $"$l{i}"));
        var latencyAdd = string.Join(", ", Enumerable.Range(0, 11).Select(i => $"l{i} = l{i} + excluded.l{i}"));
        cmd.CommandText =
            $"INSERT INTO rollups(app_id, bucket, channel, target, code, attempts, failures, f4xx, f5xx, timeouts, jobs_ok, jobs_failed, {LatencyColumns}) " +
            $"VALUES ($app, $bucket, $channel, $target, $code, $attempts, $failures, $f4xx, $f5xx, $timeouts, $ok, $failed, {latencyParams}) " +
            "ON CONFLICT(app_id, bucket, channel, target, code) DO UPDATE SET attempts = attempts + excluded.attempts, " +
            "failures = failures + excluded.failures, f4xx = f4xx + excluded.f4xx, f5xx = f5xx + excluded.f5xx, " +
            $"timeouts = timeouts + excluded.timeouts, jobs_ok = jobs_ok + excluded.jobs_ok, jobs_failed = jobs_failed + excluded.jobs_failed, {latencyAdd}";
        foreach (var name in (ReadOnlySpan<string>)["$app", "$bucket", "$channel", "$target", "$code", "$attempts", "$failures", "$f4xx", "$f5xx", "$timeouts", "$ok", "$failed"])
            cmd.Parameters.Add(new SqliteParameter(name, null));
        for (var i = 0; i < 11; i++) cmd.Parameters.Add(new SqliteParameter($"$l{i}", null));
        cmd.Prepare();
        foreach (var (app, r) in rollups.Rows())
        {
            var p = cmd.Parameters;
            p["$app"].Value = app; p["$bucket"].Value = r.Bucket; p["$channel"].Value = r.Channel; p["$target"].Value = r.Target; p["$code"].Value = r.Code;
            p["$attempts"].Value = r.Attempts; p["$failures"].Value = r.Failures; p["$f4xx"].Value = r.Failed4xx; p["$f5xx"].Value = r.Failed5xx;
            p["$timeouts"].Value = r.TimedOut; p["$ok"].Value = r.JobsSucceeded; p["$failed"].Value = r.JobsFailed;
            for (var i = 0; i < 11; i++) p[$"$l{i}"].Value = r.Latency[i];
            cmd.ExecuteNonQuery();
        }
    }

    private static void CountEventTypes(SqliteConnection c, SqliteTransaction tx, string appId, Dictionary<string, (long Count, long Duplicates)> byType, long now)
    {
        foreach (var (type, (count, duplicates)) in byType)
            c.Execute(
                "INSERT INTO event_types(app_id, type, count, duplicates, first_seen, last_seen, last_duplicate) " +
                "VALUES (@appId, @type, @count, @duplicates, @now, @now, CASE WHEN @duplicates > 0 THEN @now END) " +
                "ON CONFLICT(app_id, type) DO UPDATE SET count = count + excluded.count, duplicates = duplicates + excluded.duplicates, " +
                "last_seen = CASE WHEN excluded.count > 0 THEN excluded.last_seen ELSE last_seen END, " +
                "last_duplicate = COALESCE(excluded.last_duplicate, last_duplicate)",
                new { appId, type, count, duplicates, now }, tx);
    }

    public async Task<IReadOnlyList<RollupRow>> GetRollupsAsync(string appId, long from, long to, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        using var cmd = c.CreateCommand();
        cmd.CommandText =
            $"SELECT bucket, channel, target, code, attempts, failures, f4xx, f5xx, timeouts, jobs_ok, jobs_failed, {LatencyColumns} " +
            "FROM rollups WHERE app_id = $app AND bucket >= $from AND bucket < $to ORDER BY bucket";
        cmd.Parameters.AddWithValue("$app", appId);
        cmd.Parameters.AddWithValue("$from", from - from % RollupRow.BucketMs);
        cmd.Parameters.AddWithValue("$to", to);
        using var r = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<RollupRow>();
        while (await r.ReadAsync(ct))
        {
            var latency = new long[11];
            for (var i = 0; i < 11; i++) latency[i] = r.GetInt64(11 + i);
            rows.Add(new RollupRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6),
                r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), latency));
        }
        return rows;
    }

    // Classes with setters, not records: with no rows (or computed columns) SQLite reports no column
    // types, and Dapper then cannot match a record's constructor.
    private sealed class EventTypeRow
    {
        public string Type { get; set; } = "";
        public long Count { get; set; }
        public long Duplicates { get; set; }
        public long FirstSeen { get; set; }
        public long LastSeen { get; set; }
        public long? LastDuplicateAt { get; set; }
    }

    public async Task<IReadOnlyList<EventTypeStats>> ListEventTypeStatsAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        return (await c.QueryAsync<EventTypeRow>(
                "SELECT type AS Type, count AS Count, duplicates AS Duplicates, first_seen AS FirstSeen, last_seen AS LastSeen, last_duplicate AS LastDuplicateAt " +
                "FROM event_types WHERE app_id = @appId ORDER BY type",
                new { appId }))
            .Select(e => new EventTypeStats(e.Type, e.Count, e.Duplicates, e.FirstSeen, e.LastSeen, e.LastDuplicateAt)).ToList();
    }

    private sealed class DeviceCountRow
    {
        public string Platform { get; set; } = "";
        public string Provider { get; set; } = "";
        public long Count { get; set; }
    }

    public async Task<IReadOnlyList<DeviceCount>> CountDevicesAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        return (await c.QueryAsync<DeviceCountRow>(
                "SELECT platform AS Platform, provider AS Provider, COUNT(*) AS Count FROM devices WHERE app_id = @appId GROUP BY platform, provider",
                new { appId }))
            .Select(d => new DeviceCount(d.Platform, d.Provider, d.Count)).ToList();
    }

    public async Task<QueueStats> GetQueueStatsAsync(string? appId, long now, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        var app = appId is null ? "" : " AND app_id = @appId";
        // The pending rows are exactly the due index's rows, so these are index scans, not table scans.
        var pending = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM deliveries WHERE status = 'pending'{app}", new { appId });
        var due = await c.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM deliveries WHERE status = 'pending' AND lease_owner IS NULL AND next_attempt_at <= @now{app}", new { appId, now });
        var oldest = await c.ExecuteScalarAsync<long?>(
            $"SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending' AND lease_owner IS NULL AND next_attempt_at <= @now{app}", new { appId, now });
        var dead = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM deliveries WHERE status = 'failed'{app}", new { appId });
        return new QueueStats(pending, due, oldest, dead);
    }

    public Task<string?> SwapAlertStateAsync(string appId, string key, string state, long now, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var previous = c.QuerySingleOrDefault<string>("SELECT state FROM alert_states WHERE app_id = @appId AND key = @key", new { appId, key }, tx);
            if (previous != state)
                c.Execute("INSERT INTO alert_states(app_id, key, state, changed_at) VALUES (@appId, @key, @state, @now) " +
                          "ON CONFLICT(app_id, key) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at", new { appId, key, state, now }, tx);
            return previous;
        }, ct);

    public Task RecordQueueSampleAsync(string appId, long at, QueueStats stats, CancellationToken ct) =>
        WriteAsync((c, tx) => c.Execute(
            "INSERT INTO queue_samples(app_id, at, pending, due, oldest_due_at, dead_letters) VALUES (@appId, @at, @Pending, @Due, @OldestDueAt, @DeadLetters) " +
            "ON CONFLICT(app_id, at) DO NOTHING",
            new { appId, at, stats.Pending, stats.Due, stats.OldestDueAt, stats.DeadLetters }, tx), ct);

    private sealed class QueueSampleRow
    {
        public long At { get; set; }
        public long Pending { get; set; }
        public long Due { get; set; }
        public long? OldestDueAt { get; set; }
        public long DeadLetters { get; set; }
    }

    public async Task<IReadOnlyList<QueueSample>> GetQueueSamplesAsync(string appId, long from, long to, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        return (await c.QueryAsync<QueueSampleRow>(
                "SELECT at AS At, pending AS Pending, due AS Due, oldest_due_at AS OldestDueAt, dead_letters AS DeadLetters FROM queue_samples " +
                "WHERE app_id = @appId AND at >= @from AND at < @to ORDER BY at", new { appId, from, to }))
            .Select(q => new QueueSample(q.At, q.Pending, q.Due, q.OldestDueAt, q.DeadLetters)).ToList();
    }
}
