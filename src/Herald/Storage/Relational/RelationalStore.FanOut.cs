namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    /// <summary>Finishes the fan-out job if this owner still holds its lease; no row back means another worker took it over.</summary>
    protected const string FinishFanOut =
        "UPDATE deliveries SET status = 'succeeded', lease_owner = NULL, attempt_count = attempt_count + 1, last_error = NULL, updated_at = @now " +
        "WHERE seq = @fanOutSeq AND lease_owner = @owner AND status = 'pending' RETURNING app_id";

    /// <summary>The columns of a push job; each engine adds its rows (SQLite: one prepared VALUES per job; PostgreSQL: unnest).</summary>
    protected const string InsertPushJob =
        "INSERT INTO deliveries(id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, " +
        "next_attempt_at, created_at, updated_at, kind, provider, device_id, payload, collapsed) ";
}
