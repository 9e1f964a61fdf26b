using Dapper;
using Npgsql;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// A batch's rollup rows in one upsert that adds to what is there. Rows go in sorted by key, so two
    /// nodes' recorders adding to the same minutes lock the rows in one order.
    /// </summary>
    private static NpgsqlBatchCommand? RollupCommand(RollupAccumulator rollups)
    {
        if (rollups.IsEmpty) return null;
        var rows = rollups.Rows()
            .OrderBy(r => r.AppId, StringComparer.Ordinal).ThenBy(r => r.Row.Bucket).ThenBy(r => r.Row.Channel, StringComparer.Ordinal)
            .ThenBy(r => r.Row.Target, StringComparer.Ordinal).ThenBy(r => r.Row.Code, StringComparer.Ordinal).ToList();
        var latencyNames = Enumerable.Range(0, 11).Select(i => $"l{i}").ToArray();
        var cmd = new NpgsqlBatchCommand(
            $"INSERT INTO rollups(app_id, bucket, channel, target, code, attempts, failures, f4xx, f5xx, timeouts, jobs_ok, jobs_failed, {LatencyColumns}) " +
            "SELECT * FROM unnest(@app, @bucket, @channel, @target, @code, @attempts, @failures, @f4xx, @f5xx, @timeouts, @ok, @failed, " +
            string.Join(", ", latencyNames.Select(n => "@" + n)) + ") " +
            "ON CONFLICT (app_id, bucket, channel, target, code) DO UPDATE SET attempts = rollups.attempts + excluded.attempts, " +
            "failures = rollups.failures + excluded.failures, f4xx = rollups.f4xx + excluded.f4xx, f5xx = rollups.f5xx + excluded.f5xx, " +
            "timeouts = rollups.timeouts + excluded.timeouts, jobs_ok = rollups.jobs_ok + excluded.jobs_ok, " +
            "jobs_failed = rollups.jobs_failed + excluded.jobs_failed, " +
            string.Join(", ", latencyNames.Select(n => $"{n} = rollups.{n} + excluded.{n}")));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("app", [.. rows.Select(r => r.AppId)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("bucket", [.. rows.Select(r => r.Row.Bucket)]));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("channel", [.. rows.Select(r => r.Row.Channel)]));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("target", [.. rows.Select(r => r.Row.Target)]));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("code", [.. rows.Select(r => r.Row.Code)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("attempts", [.. rows.Select(r => r.Row.Attempts)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("failures", [.. rows.Select(r => r.Row.Failures)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("f4xx", [.. rows.Select(r => r.Row.Failed4xx)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("f5xx", [.. rows.Select(r => r.Row.Failed5xx)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("timeouts", [.. rows.Select(r => r.Row.TimedOut)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("ok", [.. rows.Select(r => r.Row.JobsSucceeded)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("failed", [.. rows.Select(r => r.Row.JobsFailed)]));
        for (var i = 0; i < 11; i++)
        {
            var bucket = i;
            cmd.Parameters.Add(new NpgsqlParameter<long[]>(latencyNames[i], [.. rows.Select(r => r.Row.Latency[bucket])]));
        }
        return cmd;
    }

    /// <summary>What one ingest batch adds to the app's per-type counts, as one upsert.</summary>
    private static NpgsqlBatchCommand? EventTypesCommand(string appId, Dictionary<string, (long Count, long Duplicates)> byType, long now)
    {
        if (byType.Count == 0) return null;
        var types = byType.Keys.Order(StringComparer.Ordinal).ToArray();
        var cmd = new NpgsqlBatchCommand(
            "INSERT INTO event_types(app_id, type, count, duplicates, first_seen, last_seen, last_duplicate) " +
            "SELECT @app, x.type, x.count, x.duplicates, @now, @now, CASE WHEN x.duplicates > 0 THEN @now END " +
            "FROM unnest(@types, @counts, @duplicates) AS x(type, count, duplicates) " +
            "ON CONFLICT (app_id, type) DO UPDATE SET count = event_types.count + excluded.count, " +
            "duplicates = event_types.duplicates + excluded.duplicates, " +
            "last_seen = CASE WHEN excluded.count > 0 THEN excluded.last_seen ELSE event_types.last_seen END, " +
            "last_duplicate = COALESCE(excluded.last_duplicate, event_types.last_duplicate)");
        cmd.Parameters.Add(new NpgsqlParameter<string>("app", appId));
        cmd.Parameters.Add(new NpgsqlParameter<long>("now", now));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("types", types));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("counts", [.. types.Select(t => byType[t].Count)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("duplicates", [.. types.Select(t => byType[t].Duplicates)]));
        return cmd;
    }

    /// <summary>The row lock of the upsert orders nodes that see the same transition: one of them gets the old state, the rest the new one.</summary>
    public Task<string?> SwapAlertStateAsync(string appId, string key, string state, long now, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            // Make sure a row exists to lock, then read and replace it under that lock.
            await c.ExecuteAsync(
                "INSERT INTO alert_states(app_id, key, state, changed_at) VALUES (@appId, @key, '', @now) ON CONFLICT (app_id, key) DO NOTHING",
                new { appId, key, now }, tx);
            var previous = await c.QuerySingleAsync<string>(
                AlertState + Dialect.ForUpdate, new { appId, key }, tx);
            if (previous != state)
                await c.ExecuteAsync("UPDATE alert_states SET state = @state, changed_at = @now WHERE app_id = @appId AND key = @key",
                    new { appId, key, state, now }, tx);
            return previous.Length == 0 ? null : previous; // '' = the placeholder: there was no state before
        }, ct);
}
