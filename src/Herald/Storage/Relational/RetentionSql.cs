namespace Herald.Storage.Relational;

/// <summary>The retention statements both engines share (row-value IN and LIMIT read the same in SQLite and PostgreSQL).</summary>
internal static class RetentionSql
{
    // rollups and queue_samples have no index that starts with time, but their primary keys start with
    // (app_id, bucket|at): per app, the old rows are one range of the key.
    public const string DeleteOldRollups =
        "DELETE FROM rollups WHERE (app_id, bucket, channel, target, code) IN " +
        "(SELECT app_id, bucket, channel, target, code FROM rollups WHERE app_id = @appId AND bucket < @cutoff LIMIT @limit)";
    public const string DeleteOldQueueSamples =
        "DELETE FROM queue_samples WHERE (app_id, at) IN (SELECT app_id, at FROM queue_samples WHERE app_id = @appId AND at < @cutoff LIMIT @limit)";
    // Unread rows older than the period: a message left unread that long stops counting (ix_unread_created).
    public const string DeleteOldUnread =
        "DELETE FROM unread WHERE (app_id, uid, conversation_id, message_id) IN " +
        "(SELECT app_id, uid, conversation_id, message_id FROM unread WHERE app_id = @appId AND created_at < @cutoff LIMIT @limit)";

    /// <summary>The next rows of a walk in seq order: deliveries with their state, or events with their time.</summary>
    public const string NextDeliveries = "SELECT seq AS Seq, status AS Status, created_at AS CreatedAt, updated_at AS UpdatedAt FROM deliveries WHERE seq > @after ORDER BY seq LIMIT @limit";
    public const string NextEvents = "SELECT seq AS Seq, received_at AS ReceivedAt FROM events WHERE seq > @after ORDER BY seq LIMIT @limit";

    /// <summary>
    /// Of a walk's batch: the rows to delete, where the next batch starts and whether the walk is done.
    /// A row made at or after the cutoff ends the walk; <paramref name="expired"/> says which older rows go.
    /// </summary>
    public static (List<long> Doomed, long Next, bool Done) Pick<T>(IReadOnlyList<T> rows, int limit, long afterSeq,
        Func<T, long> seq, Func<T, long> madeAt, Func<T, bool> expired, long cutoff)
    {
        var doomed = new List<long>();
        var next = afterSeq;
        foreach (var row in rows)
        {
            if (madeAt(row) >= cutoff) return (doomed, next, true);
            if (expired(row)) doomed.Add(seq(row));
            next = seq(row);
        }
        return (doomed, next, rows.Count < limit);
    }

    public sealed class DeliveryRow
    {
        public long Seq { get; set; }
        public string Status { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
    }

    public sealed class EventRow
    {
        public long Seq { get; set; }
        public long ReceivedAt { get; set; }
    }
}
