using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // The hot path of ingest: plain ADO.NET commands prepared once per batch and reused per row,
    // which is several times faster than building a Dapper command per row.
    public Task<IReadOnlyList<IngestResult>> IngestAsync(string appId, IReadOnlyList<NewEvent> events, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<IngestResult>>((c, tx) =>
        {
            using var insertEvent = c.CreateCommand();
            insertEvent.Transaction = tx;
            insertEvent.CommandText =
                "INSERT INTO events(app_id, id, type, version, sender_uid, received_at, payload) " +
                "VALUES ($app, $id, $type, $version, $sender, $received, $payload) ON CONFLICT(app_id, id) DO NOTHING";
            var eApp = insertEvent.Parameters.Add("$app", SqliteType.Text);
            var eId = insertEvent.Parameters.Add("$id", SqliteType.Text);
            var eType = insertEvent.Parameters.Add("$type", SqliteType.Text);
            var eVersion = insertEvent.Parameters.Add("$version", SqliteType.Integer);
            var eSender = insertEvent.Parameters.Add("$sender", SqliteType.Text);
            var eReceived = insertEvent.Parameters.Add("$received", SqliteType.Integer);
            var ePayload = insertEvent.Parameters.Add("$payload", SqliteType.Text);
            insertEvent.Prepare();

            using var countDuplicate = c.CreateCommand();
            countDuplicate.Transaction = tx;
            countDuplicate.CommandText = "UPDATE events SET duplicates = duplicates + 1 WHERE app_id = $app AND id = $id";
            var dApp = countDuplicate.Parameters.Add("$app", SqliteType.Text);
            var dId = countDuplicate.Parameters.Add("$id", SqliteType.Text);

            using var insertDelivery = c.CreateCommand();
            insertDelivery.Transaction = tx;
            insertDelivery.CommandText =
                "INSERT INTO deliveries(id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, next_attempt_at, created_at, updated_at, kind) " +
                "VALUES ($id, $app, $event, $endpoint, $type, $uid, 'pending', 0, 0, 0, $now, $now, $now, $kind)";
            var qId = insertDelivery.Parameters.Add("$id", SqliteType.Text);
            var qApp = insertDelivery.Parameters.Add("$app", SqliteType.Text);
            var qEvent = insertDelivery.Parameters.Add("$event", SqliteType.Integer);
            var qEndpoint = insertDelivery.Parameters.Add("$endpoint", SqliteType.Text);
            var qType = insertDelivery.Parameters.Add("$type", SqliteType.Text);
            var qUid = insertDelivery.Parameters.Add("$uid", SqliteType.Text);
            var qNow = insertDelivery.Parameters.Add("$now", SqliteType.Integer);
            var qKind = insertDelivery.Parameters.Add("$kind", SqliteType.Text);
            insertDelivery.Prepare();

            var results = new IngestResult[events.Count];
            var byType = new Dictionary<string, (long Count, long Duplicates)>(StringComparer.Ordinal);
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                eApp.Value = appId; eId.Value = e.Id; eType.Value = e.Type; eVersion.Value = e.Version;
                eSender.Value = (object?)e.SenderUid ?? DBNull.Value; eReceived.Value = e.ReceivedAt; ePayload.Value = e.Payload;
                // The row count says whether it was new; the new row's seq comes straight from the
                // connection: RETURNING would buffer each row in a temporary table and open a reader.
                if (insertEvent.ExecuteNonQuery() == 0)
                {
                    // Same id from the same app: the first one stands, nothing is delivered twice.
                    dApp.Value = appId; dId.Value = e.Id;
                    countDuplicate.ExecuteNonQuery();
                    byType[e.Type] = byType.GetValueOrDefault(e.Type) is var d ? (d.Count, d.Duplicates + 1) : default;
                    results[i] = new IngestResult(e.Id, Duplicate: true);
                    continue;
                }
                var seq = SQLitePCL.raw.sqlite3_last_insert_rowid(c.Handle);
                foreach (var d in e.Deliveries)
                {
                    qId.Value = d.Id; qApp.Value = appId; qEvent.Value = seq; qEndpoint.Value = d.EndpointId;
                    qType.Value = e.Type; qUid.Value = (object?)e.SenderUid ?? DBNull.Value; qNow.Value = e.ReceivedAt; qKind.Value = d.Kind;
                    insertDelivery.ExecuteNonQuery();
                }
                if (e.Membership is { } m) ApplyMembership(c, tx, appId, m);
                byType[e.Type] = byType.GetValueOrDefault(e.Type) is var t ? (t.Count + 1, t.Duplicates) : default;
                results[i] = new IngestResult(e.Id, Duplicate: false);
            }
            CountEventTypes(c, tx, appId, byType, events.Count > 0 ? events[0].ReceivedAt : 0);
            return results;
        }, ct);

    public async Task<IReadOnlyDictionary<long, string>> GetEventPayloadsAsync(IReadOnlyCollection<long> eventSeqs, CancellationToken ct)
    {
        var result = new Dictionary<long, string>(eventSeqs.Count);
        if (eventSeqs.Count == 0) return result;
        await using var c = await OpenReadAsync(ct);
        using var cmd = c.CreateCommand();
        // Integers only, so inlining them is safe, and one statement beats one query per job.
        cmd.CommandText = $"SELECT seq, payload FROM events WHERE seq IN ({string.Join(',', eventSeqs.Distinct())})";
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result[r.GetInt64(0)] = r.GetString(1);
        return result;
    }
}
