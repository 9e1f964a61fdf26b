namespace Herald.Storage.Relational;

/// <summary>
/// The idempotency_keys statements, the same on SQLite and PostgreSQL (both take upsert with a WHERE),
/// so each store only runs them its own way.
/// </summary>
internal static class IdempotencySql
{
    /// <summary>Inserts the reservation, or takes over a row out of its window; 1 row when reserved, 0 when the key is held.</summary>
    public const string Reserve =
        "INSERT INTO idempotency_keys(app_id, key, request_hash, created_at) VALUES (@appId, @key, @requestHash, @now) " +
        "ON CONFLICT (app_id, key) DO UPDATE SET request_hash = excluded.request_hash, created_at = excluded.created_at, " +
        "status = NULL, content_type = NULL, location = NULL, body = NULL WHERE idempotency_keys.created_at <= @expiredBefore";

    public const string Holder =
        "SELECT request_hash AS RequestHash, created_at AS CreatedAt, status AS Status, content_type AS ContentType, " +
        "location AS Location, body AS Body FROM idempotency_keys WHERE app_id = @appId AND key = @key";

    public const string Complete =
        "UPDATE idempotency_keys SET status = @Status, content_type = @ContentType, location = @Location, body = @ProtectedBody " +
        "WHERE app_id = @appId AND key = @key AND created_at = @reservedAt AND status IS NULL";

    public const string Release =
        "DELETE FROM idempotency_keys WHERE app_id = @appId AND key = @key AND created_at = @reservedAt AND status IS NULL";

    public const string DeleteExpired =
        "DELETE FROM idempotency_keys WHERE app_id = @appId AND key IN " +
        "(SELECT key FROM idempotency_keys WHERE app_id = @appId AND created_at <= @expiredBefore LIMIT @limit)";

    public static object CompleteParams(string appId, string key, long reservedAt, IdempotentAnswer a) =>
        new { appId, key, reservedAt, a.Status, a.ContentType, a.Location, a.ProtectedBody };

    /// <summary>A row as read by either store (properties, so Dapper converts SQLite's integers).</summary>
    internal sealed class Row
    {
        public byte[] RequestHash { get; set; } = [];
        public long CreatedAt { get; set; }
        public int? Status { get; set; }
        public string? ContentType { get; set; }
        public string? Location { get; set; }
        public byte[]? Body { get; set; }

        public IdempotencyRecord ToRecord() =>
            new(RequestHash, CreatedAt, Status is { } status ? new IdempotentAnswer(status, ContentType, Location, Body ?? []) : null);
    }
}
