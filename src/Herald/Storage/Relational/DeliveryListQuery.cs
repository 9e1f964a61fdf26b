using System.Text;

namespace Herald.Storage.Relational;

/// <summary>
/// The delivery log's listing: one app's deliveries newest first, narrowed by whichever filters the
/// query sets (each one a condition on an indexed column), paged by seq with <see cref="DeliveryQuery.Before"/>.
/// </summary>
internal static class DeliveryListQuery
{
    public const string SummaryColumns =
        "d.seq AS Seq, d.id AS Id, e.id AS EventId, d.event_type AS EventType, d.endpoint_id AS EndpointId, d.uid AS Uid, " +
        "d.status AS Status, d.attempt_count AS AttemptCount, CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS NextAttemptAt, " +
        "d.last_status AS LastStatusCode, d.last_error AS LastError, d.created_at AS CreatedAt, d.updated_at AS UpdatedAt, " +
        "d.kind AS Kind, d.provider AS Provider, d.device_id AS DeviceId, d.collapsed AS Collapsed";

    public const string FromAppsDeliveries =
        $"SELECT {SummaryColumns} FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.app_id = @appId";

    public static string Window(bool before) =>
        "SELECT MIN(seq), COUNT(*) FROM (SELECT seq FROM deliveries WHERE app_id = @appId" + (before ? " AND seq < @before" : "") +
        " ORDER BY seq DESC LIMIT @size) w";

    public static (string Sql, object Params) Build(string appId, DeliveryQuery q)
    {
        var sql = new StringBuilder(FromAppsDeliveries);
        if (q.Status is not null) sql.Append(" AND d.status = @Status");
        if (q.EndpointId is not null) sql.Append(" AND d.endpoint_id = @EndpointId");
        if (q.Uid is not null) sql.Append(" AND d.uid = @Uid");
        if (q.Type is not null) sql.Append(" AND d.event_type = @Type");
        if (q.Before is not null) sql.Append(" AND d.seq < @Before");
        if (q.AtLeast is not null) sql.Append(" AND d.seq >= @AtLeast");
        if (q.Kind is not null) sql.Append(" AND d.kind = @Kind");
        if (q.Provider is not null) sql.Append(" AND d.provider = @Provider");
        // The event's deliveries through its unique (app, id) and the deliveries' index by event: a few rows.
        if (q.EventId is not null) sql.Append(" AND d.event_seq = (SELECT seq FROM events WHERE app_id = @appId AND id = @EventId)");
        // Time is the event's received time (replay's and recover's 'since' too), which events index per app.
        if (q.From is not null) sql.Append(" AND e.received_at >= @From");
        if (q.To is not null) sql.Append(" AND e.received_at < @To");
        // Not indexed (both change on every attempt), nor is time in seq order: the caller bounds these with AtLeast.
        if (q.HttpStatusFrom is not null) sql.Append(" AND d.last_status BETWEEN @HttpStatusFrom AND @HttpStatusTo");
        if (q.MinAttempts is not null) sql.Append(" AND d.attempt_count >= @MinAttempts");
        if (q.MaxAttempts is not null) sql.Append(" AND d.attempt_count <= @MaxAttempts");
        sql.Append(" ORDER BY d.seq DESC LIMIT @Limit");
        return (sql.ToString(), new
        {
            appId, q.Status, q.EndpointId, q.Uid, q.Type, q.Before, q.Limit, q.Kind, q.Provider,
            q.EventId, q.From, q.To, q.HttpStatusFrom, q.HttpStatusTo, q.MinAttempts, q.MaxAttempts, q.AtLeast,
        });
    }
}
