using Dapper;
using Herald.Storage.Relational;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // Each batch is one turn of the writer in the background lane (WriterQueue): the delivery queue's own
    // writes and ingest go ahead of it, so a sweep adds at most one short batch to anyone's wait. The walk
    // is read in the same turn, so what it decides on cannot change before it deletes.
    public Task<SweepStep> SweepDeliveriesAsync(long cutoff, long afterSeq, int limit, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var rows = c.Query<RetentionSql.DeliveryRow>(RetentionSql.NextDeliveries, new { after = afterSeq, limit }, tx).AsList();
            var (doomed, next, done) = RetentionSql.Pick(rows, limit, afterSeq, r => r.Seq, r => r.CreatedAt,
                r => r.Status != "pending" && r.UpdatedAt < cutoff, cutoff);
            if (doomed.Count == 0) return new SweepStep(0, next, done);
            var list = string.Join(',', doomed); // integers the store read itself: nothing to escape
            var deleted = c.Execute($"DELETE FROM attempts WHERE delivery_seq IN ({list})", transaction: tx);
            deleted += c.Execute($"DELETE FROM deliveries WHERE seq IN ({list})", transaction: tx);
            return new SweepStep(deleted, next, done);
        }, WriterQueue.Lane.Background, ct);

    public Task<SweepStep> SweepEventsAsync(long cutoff, long afterSeq, int limit, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var rows = c.Query<RetentionSql.EventRow>(RetentionSql.NextEvents, new { after = afterSeq, limit }, tx).AsList();
            var (doomed, next, done) = RetentionSql.Pick(rows, limit, afterSeq, r => r.Seq, r => r.ReceivedAt, _ => true, cutoff);
            if (doomed.Count == 0) return new SweepStep(0, next, done);
            var deleted = c.Execute(
                $"DELETE FROM events WHERE seq IN ({string.Join(',', doomed)}) AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = events.seq)",
                transaction: tx);
            return new SweepStep(deleted, next, done);
        }, WriterQueue.Lane.Background, ct);

    public Task<int> DeleteOldRollupsAsync(string appId, long cutoff, int limit, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var deleted = c.Execute(RetentionSql.DeleteOldRollups, new { appId, cutoff, limit }, tx);
            return deleted + c.Execute(RetentionSql.DeleteOldQueueSamples, new { appId, cutoff, limit = limit - deleted }, tx);
        }, WriterQueue.Lane.Background, ct);

    /// <summary>Pages given back per writer turn: moving a page is a write, so a big give-back is spread over many turns.</summary>
    internal const int VacuumPagesPerTurn = 2048;

    /// <summary>
    /// SQLite reuses the pages of deleted rows for new ones by itself, so under steady load the file stops
    /// growing without help. Only when more than half of it is free (after a backlog was swept, or the period
    /// was shortened) is the excess given back, down to a quarter, a few thousand pages per writer turn.
    /// That needs auto_vacuum=INCREMENTAL, which a file gets when Herald creates it; a file made by an older
    /// Herald keeps its size (VACUUM it once while Herald is stopped, see OPERATIONS.md).
    /// </summary>
    public async Task<string> ReclaimSpaceAsync(CancellationToken ct)
    {
        var released = 0L;
        while (true)
        {
            var step = await WriteAsync((c, tx) =>
            {
                if (c.ExecuteScalar<long>("PRAGMA auto_vacuum", transaction: tx) != 2) return -1L;
                var pages = c.ExecuteScalar<long>("PRAGMA page_count", transaction: tx);
                var free = c.ExecuteScalar<long>("PRAGMA freelist_count", transaction: tx);
                if (free * 2 <= pages && released == 0 || free * 4 <= pages) return 0L;
                var n = Math.Min(VacuumPagesPerTurn, free - pages / 4);
                c.Execute($"PRAGMA incremental_vacuum({n})", transaction: tx);
                return n;
            }, WriterQueue.Lane.Background, ct);
            if (step < 0) return "auto_vacuum is off (a file made before Herald set it): freed pages are reused, the file does not shrink";
            if (step == 0) return released == 0 ? "freed pages are reused by new rows" : $"{released} free pages given back to the file system";
            released += step;
        }
    }

    public async Task<long> DatabaseSizeAsync(CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        return await c.ExecuteScalarAsync<long>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    }
}
