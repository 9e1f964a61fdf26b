using Dapper;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
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

    public Task<string?> SwapAlertStateAsync(string appId, string key, string state, long now, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var previous = c.QuerySingleOrDefault<string>(AlertState, new { appId, key }, tx);
            if (previous != state)
                c.Execute("INSERT INTO alert_states(app_id, key, state, changed_at) VALUES (@appId, @key, @state, @now) " +
                          "ON CONFLICT(app_id, key) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at", new { appId, key, state, now }, tx);
            return previous;
        }, ct);
}
