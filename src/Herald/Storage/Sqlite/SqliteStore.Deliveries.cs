using Dapper;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string ClaimSql =
        "SELECT seq, id, app_id, event_seq, endpoint_id, schedule_index, attempt_count, kind, provider, uid, device_id, payload, collapsed " +
        "FROM deliveries WHERE status = 'pending' AND lane = ?1 AND next_attempt_at <= ?2 ORDER BY next_attempt_at LIMIT ?3";
    private const string LeaseSql = "UPDATE deliveries SET next_attempt_at = ?1, lease_owner = ?2 WHERE seq = ?3";

    // Both lanes in one write transaction: a claim is one turn of the single writer, not two. The due
    // rows are read first and then leased one by one by rowid: UPDATE ... RETURNING would buffer every
    // claimed row in a temporary table before handing it back, which cost more than the per-row step.
    public Task<ClaimedBatch> ClaimAsync(ClaimRequest request, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var select = Statement(ClaimSql);
            var lease = Statement(LeaseSql);

            List<ClaimedDelivery> Claim(int lane, int limit)
            {
                var list = new List<ClaimedDelivery>(Math.Max(0, limit));
                if (limit <= 0) return list;
                select.Int(1, lane).Int(2, request.Now).Int(3, limit);
                while (select.Read())
                    list.Add(new ClaimedDelivery(select.GetInt64(0), select.GetString(1), select.GetString(2), select.GetInt64(3), select.GetString(4),
                        select.GetInt32(5), select.GetInt32(6), select.GetString(7), select.GetStringOrNull(8), select.GetStringOrNull(9),
                        select.GetStringOrNull(10), select.GetStringOrNull(11), select.GetInt32(12)));
                select.Reset();
                foreach (var job in list)
                    lease.Int(1, request.LeaseUntil).Text(2, request.Owner).Int(3, job.Seq).Execute();
                return list;
            }

            var first = Claim(0, Math.Min(request.FirstLimit, request.TotalLimit));
            return new ClaimedBatch(first, Claim(1, request.RetriesAfter(first.Count)));
        }, ct, urgent: true);

    public Task RenewLeasesAsync(IReadOnlyCollection<long> seqs, string owner, long leaseUntil, CancellationToken ct) =>
        seqs.Count == 0 ? Task.CompletedTask : WriteAsync((c, tx) => c.Execute(
            $"UPDATE deliveries SET next_attempt_at = @leaseUntil WHERE lease_owner = @owner AND status = 'pending' AND seq IN ({string.Join(',', seqs)})",
            new { owner, leaseUntil }, tx), ct, urgent: true);

    public async Task<long?> NextDueAtAsync(CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        // Two index probes (one per lane) rather than a scan.
        return await c.ExecuteScalarAsync<long?>(
            "SELECT MIN(t) FROM (SELECT MIN(next_attempt_at) AS t FROM deliveries WHERE status = 'pending' AND lane = 0 " +
            "UNION ALL SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending' AND lane = 1)");
    }

    // status/lane/schedule follow from the outcome kind; the lease check drops the outcome of a worker
    // that lost its job to another (the job was then delivered again: at least once).
    private const string OutcomeSet =
        "UPDATE deliveries SET " +
        "status = CASE ?1 WHEN 0 THEN 'succeeded' WHEN 2 THEN 'failed' WHEN 4 THEN 'cancelled' ELSE 'pending' END, " +
        "lane = CASE ?1 WHEN 1 THEN 1 ELSE lane END, " +
        "schedule_index = CASE ?1 WHEN 1 THEN schedule_index + 1 ELSE schedule_index END, " +
        "attempt_count = attempt_count + ?2, " +
        "next_attempt_at = COALESCE(?3, next_attempt_at), lease_owner = NULL, " +
        "last_status = CASE WHEN ?2 = 1 THEN ?4 ELSE last_status END, " +
        "last_error = CASE WHEN ?1 = 0 THEN NULL WHEN ?5 IS NULL THEN last_error ELSE ?5 END, updated_at = ?6";
    private const string OutcomeWhere = " WHERE seq = ?7 AND lease_owner = ?8 AND status = 'pending'";
    private const string OutcomeSql = OutcomeSet + OutcomeWhere;
    // The first attempt goes into the delivery's own row (migration 9): no attempts row for it.
    private const string FirstOutcomeSql = OutcomeSet +
        ", first_started_at = ?9, first_duration_ms = ?10, first_status = ?4, first_outcome = ?11, first_error = ?12, " +
        "first_response = ?13, first_node = ?8" + OutcomeWhere;
    private const string AttemptSql =
        "INSERT INTO attempts(delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

    public Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, string owner, CancellationToken ct) =>
        outcomes.Count == 0 ? Task.CompletedTask : WriteAsync((c, tx) =>
        {
            var (later, firsts, insert) = (Statement(OutcomeSql), Statement(FirstOutcomeSql), Statement(AttemptSql));
            var rollups = new RollupAccumulator();
            foreach (var o in outcomes)
            {
                var first = o.Attempt is { Attempt: 1 };
                var update = (first ? firsts : later)
                    .Int(1, (int)o.Kind).Int(2, o.Attempt is null ? 0 : 1).Int(3, o.NextAttemptAt).Int(4, o.Attempt?.StatusCode)
                    .Text(5, o.Error).Int(6, o.Now).Int(7, o.Seq).Text(8, owner);
                if (first)
                    update.Int(9, o.Attempt!.StartedAt).Real(10, o.Attempt.DurationMs).Text(11, o.Attempt.Outcome).Text(12, o.Attempt.Error)
                        .Text(13, o.Attempt.Response);
                if (update.Execute() == 0) continue; // the lease was lost: another worker owns this job now
                rollups.Add(o); // the outcome says where it counts, so no RETURNING (SQLite would buffer every returned row)
                if (first || o.Attempt is not { } a) continue;
                insert.Int(1, o.Seq).Int(2, a.Attempt).Int(3, a.StartedAt).Real(4, a.DurationMs).Int(5, a.StatusCode)
                    .Text(6, a.Outcome).Text(7, a.Error).Text(8, a.Response).Text(9, owner).Execute();
            }
            WriteRollups(c, tx, rollups);
        }, ct, urgent: true);


    public Task<int> ReplayAsync(Storage.EndpointRecord endpoint, long since, long now, Func<string, string> newDeliveryId, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var events = c.Query<(long Seq, string Type, string? Sender)>(
                ReplayCandidates, new { endpoint.AppId, since }, tx).Where(e => Webhooks.EventTypeFilter.Matches(endpoint.EventTypes, e.Type)).ToList();
            var queued = 0;
            foreach (var (seq, type, sender) in events)
            {
                var requeued = c.Execute(Requeue + " WHERE endpoint_id = @Id AND event_seq = @seq AND status <> 'pending'",
                    new { endpoint.Id, seq, now }, tx);
                if (requeued == 0)
                {
                    requeued = c.Execute(
                        InsertReplayedDelivery + "VALUES (@did, @AppId, @seq, @Id, @type, @sender, 'pending', 0, 0, 0, @now, @now, @now) ON CONFLICT(endpoint_id, event_seq) DO NOTHING",
                        new { did = newDeliveryId(type), endpoint.AppId, seq, endpoint.Id, type, sender, now }, tx);
                }
                queued += requeued;
            }
            return queued;
        }, ct);
}
