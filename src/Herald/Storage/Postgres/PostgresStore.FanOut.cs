using Dapper;
using Npgsql;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task ReplaceMembersAsync(string appId, string channelId, IReadOnlyCollection<string> members, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(ClearMembers, new { appId, channelId }, tx);
            await c.ExecuteAsync(
                "INSERT INTO channel_members(app_id, channel_id, uid) SELECT @appId, @channelId, u FROM unnest(@uids) AS u ON CONFLICT DO NOTHING",
                new { appId, channelId, uids = members.ToArray() }, tx);
        }, ct);

    /// <summary>
    /// Every uid in one upsert; the row lock of ON CONFLICT DO UPDATE makes each count atomic across
    /// nodes. Uids go in sorted, so two fan-outs over overlapping audiences lock rows in one order.
    /// </summary>
    public Task<IReadOnlyDictionary<string, ThrottleCount>> CountPushesAsync(
        string appId, IReadOnlyCollection<string> uids, long now, long windowMs, CancellationToken ct) =>
        uids.Count == 0 ? Task.FromResult<IReadOnlyDictionary<string, ThrottleCount>>(new Dictionary<string, ThrottleCount>()) :
        InTransactionAsync<IReadOnlyDictionary<string, ThrottleCount>>(async (c, tx) =>
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO push_throttle(app_id, uid, window_start, count) SELECT @app, u, @now, 1 FROM unnest(@uids) AS u " +
                "ON CONFLICT (app_id, uid) DO UPDATE SET " +
                "count = CASE WHEN push_throttle.window_start <= @now - @window THEN 1 ELSE push_throttle.count + 1 END, " +
                "window_start = CASE WHEN push_throttle.window_start <= @now - @window THEN @now ELSE push_throttle.window_start END " +
                "RETURNING uid, count, window_start", c, tx);
            cmd.Parameters.Add(new NpgsqlParameter<string>("app", appId));
            cmd.Parameters.Add(new NpgsqlParameter<long>("now", now));
            cmd.Parameters.Add(new NpgsqlParameter<long>("window", windowMs));
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("uids", SortedDistinct(uids)));
            var result = new Dictionary<string, ThrottleCount>(uids.Count, StringComparer.Ordinal);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) result[r.GetString(0)] = new ThrottleCount(r.GetInt32(1), r.GetInt64(2));
            return result;
        }, ct);

    private static string[] SortedDistinct(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The lease check first (nothing is written when another worker took the fan-out over), then the
    /// fan-out's attempt, every push job and every summary as arrays in one round trip, however large
    /// the audience: a 10,000-member group is one batch, not 10,000 statements.
    /// </summary>
    public Task<bool> CompleteFanOutAsync(long fanOutSeq, string owner, IReadOnlyList<NewPushJob> jobs, AttemptRecord attempt, long now, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var appId = await c.QuerySingleOrDefaultAsync<string>(
                FinishFanOut, new { fanOutSeq, owner, now }, tx);
            if (appId is null) return false; // another worker took it over (nothing was written); it does (or did) this fan-out

            await using var batch = new NpgsqlBatch(c, tx);
            var log = new NpgsqlBatchCommand(
                "INSERT INTO attempts(delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) " +
                "VALUES (@seq, @attempt, @started, @duration, NULL, @outcome, @error, @response, @owner)");
            log.Parameters.Add(new NpgsqlParameter<long>("seq", fanOutSeq));
            log.Parameters.Add(new NpgsqlParameter<int>("attempt", attempt.Attempt));
            log.Parameters.Add(new NpgsqlParameter<long>("started", attempt.StartedAt));
            log.Parameters.Add(new NpgsqlParameter<double>("duration", attempt.DurationMs));
            log.Parameters.Add(new NpgsqlParameter<string>("outcome", attempt.Outcome));
            log.Parameters.Add(new NpgsqlParameter("error", (object?)attempt.Error ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            log.Parameters.Add(new NpgsqlParameter("response", (object?)attempt.Response ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            log.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
            batch.BatchCommands.Add(log);

            AddJobCommands(batch, appId, jobs, now);
            await batch.ExecuteNonQueryAsync(ct);
            return true;
        }, ct);

    /// <summary>One chunk of a large fan-out's jobs, ahead of its completion, if this owner still holds the fan-out's lease.</summary>
    public Task<bool> AddPushJobsAsync(long fanOutSeq, string owner, IReadOnlyList<NewPushJob> jobs, long now, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            // FOR SHARE: the lease cannot be taken over (nor the fan-out completed) until these jobs are in.
            var appId = await c.QuerySingleOrDefaultAsync<string>(
                "SELECT app_id FROM deliveries WHERE seq = @fanOutSeq AND lease_owner = @owner AND status = 'pending' FOR SHARE",
                new { fanOutSeq, owner }, tx);
            if (appId is null) return false;
            await using var batch = new NpgsqlBatch(c, tx);
            AddJobCommands(batch, appId, jobs, now);
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
            return true;
        }, ct);

    private static void AddJobCommands(NpgsqlBatch batch, string appId, IReadOnlyList<NewPushJob> jobs, long now)
    {
        const string columns = InsertPushJob;
        const string source =
            "FROM unnest(@ids, @events, @targets, @types, @uids, @dues, @providers, @devices, @payloads, @ns) " +
            "AS j(id, event_seq, target, type, uid, due, provider, device, payload, n) ";
        var pushes = jobs.Where(j => !j.Summary).ToList();
        if (pushes.Count > 0)
        {
            // A fan-out run twice (after a lost lease) meets its own jobs here and adds nothing.
            var insert = new NpgsqlBatchCommand(columns +
                "SELECT j.id, @app, j.event_seq, j.target, j.type, j.uid, 'pending', 0, 0, 0, j.due, @now, @now, 'push', j.provider, j.device, j.payload, 0 " +
                source + "ON CONFLICT DO NOTHING");
            AddJobArrays(insert, pushes, [.. pushes.Select(_ => 1)], appId, now);
            batch.BatchCommands.Add(insert);
        }
        // One row per summary target in a statement (ON CONFLICT may touch a row once): repeats in
        // this fan-out are folded into a count, and the last one's payload wins, as one by one would.
        var summaries = jobs.Where(j => j.Summary).GroupBy(j => j.Target, StringComparer.Ordinal).ToList();
        if (summaries.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand(columns +
                "SELECT j.id, @app, j.event_seq, j.target, j.type, j.uid, 'pending', 0, 0, 0, j.due, @now, @now, 'summary', j.provider, j.device, j.payload, j.n " +
                source +
                "ON CONFLICT (endpoint_id) WHERE kind = 'summary' DO UPDATE SET collapsed = deliveries.collapsed + excluded.collapsed, " +
                "payload = excluded.payload, event_type = excluded.event_type, updated_at = excluded.updated_at WHERE deliveries.status = 'pending'");
            AddJobArrays(upsert, [.. summaries.Select(g => g.Last())], [.. summaries.Select(g => g.Count())], appId, now);
            batch.BatchCommands.Add(upsert);
        }
        if (jobs.Count > 0) batch.BatchCommands.Add(new NpgsqlBatchCommand(NotifyWork));
    }

    private static void AddJobArrays(NpgsqlBatchCommand cmd, IReadOnlyList<NewPushJob> jobs, int[] counts, string appId, long now)
    {
        cmd.Parameters.Add(new NpgsqlParameter<string>("app", appId));
        cmd.Parameters.Add(new NpgsqlParameter<long>("now", now));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("ids", [.. jobs.Select(j => j.Id)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("events", [.. jobs.Select(j => j.EventSeq)]));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("targets", [.. jobs.Select(j => j.Target)]));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("types", [.. jobs.Select(j => j.EventType)]));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("uids", [.. jobs.Select(j => j.Uid)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("dues", [.. jobs.Select(j => j.DueAt)]));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("providers", [.. jobs.Select(j => j.Provider)]));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("devices", [.. jobs.Select(j => j.DeviceId)]));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("payloads", [.. jobs.Select(j => j.Payload)]));
        cmd.Parameters.Add(new NpgsqlParameter<int[]>("ns", counts));
    }
}
