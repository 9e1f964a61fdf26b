using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // Both lanes in one write transaction: a claim is one turn of the single writer, not two.
    public Task<ClaimedBatch> ClaimAsync(ClaimRequest request, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText =
                "UPDATE deliveries SET next_attempt_at = $lease, lease_owner = $owner WHERE seq IN (" +
                "SELECT seq FROM deliveries WHERE status = 'pending' AND lane = $lane AND next_attempt_at <= $now " +
                "ORDER BY next_attempt_at LIMIT $limit) " +
                "RETURNING seq, id, app_id, event_seq, endpoint_id, schedule_index, attempt_count, kind, provider, uid, device_id, payload, collapsed";
            cmd.Parameters.AddWithValue("$lease", request.LeaseUntil);
            cmd.Parameters.AddWithValue("$owner", request.Owner);
            cmd.Parameters.AddWithValue("$now", request.Now);
            var lane = cmd.Parameters.Add("$lane", SqliteType.Integer);
            var limit = cmd.Parameters.Add("$limit", SqliteType.Integer);

            List<ClaimedDelivery> Claim(int laneValue, int limitValue)
            {
                var list = new List<ClaimedDelivery>();
                if (limitValue <= 0) return list;
                lane.Value = laneValue;
                limit.Value = limitValue;
                using var r = cmd.ExecuteReader();
                while (r.Read())
                    list.Add(new ClaimedDelivery(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetInt32(5), r.GetInt32(6),
                        r.GetString(7), Text(r, 8), Text(r, 9), Text(r, 10), Text(r, 11), r.GetInt32(12)));
                return list;
            }

            var first = Claim(0, Math.Min(request.FirstLimit, request.TotalLimit));
            return new ClaimedBatch(first, Claim(1, request.RetriesAfter(first.Count)));
        }, ct, urgent: true);

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

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

    public Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, string owner, CancellationToken ct) =>
        outcomes.Count == 0 ? Task.CompletedTask : WriteAsync((c, tx) =>
        {
            using var update = c.CreateCommand();
            update.Transaction = tx;
            // status/lane/schedule follow from the outcome kind; the lease check drops the outcome of a
            // worker that lost its job to another (the job was then delivered again: at least once).
            update.CommandText =
                "UPDATE deliveries SET " +
                "status = CASE $kind WHEN 0 THEN 'succeeded' WHEN 2 THEN 'failed' WHEN 4 THEN 'cancelled' ELSE 'pending' END, " +
                "lane = CASE $kind WHEN 1 THEN 1 ELSE lane END, " +
                "schedule_index = CASE $kind WHEN 1 THEN schedule_index + 1 ELSE schedule_index END, " +
                "attempt_count = attempt_count + $attempted, " +
                "next_attempt_at = COALESCE($next, next_attempt_at), lease_owner = NULL, " +
                "last_status = CASE WHEN $attempted = 1 THEN $status ELSE last_status END, " +
                "last_error = CASE WHEN $kind = 0 THEN NULL WHEN $error IS NULL THEN last_error ELSE $error END, updated_at = $now " +
                "WHERE seq = $seq AND lease_owner = $owner AND status = 'pending' RETURNING app_id, kind, provider, endpoint_id";
            var pKind = update.Parameters.Add("$kind", SqliteType.Integer);
            var pAttempted = update.Parameters.Add("$attempted", SqliteType.Integer);
            var pNext = update.Parameters.Add("$next", SqliteType.Integer);
            var pStatus = update.Parameters.Add("$status", SqliteType.Integer);
            var pError = update.Parameters.Add("$error", SqliteType.Text);
            var pNow = update.Parameters.Add("$now", SqliteType.Integer);
            var pSeq = update.Parameters.Add("$seq", SqliteType.Integer);
            update.Parameters.AddWithValue("$owner", owner);
            update.Prepare();

            using var insert = c.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText =
                "INSERT INTO attempts(delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) " +
                "VALUES ($seq, $attempt, $started, $duration, $status, $outcome, $error, $response, $node)";
            insert.Parameters.AddWithValue("$node", owner);
            var aSeq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var aAttempt = insert.Parameters.Add("$attempt", SqliteType.Integer);
            var aStarted = insert.Parameters.Add("$started", SqliteType.Integer);
            var aDuration = insert.Parameters.Add("$duration", SqliteType.Real);
            var aStatus = insert.Parameters.Add("$status", SqliteType.Integer);
            var aOutcome = insert.Parameters.Add("$outcome", SqliteType.Text);
            var aError = insert.Parameters.Add("$error", SqliteType.Text);
            var aResponse = insert.Parameters.Add("$response", SqliteType.Text);
            insert.Prepare();

            var rollups = new RollupAccumulator();
            foreach (var o in outcomes)
            {
                pKind.Value = (int)o.Kind; pAttempted.Value = o.Attempt is null ? 0 : 1;
                pNext.Value = (object?)o.NextAttemptAt ?? DBNull.Value;
                pStatus.Value = (object?)o.Attempt?.StatusCode ?? DBNull.Value;
                pError.Value = (object?)o.Error ?? DBNull.Value; pNow.Value = o.Now; pSeq.Value = o.Seq;
                using (var r = update.ExecuteReader())
                {
                    if (!r.Read()) continue; // the lease was lost: another worker owns this job now
                    rollups.Add(r.GetString(0), r.GetString(1), Text(r, 2), r.GetString(3), o);
                }
                if (o.Attempt is not { } a) continue;
                aSeq.Value = o.Seq; aAttempt.Value = a.Attempt; aStarted.Value = a.StartedAt; aDuration.Value = a.DurationMs;
                aStatus.Value = (object?)a.StatusCode ?? DBNull.Value; aOutcome.Value = a.Outcome;
                aError.Value = (object?)a.Error ?? DBNull.Value; aResponse.Value = (object?)a.Response ?? DBNull.Value;
                insert.ExecuteNonQuery();
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
        var d = (await c.QuerySingleOrDefaultAsync<SummaryRow>(
            $"SELECT {SummaryColumns} FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.app_id = @appId AND d.id = @id",
            new { appId, id }))?.ToRecord();
        if (d is null) return null;
        // A push job carries its own rendered payload; a webhook (and a fan-out) shows the event's body.
        var payload = await c.ExecuteScalarAsync<string>("SELECT payload FROM deliveries WHERE seq = @Seq", new { d.Seq })
            ?? await c.ExecuteScalarAsync<string>("SELECT payload FROM events WHERE id = @EventId AND app_id = @appId", new { d.EventId, appId });
        var attempts = await c.QueryAsync<AttemptRow>(
            "SELECT attempt AS Attempt, started_at AS StartedAt, duration_ms AS DurationMs, status_code AS StatusCode, outcome AS Outcome, " +
            "error AS Error, response AS Response FROM attempts WHERE delivery_seq = @Seq ORDER BY id", new { d.Seq });
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
