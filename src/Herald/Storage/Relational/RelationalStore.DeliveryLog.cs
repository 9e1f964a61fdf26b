using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    public async Task<IReadOnlyList<DeliverySummary>> ListDeliveriesAsync(string appId, DeliveryQuery query, CancellationToken ct)
    {
        var (sql, param) = DeliveryListQuery.Build(appId, query);
        await using var c = await OpenReadConnectionAsync(ct);
        return (await c.QueryAsync<Rows.Summary>(sql, param)).Select(r => r.ToRecord()).ToList();
    }

    public async Task<DeliveryWindow?> GetDeliveryWindowAsync(string appId, long? before, int size, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var (floor, count) = await c.QuerySingleAsync<(long?, long)>(new CommandDefinition(
            DeliveryListQuery.Window(before is not null), new { appId, before, size }, cancellationToken: ct));
        return floor is { } f ? new DeliveryWindow(f, count == size) : null;
    }

    public async Task<DeliveryDetail?> GetDeliveryAsync(string appId, string id, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        // One snapshot for the three reads: an outcome committed between them cannot show its attempt beside
        // the delivery's state from before it (nor a sweep remove half of it).
        await using var tx = await BeginSnapshotAsync(c, ct);
        var d = (await c.QuerySingleOrDefaultAsync<Rows.Summary>($"{DeliveryListQuery.FromAppsDeliveries} AND d.id = @id", new { appId, id }, tx))?.ToRecord();
        if (d is null) return null;
        // A push job carries its own rendered payload; a webhook (and a fan-out) shows the event's body.
        var payload = await c.ExecuteScalarAsync<string>(
            "SELECT COALESCE(d.payload, e.payload) FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.seq = @Seq", new { d.Seq }, tx);
        var attempts = await c.QueryAsync<Rows.Attempt>(
            "SELECT attempt AS Number, started_at AS StartedAt, duration_ms AS DurationMs, status_code AS StatusCode, outcome AS Outcome, " +
            "error AS Error, response AS Response FROM attempt_log WHERE delivery_seq = @Seq ORDER BY attempt, id", new { d.Seq }, tx);
        return new DeliveryDetail(d, payload ?? "{}", attempts.Select(a => a.ToRecord()).ToList());
    }

    // A manual retry or replay starts a fresh schedule but keeps the attempt count, so attempt
    // numbers go on rising and the log stays readable.
    protected const string Requeue =
        "UPDATE deliveries SET status = 'pending', lane = 0, schedule_index = 0, next_attempt_at = @now, lease_owner = NULL, updated_at = @now";

    public Task<RequeueResult> RequeueDeliveryAsync(string appId, string id, long now, CancellationToken ct) =>
        InWriteTransactionAsync(async (c, tx) =>
        {
            var status = await c.QuerySingleOrDefaultAsync<string>(
                $"SELECT status FROM deliveries WHERE app_id = @appId AND id = @id{Dialect.ForUpdate}", new { appId, id }, tx);
            if (status is null) return RequeueResult.NotFound;
            if (status == "pending") return RequeueResult.AlreadyQueued;
            await c.ExecuteAsync($"{Requeue} WHERE app_id = @appId AND id = @id{Dialect.WakeWorkers}", new { appId, id, now }, tx);
            return RequeueResult.Queued;
        }, ct);

    // A recovery's rows: the app's failed deliveries (a partial index) of this endpoint, for events received since then.
    private const string Recoverable =
        " WHERE app_id = @appId AND status = 'failed' AND endpoint_id = @endpointId AND kind = 'webhook' " +
        "AND event_seq IN (SELECT seq FROM events WHERE app_id = @appId AND received_at >= @since)";

    public Task<int> RecoverAsync(string appId, string endpointId, long since, long now, bool dryRun, CancellationToken ct) =>
        dryRun ? CountAsync("SELECT COUNT(*) FROM deliveries" + Recoverable, new { appId, endpointId, since }, ct)
            : ExecuteWriteAsync($"{Requeue}{Recoverable}{Dialect.WakeWorkers}", new { appId, endpointId, since, now }, ct);

    private async Task<int> CountAsync(string sql, object param, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(sql, param, cancellationToken: ct));
    }

    // What a replay would do, read in one statement: every matching event goes unless its delivery to this endpoint is pending.
    public async Task<int> CountReplayAsync(EndpointRecord endpoint, long since, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var rows = await c.QueryAsync<(string Type, string? Status)>(new CommandDefinition(
            "SELECT e.type, d.status FROM events e LEFT JOIN deliveries d ON d.endpoint_id = @Id AND d.event_seq = e.seq " +
            "WHERE e.app_id = @AppId AND e.received_at >= @since", new { endpoint.Id, endpoint.AppId, since }, cancellationToken: ct));
        return rows.Count(r => r.Status != "pending" && Webhooks.EventTypeFilter.Matches(endpoint.EventTypes, r.Type));
    }

    /// <summary>The events a replay considers, oldest first; the endpoint's filter then picks among them.</summary>
    protected const string ReplayCandidates = "SELECT seq, type, sender_uid FROM events WHERE app_id = @AppId AND received_at >= @since ORDER BY seq";

    protected const string InsertReplayedDelivery =
        "INSERT INTO deliveries(id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, " +
        "next_attempt_at, created_at, updated_at) ";
}
