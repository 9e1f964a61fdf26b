namespace Herald.Storage;

/// <summary>
/// What the retention sweep asks of a store. Each call is one short transaction over at most a batch of
/// rows, so the sweep can run beside delivery without holding the database for long. Both walks go by
/// seq from <c>afterSeq</c>, oldest first, and stop at the first row made at or after the cutoff (rows
/// are made in seq order, so nothing older lies beyond it).
/// </summary>
public interface IRetentionStore
{
    /// <summary>
    /// Deletes, with their attempts, the finished deliveries (succeeded, failed, cancelled) last updated
    /// before <paramref name="cutoff"/> among the next <paramref name="limit"/> deliveries after
    /// <paramref name="afterSeq"/>. Pending deliveries, retries included, are never deleted.
    /// </summary>
    Task<SweepStep> SweepDeliveriesAsync(long cutoff, long afterSeq, int limit, CancellationToken ct);

    /// <summary>
    /// Deletes the events received before <paramref name="cutoff"/> that no delivery refers to any more,
    /// among the next <paramref name="limit"/> events after <paramref name="afterSeq"/>.
    /// </summary>
    Task<SweepStep> SweepEventsAsync(long cutoff, long afterSeq, int limit, CancellationToken ct);

    /// <summary>Deletes at most <paramref name="limit"/> of the app's monitoring rollups and queue samples older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteOldRollupsAsync(string appId, long cutoff, int limit, CancellationToken ct);

    /// <summary>
    /// After a sweep: makes the space of deleted rows usable again at once (PostgreSQL: a plain VACUUM of the
    /// swept tables) and gives an excess back to the file system (SQLite: incremental vacuum once more than
    /// half of the file is free pages). Returns what it did, for the log.
    /// </summary>
    Task<string> ReclaimSpaceAsync(CancellationToken ct);

    /// <summary>The bytes the database takes on disk now (SQLite: the file; PostgreSQL: the database).</summary>
    Task<long> DatabaseSizeAsync(CancellationToken ct);
}

/// <summary>One batch of a sweep: rows deleted (attempts counted too), where the next batch starts, and whether the walk reached the cutoff.</summary>
public readonly record struct SweepStep(int Deleted, long NextAfterSeq, bool Done);
