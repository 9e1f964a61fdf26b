using System.Text;
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
    private const string OutcomeSql =
        "UPDATE deliveries SET " +
        "status = CASE ?1 WHEN 0 THEN 'succeeded' WHEN 2 THEN 'failed' WHEN 4 THEN 'cancelled' ELSE 'pending' END, " +
        "lane = CASE ?1 WHEN 1 THEN 1 ELSE lane END, " +
        "schedule_index = CASE ?1 WHEN 1 THEN schedule_index + 1 ELSE schedule_index END, " +
        "attempt_count = attempt_count + ?2, " +
        "next_attempt_at = COALESCE(?3, next_attempt_at), lease_owner = NULL, " +
        "last_status = CASE WHEN ?2 = 1 THEN ?4 ELSE last_status END, " +
        "last_error = CASE WHEN ?1 = 0 THEN NULL WHEN ?5 IS NULL THEN last_error ELSE ?5 END, updated_at = ?6 " +
        "WHERE seq = ?7 AND lease_owner = ?8 AND status = 'pending'";
    private const string AttemptSql =
        "INSERT INTO attempts(delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

    public Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, string owner, CancellationToken ct) =>
        outcomes.Count == 0 ? Task.CompletedTask : WriteAsync((c, tx) =>
        {
            var update = Statement(OutcomeSql);
            var insert = Statement(AttemptSql);
            var rollups = new RollupAccumulator();
            foreach (var o in outcomes)
            {
                var updated = update.Int(1, (int)o.Kind).Int(2, o.Attempt is null ? 0 : 1).Int(3, o.NextAttemptAt).Int(4, o.Attempt?.StatusCode)
                    .Text(5, o.Error).Int(6, o.Now).Int(7, o.Seq).Text(8, owner).Execute();
                if (updated == 0) continue; // the lease was lost: another worker owns this job now
                rollups.Add(o); // the outcome says where it counts, so no RETURNING (SQLite would buffer every returned row)
                if (o.Attempt is not { } a) continue;
                insert.Int(1, o.Seq).Int(2, a.Attempt).Int(3, a.StartedAt).Real(4, a.DurationMs).Int(5, a.StatusCode)
                    .Text(6, a.Outcome).Text(7, a.Error).Text(8, a.Response).Text(9, owner).Execute();
            }
            WriteRollups(c, tx, rollups);
        }, ct, urgent: true);

    // SQLite hands back every integer as Int64; Dapper maps those onto settable properties of any
    // integer type, but not onto a record's int constructor parameters, hence these row classes.
    private sealed class SummaryRow
    {
        public long Seq { get; set; }
        public string Id { get; set; } = "";
        public string EventId { get; set; } = "";
        public string EventType { get; set; } = "";
        public string EndpointId { get; set; } = "";
        public string? Uid { get; set; }
        public string Status { get; set; } = "";
        public int AttemptCount { get; set; }
        public long? NextAttemptAt { get; set; }
        public int? LastStatusCode { get; set; }
        public string? LastError { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public string Kind { get; set; } = "";
        public string? Provider { get; set; }
        public string? DeviceId { get; set; }
        public int Collapsed { get; set; }
        public DeliverySummary ToRecord() => new(Seq, Id, EventId, EventType, EndpointId, Uid, Status, AttemptCount, NextAttemptAt, LastStatusCode, LastError,
            CreatedAt, UpdatedAt, Kind, Provider, DeviceId, Collapsed);
    }

    private sealed class AttemptRow
    {
        public int Attempt { get; set; }
        public long StartedAt { get; set; }
        public double DurationMs { get; set; }
        public int? StatusCode { get; set; }
        public string Outcome { get; set; } = "";
        public string? Error { get; set; }
        public string? Response { get; set; }
        public AttemptRecord ToRecord() => new(Attempt, StartedAt, DurationMs, StatusCode, Outcome, Error, Response);
    }

    private const string SummaryColumns =
        "d.seq AS Seq, d.id AS Id, e.id AS EventId, d.event_type AS EventType, d.endpoint_id AS EndpointId, d.uid AS Uid, " +
        "d.status AS Status, d.attempt_count AS AttemptCount, CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS NextAttemptAt, " +
        "d.last_status AS LastStatusCode, d.last_error AS LastError, d.created_at AS CreatedAt, d.updated_at AS UpdatedAt, " +
        "d.kind AS Kind, d.provider AS Provider, d.device_id AS DeviceId, d.collapsed AS Collapsed";

    public async Task<IReadOnlyList<DeliverySummary>> ListDeliveriesAsync(string appId, DeliveryQuery q, CancellationToken ct)
    {
        var sql = new StringBuilder($"SELECT {SummaryColumns} FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.app_id = @appId");
        if (q.Status is not null) sql.Append(" AND d.status = @Status");
        if (q.EndpointId is not null) sql.Append(" AND d.endpoint_id = @EndpointId");
        if (q.Uid is not null) sql.Append(" AND d.uid = @Uid");
        if (q.Type is not null) sql.Append(" AND d.event_type = @Type");
        if (q.Before is not null) sql.Append(" AND d.seq < @Before");
        if (q.Kind is not null) sql.Append(" AND d.kind = @Kind");
        if (q.Provider is not null) sql.Append(" AND d.provider = @Provider");
        sql.Append(" ORDER BY d.seq DESC LIMIT @Limit");
        await using var c = await OpenReadAsync(ct);
        return (await c.QueryAsync<SummaryRow>(sql.ToString(),
            new { appId, q.Status, q.EndpointId, q.Uid, q.Type, q.Before, q.Limit, q.Kind, q.Provider })).Select(r => r.ToRecord()).ToList();
    }

    public async Task<DeliveryDetail?> GetDeliveryAsync(string appId, string id, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        // One read transaction: the three reads see one snapshot (WAL), so an outcome committed between them
        // cannot show its attempt beside the delivery's state from before it (nor a sweep remove half of it).
        using var tx = c.BeginTransaction(deferred: true);
        var d = (await c.QuerySingleOrDefaultAsync<SummaryRow>(
            $"SELECT {SummaryColumns} FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.app_id = @appId AND d.id = @id",
            new { appId, id }, tx))?.ToRecord();
        if (d is null) return null;
        // A push job carries its own rendered payload; a webhook (and a fan-out) shows the event's body.
        var payload = await c.ExecuteScalarAsync<string>("SELECT payload FROM deliveries WHERE seq = @Seq", new { d.Seq }, tx)
            ?? await c.ExecuteScalarAsync<string>("SELECT payload FROM events WHERE id = @EventId AND app_id = @appId", new { d.EventId, appId }, tx);
        var attempts = await c.QueryAsync<AttemptRow>(
            "SELECT attempt AS Attempt, started_at AS StartedAt, duration_ms AS DurationMs, status_code AS StatusCode, outcome AS Outcome, " +
            "error AS Error, response AS Response FROM attempts WHERE delivery_seq = @Seq ORDER BY id", new { d.Seq }, tx);
        return new DeliveryDetail(d, payload ?? "{}", attempts.Select(a => a.ToRecord()).ToList());
    }

    public Task<RequeueResult> RequeueDeliveryAsync(string appId, string id, long now, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var status = c.QuerySingleOrDefault<string>("SELECT status FROM deliveries WHERE app_id = @appId AND id = @id", new { appId, id }, tx);
            if (status is null) return RequeueResult.NotFound;
            if (status == "pending") return RequeueResult.AlreadyQueued;
            c.Execute(RequeueSql + " WHERE app_id = @appId AND id = @id", new { appId, id, now }, tx);
            return RequeueResult.Queued;
        }, ct);

    // A manual retry or replay starts a fresh schedule but keeps the attempt count, so attempt
    // numbers go on rising and the log stays readable.
    private const string RequeueSql =
        "UPDATE deliveries SET status = 'pending', lane = 0, schedule_index = 0, next_attempt_at = @now, lease_owner = NULL, updated_at = @now";

    public Task<int> ReplayAsync(Storage.EndpointRecord endpoint, long since, long now, Func<string, string> newDeliveryId, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var events = c.Query<(long Seq, string Type, string? Sender)>(
                "SELECT seq, type, sender_uid FROM events WHERE app_id = @AppId AND received_at >= @since ORDER BY seq",
                new { endpoint.AppId, since }, tx).Where(e => Webhooks.EventTypeFilter.Matches(endpoint.EventTypes, e.Type)).ToList();
            var queued = 0;
            foreach (var (seq, type, sender) in events)
            {
                var requeued = c.Execute(RequeueSql + " WHERE endpoint_id = @Id AND event_seq = @seq AND status <> 'pending'",
                    new { endpoint.Id, seq, now }, tx);
                if (requeued == 0)
                {
                    requeued = c.Execute(
                        "INSERT INTO deliveries(id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, next_attempt_at, created_at, updated_at) " +
                        "VALUES (@did, @AppId, @seq, @Id, @type, @sender, 'pending', 0, 0, 0, @now, @now, @now) ON CONFLICT(endpoint_id, event_seq) DO NOTHING",
                        new { did = newDeliveryId(type), endpoint.AppId, seq, endpoint.Id, type, sender, now }, tx);
                }
                queued += requeued;
            }
            return queued;
        }, ct);
}
