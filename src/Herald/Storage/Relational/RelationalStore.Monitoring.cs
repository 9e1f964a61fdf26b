using System.Data.Common;
using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    protected const string LatencyColumns = "l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10";

    public async Task<IReadOnlyList<RollupRow>> GetRollupsAsync(string appId, long from, long to, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText =
            $"SELECT bucket, channel, target, code, attempts, failures, f4xx, f5xx, timeouts, jobs_ok, jobs_failed, {LatencyColumns} " +
            "FROM rollups WHERE app_id = @app AND bucket >= @from AND bucket < @to ORDER BY bucket";
        Add(cmd, "app", appId);
        Add(cmd, "from", from - from % RollupRow.BucketMs);
        Add(cmd, "to", to);
        await using var r = await cmd.ExecuteReaderAsync(ct);
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

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    public async Task<IReadOnlyList<EventTypeStats>> ListEventTypeStatsAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return (await c.QueryAsync<Rows.EventType>(
                "SELECT type AS Type, count AS Count, duplicates AS Duplicates, first_seen AS FirstSeen, last_seen AS LastSeen, last_duplicate AS LastDuplicateAt " +
                $"FROM event_types WHERE app_id = @appId ORDER BY {Dialect.Ordinal("type")}", new { appId }))
            .Select(e => e.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<DeviceCount>> CountDevicesAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return (await c.QueryAsync<Rows.Devices>(
                "SELECT platform AS Platform, provider AS Provider, COUNT(*) AS Count FROM devices WHERE app_id = @appId GROUP BY platform, provider",
                new { appId }))
            .Select(d => d.ToRecord()).ToList();
    }

    public async Task<QueueStats> GetQueueStatsAsync(string? appId, long now, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var app = appId is null ? "" : " AND app_id = @appId";
        // One round trip (and one snapshot); the pending rows are exactly the due index's rows, the dead ones the dead index's.
        return (await c.QuerySingleAsync<Rows.Queue>(
            $"SELECT (SELECT COUNT(*) FROM deliveries WHERE status = 'pending'{app}) AS Pending, " +
            $"(SELECT COUNT(*) FROM deliveries WHERE status = 'pending' AND lease_owner IS NULL AND next_attempt_at <= @now{app}) AS Due, " +
            $"(SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending' AND lease_owner IS NULL AND next_attempt_at <= @now{app}) AS OldestDueAt, " +
            $"(SELECT COUNT(*) FROM deliveries WHERE status = 'failed'{app}) AS DeadLetters",
            new { appId, now })).ToRecord();
    }

    protected const string AlertState = "SELECT state FROM alert_states WHERE app_id = @appId AND key = @key";

    public Task RecordQueueSampleAsync(string appId, long at, QueueStats stats, CancellationToken ct) =>
        ExecuteWriteAsync(
            "INSERT INTO queue_samples(app_id, at, pending, due, oldest_due_at, dead_letters) VALUES (@appId, @at, @Pending, @Due, @OldestDueAt, @DeadLetters) " +
            "ON CONFLICT (app_id, at) DO NOTHING",
            new { appId, at, stats.Pending, stats.Due, stats.OldestDueAt, stats.DeadLetters }, ct);

    public async Task<IReadOnlyList<QueueSample>> GetQueueSamplesAsync(string appId, long from, long to, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return (await c.QueryAsync<Rows.Sample>(
                "SELECT at AS At, pending AS Pending, due AS Due, oldest_due_at AS OldestDueAt, dead_letters AS DeadLetters FROM queue_samples " +
                "WHERE app_id = @appId AND at >= @from AND at < @to ORDER BY at", new { appId, from, to }))
            .Select(q => q.ToRecord()).ToList();
    }
}
