using Dapper;
using Herald.Storage.Relational;
using Npgsql;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>The advisory lock one node holds while it vacuums ("herald" + 1), so nodes do not queue on the same VACUUM.</summary>
    private const long VacuumLock = PostgresSchema.MigrationLock + 1;

    /// <summary>
    /// The walk is read without locks; the rows it picked are then locked (SKIP LOCKED: a row a worker or
    /// another node's sweep holds is left for the next sweep) and checked again, so a delivery queued again
    /// in between is kept.
    /// </summary>
    public async Task<SweepStep> SweepDeliveriesAsync(long cutoff, long afterSeq, int limit, CancellationToken ct)
    {
        List<RetentionSql.DeliveryRow> rows;
        await using (var c = await OpenAsync(ct))
            rows = (await c.QueryAsync<RetentionSql.DeliveryRow>(RetentionSql.NextDeliveries, new { after = afterSeq, limit })).AsList();
        var (doomed, next, done) = RetentionSql.Pick(rows, limit, afterSeq, r => r.Seq, r => r.CreatedAt,
            r => r.Status != "pending" && r.UpdatedAt < cutoff, cutoff);
        if (doomed.Count == 0) return new SweepStep(0, next, done);
        var deleted = await InTransactionAsync(async (c, tx) =>
        {
            var locked = (await c.QueryAsync<long>(
                "SELECT seq FROM deliveries WHERE seq = ANY(@doomed) AND status <> 'pending' AND updated_at < @cutoff FOR UPDATE SKIP LOCKED",
                new { doomed = doomed.ToArray(), cutoff }, tx)).ToArray();
            if (locked.Length == 0) return 0;
            var n = await c.ExecuteAsync("DELETE FROM attempts WHERE delivery_seq = ANY(@locked)", new { locked }, tx);
            return n + await c.ExecuteAsync("DELETE FROM deliveries WHERE seq = ANY(@locked)", new { locked }, tx);
        }, ct);
        return new SweepStep(deleted, next, done);
    }

    /// <summary>
    /// An event is locked before it is deleted, so a delivery that refers to it (a replay on another node)
    /// either commits first and keeps it, or waits and finds it gone. Events a replay is reading are skipped.
    /// </summary>
    public async Task<SweepStep> SweepEventsAsync(long cutoff, long afterSeq, int limit, CancellationToken ct)
    {
        List<RetentionSql.EventRow> rows;
        await using (var c = await OpenAsync(ct))
            rows = (await c.QueryAsync<RetentionSql.EventRow>(RetentionSql.NextEvents, new { after = afterSeq, limit })).AsList();
        var (doomed, next, done) = RetentionSql.Pick(rows, limit, afterSeq, r => r.Seq, r => r.ReceivedAt, _ => true, cutoff);
        if (doomed.Count == 0) return new SweepStep(0, next, done);
        var deleted = await InTransactionAsync(async (c, tx) =>
        {
            var locked = (await c.QueryAsync<long>("SELECT seq FROM events WHERE seq = ANY(@doomed) FOR UPDATE SKIP LOCKED",
                new { doomed = doomed.ToArray() }, tx)).ToArray();
            return locked.Length == 0 ? 0 : await c.ExecuteAsync(
                "DELETE FROM events e WHERE e.seq = ANY(@locked) AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = e.seq)",
                new { locked }, tx);
        }, ct);
        return new SweepStep(deleted, next, done);
    }

    public Task<int> DeleteOldRollupsAsync(string appId, long cutoff, int limit, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var deleted = await c.ExecuteAsync(RetentionSql.DeleteOldRollups, new { appId, cutoff, limit }, tx);
            return deleted + await c.ExecuteAsync(RetentionSql.DeleteOldQueueSamples, new { appId, cutoff, limit = limit - deleted }, tx);
        }, ct);

    /// <summary>
    /// Batched deletes leave dead rows that autovacuum frees when it gets round to them (a minute or more
    /// on a busy table). A plain VACUUM right after the sweep marks their space free at once, so the next
    /// inserts reuse it and the tables stop growing; it takes no lock that blocks reads or writes. It never
    /// shrinks the files (VACUUM FULL would lock the tables): the space stays for the next rows.
    /// </summary>
    public async Task<string> ReclaimSpaceAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        if (!await c.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", new { key = VacuumLock }))
            return "another node is vacuuming";
        try
        {
            await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) attempts, deliveries, events, rollups, queue_samples", c)
            { CommandTimeout = 0 }; // as long as it takes: it blocks nobody
            await vacuum.ExecuteNonQueryAsync(ct);
            return "swept tables vacuumed: their free space is reused by new rows";
        }
        finally
        {
            await c.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = VacuumLock });
        }
    }

    public async Task<long> DatabaseSizeAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>("SELECT pg_database_size(current_database())");
    }
}
