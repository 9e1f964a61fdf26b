using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string InsertEventSql =
        "INSERT INTO events(app_id, id, type, version, sender_uid, received_at, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(app_id, id) DO NOTHING";
    private const string CountDuplicateSql = "UPDATE events SET duplicates = duplicates + 1 WHERE app_id = ?1 AND id = ?2";
    private const string InsertDeliverySql =
        "INSERT INTO deliveries(id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, next_attempt_at, created_at, updated_at, kind) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, 0, 0, ?7, ?7, ?7, ?8)";
    // A delivery this node sends at once: stored as a claim would leave it (due at the lease's end, with its owner).
    private const string InsertLeasedDeliverySql =
        "INSERT INTO deliveries(id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, next_attempt_at, created_at, updated_at, kind, lease_owner) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, 0, 0, ?9, ?7, ?7, ?8, ?10)";

    // The hot path of ingest: the writer's prepared statements, bound by position per row (WriterStatement).
    private const string StoredPayloadSql = "SELECT payload FROM events WHERE app_id = ?1 AND id = ?2";

    public Task<IReadOnlyList<IngestResult>> IngestAsync(string appId, IReadOnlyList<NewEvent> events, CancellationToken ct,
        Func<NewEvent, string, string?>? differs = null, DeliveryLease? lease = null) =>
        WriteAsync<IReadOnlyList<IngestResult>>((c, tx) =>
        {
            var insertEvent = Statement(InsertEventSql);
            var countDuplicate = Statement(CountDuplicateSql);
            var insertDelivery = Statement(InsertDeliverySql);
            var insertLeased = lease is null ? null : Statement(InsertLeasedDeliverySql);
            lease?.Leased.Clear(); // what a rolled-back attempt listed was never stored

            var results = new IngestResult[events.Count];
            var byType = new Dictionary<string, (long Count, long Duplicates)>(StringComparer.Ordinal);
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                // The row count says whether it was new; the new row's seq comes straight from the
                // connection: RETURNING would buffer each row in a temporary table and open a reader.
                var inserted = insertEvent.Text(1, appId).Text(2, e.Id).Text(3, e.Type).Int(4, e.Version)
                    .Text(5, e.SenderUid).Int(6, e.ReceivedAt).Text(7, e.Payload).Execute();
                if (inserted == 0)
                {
                    // Within the writer's turn, so the stored event cannot change before the answer is given.
                    if (differs is not null && differs(e, StoredPayload(c, tx, appId, e.Id)) is { } difference)
                        throw new EventIdConflictException(i, e.Id, difference);
                    // Same id from the same app: the first one stands, nothing is delivered twice.
                    countDuplicate.Text(1, appId).Text(2, e.Id).Execute();
                    byType[e.Type] = byType.GetValueOrDefault(e.Type) is var d ? (d.Count, d.Duplicates + 1) : default;
                    results[i] = new IngestResult(e.Id, Duplicate: true);
                    continue;
                }
                var seq = SQLitePCL.raw.sqlite3_last_insert_rowid(c.Handle);
                foreach (var d in e.Deliveries)
                {
                    if (lease is not null && lease.Leased.Count < lease.Limit)
                    {
                        insertLeased!.Text(1, d.Id).Text(2, appId).Int(3, seq).Text(4, d.EndpointId).Text(5, e.Type).Text(6, e.SenderUid)
                            .Int(7, e.ReceivedAt).Text(8, d.Kind).Int(9, lease.Until).Text(10, lease.Owner).Execute();
                        var job = new ClaimedDelivery(SQLitePCL.raw.sqlite3_last_insert_rowid(c.Handle), d.Id, appId, seq, d.EndpointId, 0, 0, d.Kind, Uid: e.SenderUid);
                        lease.Leased.Add((job, e));
                        continue;
                    }
                    insertDelivery.Text(1, d.Id).Text(2, appId).Int(3, seq).Text(4, d.EndpointId).Text(5, e.Type).Text(6, e.SenderUid)
                        .Int(7, e.ReceivedAt).Text(8, d.Kind).Execute();
                }
                if (e.Membership is { } m) ApplyMembership(c, tx, appId, m);
                byType[e.Type] = byType.GetValueOrDefault(e.Type) is var t ? (t.Count + 1, t.Duplicates) : default;
                results[i] = new IngestResult(e.Id, Duplicate: false);
            }
            CountEventTypes(c, tx, appId, byType, events.Count > 0 ? events[0].ReceivedAt : 0);
            return results;
        }, ct);

    private static string StoredPayload(SqliteConnection c, SqliteTransaction tx, string appId, string id)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = StoredPayloadSql;
        cmd.Parameters.AddWithValue("?1", appId);
        cmd.Parameters.AddWithValue("?2", id);
        return (string)cmd.ExecuteScalar()!;
    }

    public async Task<IReadOnlyDictionary<long, byte[]>> GetEventPayloadsAsync(IReadOnlyCollection<long> eventSeqs, CancellationToken ct)
    {
        var result = new Dictionary<long, byte[]>(eventSeqs.Count);
        if (eventSeqs.Count == 0) return result;
        await using var c = await OpenReadAsync(ct);
        using var cmd = c.CreateCommand();
        // Integers only, so inlining them is safe, and one statement beats one query per job.
        cmd.CommandText = $"SELECT seq, payload FROM events WHERE seq IN ({string.Join(',', eventSeqs.Distinct())})";
        using var r = await cmd.ExecuteReaderAsync(ct);
        // SQLite keeps TEXT as UTF-8: read as a blob, the stored bytes come back as they are, with no string in between.
        while (await r.ReadAsync(ct)) result[r.GetInt64(0)] = r.GetFieldValue<byte[]>(1);
        return result;
    }
}
