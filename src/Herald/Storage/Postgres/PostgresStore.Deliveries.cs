using Dapper;
using Npgsql;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string ClaimedColumns =
        "d.seq, d.id, d.app_id, d.event_seq, d.endpoint_id, d.schedule_index, d.attempt_count, d.kind, d.provider, d.uid, d.device_id, d.payload, d.collapsed";

    /// <summary>
    /// Locks due rows of each lane, skipping rows another node is claiming this very moment (SKIP
    /// LOCKED: nodes never queue behind each other), and leases them in the same statement. A row
    /// another node claimed and committed meanwhile is re-checked after its lock and no longer due.
    /// The two lanes are two statements on one connection, each committed on its own.
    /// </summary>
    public async Task<ClaimedBatch> ClaimAsync(ClaimRequest request, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var first = await ClaimLaneAsync(c, 0, Math.Min(request.FirstLimit, request.TotalLimit), request, ct);
        return new ClaimedBatch(first, await ClaimLaneAsync(c, 1, request.RetriesAfter(first.Count), request, ct));
    }

    private static async Task<IReadOnlyList<ClaimedDelivery>> ClaimLaneAsync(NpgsqlConnection c, int lane, int limit, ClaimRequest request, CancellationToken ct)
    {
        if (limit <= 0) return [];
        await using var cmd = new NpgsqlCommand(
            "WITH due AS (" +
            "  SELECT seq FROM deliveries WHERE status = 'pending' AND lane = @lane AND next_attempt_at <= @now " +
            "  ORDER BY next_attempt_at LIMIT @limit FOR UPDATE SKIP LOCKED) " +
            "UPDATE deliveries d SET next_attempt_at = @lease, lease_owner = @owner FROM due WHERE d.seq = due.seq " +
            $"RETURNING {ClaimedColumns}", c);
        cmd.Parameters.Add(new NpgsqlParameter<int>("lane", lane));
        cmd.Parameters.Add(new NpgsqlParameter<long>("now", request.Now));
        cmd.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        cmd.Parameters.Add(new NpgsqlParameter<long>("lease", request.LeaseUntil));
        cmd.Parameters.Add(new NpgsqlParameter<string>("owner", request.Owner));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ClaimedDelivery>();
        while (await r.ReadAsync(ct))
            list.Add(new ClaimedDelivery(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetInt32(5), r.GetInt32(6),
                r.GetString(7), Text(r, 8), Text(r, 9), Text(r, 10), Text(r, 11), r.GetInt32(12)));
        // The order of RETURNING is not the order of the scan; callers expect the oldest first.
        return list.Count > 1 ? list.OrderBy(j => j.Seq).ToList() : list;
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public async Task RenewLeasesAsync(IReadOnlyCollection<long> seqs, string owner, long leaseUntil, CancellationToken ct)
    {
        if (seqs.Count == 0) return;
        await using var c = await OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "UPDATE deliveries SET next_attempt_at = @lease WHERE seq = ANY(@seqs) AND lease_owner = @owner AND status = 'pending'", c);
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("seqs", seqs.Order().ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
        cmd.Parameters.Add(new NpgsqlParameter<long>("lease", leaseUntil));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<long?> NextDueAtAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        // Two index probes (one per lane) rather than a scan.
        return await c.ExecuteScalarAsync<long?>(
            "SELECT LEAST((SELECT min(next_attempt_at) FROM deliveries WHERE status = 'pending' AND lane = 0), " +
            "(SELECT min(next_attempt_at) FROM deliveries WHERE status = 'pending' AND lane = 1))");
    }

    /// <summary>
    /// A whole batch of outcomes in one statement: the updates (only where this owner still holds the
    /// lease: a worker that lost its job to another writes nothing), each first attempt into its delivery's
    /// row (migration 7) and the later attempts of the rows that were updated into attempts.
    /// </summary>
    public Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, string owner, CancellationToken ct) =>
        outcomes.Count == 0 ? Task.CompletedTask : InTransactionAsync(async (c, tx) =>
    {
        var sorted = outcomes.OrderBy(o => o.Seq).ToList(); // one lock order for every node
        await using var cmd = new NpgsqlCommand(
            "WITH o AS (SELECT * FROM unnest(@seq, @kind, @attempted, @next, @status, @error, @now, " +
            "  @a_attempt, @a_started, @a_duration, @a_outcome, @a_error, @a_response) " +
            "  AS o(seq, kind, attempted, next, status, error, now, attempt, started, duration, outcome, a_error, response)), " +
            "u AS (" +
            "  UPDATE deliveries d SET " +
            "    status = CASE o.kind WHEN 0 THEN 'succeeded' WHEN 2 THEN 'failed' WHEN 4 THEN 'cancelled' ELSE 'pending' END, " +
            "    lane = CASE o.kind WHEN 1 THEN 1 ELSE d.lane END, " +
            "    schedule_index = CASE o.kind WHEN 1 THEN d.schedule_index + 1 ELSE d.schedule_index END, " +
            "    attempt_count = d.attempt_count + CASE WHEN o.attempted THEN 1 ELSE 0 END, " +
            "    next_attempt_at = COALESCE(o.next, d.next_attempt_at), lease_owner = NULL, " +
            "    last_status = CASE WHEN o.attempted THEN o.status ELSE d.last_status END, " +
            "    last_error = CASE WHEN o.kind = 0 THEN NULL WHEN o.error IS NULL THEN d.last_error ELSE o.error END, " +
            "    updated_at = o.now, " +
            "    first_started_at = CASE WHEN o.attempt = 1 THEN o.started ELSE d.first_started_at END, " +
            "    first_duration_ms = CASE WHEN o.attempt = 1 THEN o.duration ELSE d.first_duration_ms END, " +
            "    first_status = CASE WHEN o.attempt = 1 THEN o.status ELSE d.first_status END, " +
            "    first_outcome = CASE WHEN o.attempt = 1 THEN o.outcome ELSE d.first_outcome END, " +
            "    first_error = CASE WHEN o.attempt = 1 THEN o.a_error ELSE d.first_error END, " +
            "    first_response = CASE WHEN o.attempt = 1 THEN o.response ELSE d.first_response END, " +
            "    first_node = CASE WHEN o.attempt = 1 THEN @owner ELSE d.first_node END " +
            "  FROM o WHERE d.seq = o.seq AND d.lease_owner = @owner AND d.status = 'pending' " +
            "  RETURNING d.seq), " +
            "i AS (" +
            "  INSERT INTO attempts(delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) " +
            "  SELECT o.seq, o.attempt, o.started, o.duration, o.status, o.outcome, o.a_error, o.response, @owner " +
            "  FROM o JOIN u ON u.seq = o.seq WHERE o.attempt > 1) " +
            "SELECT seq FROM u", c, tx);
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("seq", sorted.Select(o => o.Seq).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<int[]>("kind", sorted.Select(o => (int)o.Kind).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<bool[]>("attempted", sorted.Select(o => o.Attempt is not null).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long?[]>("next", sorted.Select(o => o.NextAttemptAt).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<int?[]>("status", sorted.Select(o => o.Attempt?.StatusCode).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("error", sorted.Select(o => o.Error).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("now", sorted.Select(o => o.Now).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
        cmd.Parameters.Add(new NpgsqlParameter<int?[]>("a_attempt", sorted.Select(o => o.Attempt?.Attempt).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long?[]>("a_started", sorted.Select(o => o.Attempt?.StartedAt).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<double?[]>("a_duration", sorted.Select(o => o.Attempt?.DurationMs).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("a_outcome", sorted.Select(o => o.Attempt?.Outcome).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("a_error", sorted.Select(o => o.Attempt?.Error).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("a_response", sorted.Select(o => o.Attempt?.Response).ToArray()));

        // Monitoring's per-minute rollups, from the rows really updated (a lost lease counts nowhere),
        // in the same transaction as the outcomes.
        var bySeq = sorted.ToDictionary(o => o.Seq);
        var rollups = new RollupAccumulator();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                rollups.Add(bySeq[r.GetInt64(0)]);
        if (RollupCommand(rollups) is { } write)
        {
            await using var batch = new NpgsqlBatch(c, tx) { BatchCommands = { write } };
            await batch.ExecuteNonQueryAsync(ct);
        }
    }, ct);

    public Task<int> ReplayAsync(EndpointRecord endpoint, long since, long now, Func<string, string> newDeliveryId, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var events = (await c.QueryAsync<(long Seq, string Type, string? Sender)>(
                    ReplayCandidates, new { endpoint.AppId, since }, tx))
                .Where(e => Webhooks.EventTypeFilter.Matches(endpoint.EventTypes, e.Type)).ToList();
            if (events.Count == 0) return 0;
            var seqs = events.Select(e => e.Seq).ToArray();
            // Finished deliveries go again; events the endpoint never had get a first one; pending ones stay as they are.
            var requeued = await c.ExecuteAsync(
                $"{Requeue} WHERE endpoint_id = @Id AND event_seq = ANY(@seqs) AND status <> 'pending'",
                new { endpoint.Id, seqs, now }, tx);
            var added = await c.ExecuteAsync(
                InsertReplayedDelivery +
                "SELECT x.did, @AppId, x.seq, @Id, x.type, x.sender, 'pending', 0, 0, 0, @now, @now, @now " +
                "FROM unnest(@dids, @seqs, @types, @senders) AS x(did, seq, type, sender) " +
                "ON CONFLICT (endpoint_id, event_seq) DO NOTHING",
                new
                {
                    endpoint.AppId, endpoint.Id, now, seqs,
                    dids = events.Select(e => newDeliveryId(e.Type)).ToArray(),
                    types = events.Select(e => e.Type).ToArray(),
                    senders = events.Select(e => e.Sender).ToArray(),
                }, tx);
            if (requeued + added > 0) await c.ExecuteAsync(NotifyWork, transaction: tx);
            return requeued + added;
        }, ct,
        // An event the retention sweep deleted after the read above fails the insert's foreign key: run it
        // again, and the event is no longer among those read.
        alsoRetry: ex => ex.SqlState == PostgresErrorCodes.ForeignKeyViolation);
}
