using Npgsql;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// A whole batch in one statement: the events and their deliveries go in as arrays (unnest), the
    /// deliveries joined to the events that were really inserted, so a duplicate id adds nothing. Then
    /// duplicates are counted and member lists changed in the same transaction, and every node is told
    /// there is work (NOTIFY is delivered at commit, so no node looks before the rows are visible).
    /// </summary>
    public Task<IReadOnlyList<IngestResult>> IngestAsync(string appId, IReadOnlyList<NewEvent> events, CancellationToken ct,
        Func<NewEvent, string, string?>? differs = null, DeliveryLease? lease = null) =>
        events.Count == 0 ? Task.FromResult<IReadOnlyList<IngestResult>>([]) :
        InTransactionAsync<IReadOnlyList<IngestResult>>(async (c, tx) =>
        {
            // Only the first of a repeated id in one batch is offered; the rest are duplicates of it.
            var first = new Dictionary<string, int>(events.Count, StringComparer.Ordinal);
            var offered = new List<NewEvent>(events.Count);
            foreach (var e in events)
                if (first.TryAdd(e.Id, first.Count)) offered.Add(e);

            var deliveryCount = offered.Sum(e => e.Deliveries.Count);
            var dEvent = new string[deliveryCount];
            var dId = new string[deliveryCount];
            var dEndpoint = new string[deliveryCount];
            var dType = new string[deliveryCount];
            var dUid = new string?[deliveryCount];
            var dAt = new long[deliveryCount];
            var dKind = new string[deliveryCount];
            var k = 0;
            foreach (var e in offered)
                foreach (var d in e.Deliveries)
                {
                    dEvent[k] = e.Id; dId[k] = d.Id; dEndpoint[k] = d.EndpointId; dType[k] = e.Type; dUid[k] = e.SenderUid;
                    dAt[k] = e.ReceivedAt; dKind[k] = d.Kind; k++;
                }

            await using var batch = new NpgsqlBatch(c, tx);
            var insert = new NpgsqlBatchCommand(
                "WITH e AS (" +
                "  INSERT INTO events(app_id, id, type, version, sender_uid, received_at, payload) " +
                "  SELECT @app, * FROM unnest(@ids, @types, @versions, @senders, @received, @payloads) " +
                "  ON CONFLICT (app_id, id) DO NOTHING RETURNING id, seq), " +
                "d AS (" +
                "  INSERT INTO deliveries(id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, " +
                "    next_attempt_at, created_at, updated_at, kind, lease_owner) " +
                // The first @lease_limit deliveries are stored as a claim would leave them, leased to the node that sends them now.
                "  SELECT x.did, @app, e.seq, x.endpoint, x.type, x.uid, 'pending', 0, 0, 0, " +
                "    CASE WHEN x.n <= @lease_limit THEN @lease_until ELSE x.at END, x.at, x.at, x.kind, " +
                "    CASE WHEN x.n <= @lease_limit THEN @lease_owner END " +
                "  FROM unnest(@d_event, @d_id, @d_endpoint, @d_type, @d_uid, @d_at, @d_kind) WITH ORDINALITY AS x(event_id, did, endpoint, type, uid, at, kind, n) " +
                "  JOIN e ON e.id = x.event_id " +
                "  RETURNING id, seq, event_seq, lease_owner IS NOT NULL AS leased) " +
                "SELECT false, id, seq, 0::bigint FROM e UNION ALL SELECT true, id, seq, event_seq FROM d WHERE leased");
            insert.Parameters.Add(new NpgsqlParameter<string>("app", appId));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("ids", offered.Select(e => e.Id).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("types", offered.Select(e => e.Type).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<int[]>("versions", offered.Select(e => e.Version).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<string?[]>("senders", offered.Select(e => e.SenderUid).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<long[]>("received", offered.Select(e => e.ReceivedAt).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("payloads", offered.Select(e => e.Payload).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("d_event", dEvent));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("d_id", dId));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("d_endpoint", dEndpoint));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("d_type", dType));
            insert.Parameters.Add(new NpgsqlParameter<string?[]>("d_uid", dUid));
            insert.Parameters.Add(new NpgsqlParameter<long[]>("d_at", dAt));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("d_kind", dKind));
            insert.Parameters.Add(new NpgsqlParameter<int>("lease_limit", lease?.Limit ?? 0));
            insert.Parameters.Add(new NpgsqlParameter<long>("lease_until", lease?.Until ?? 0));
            insert.Parameters.Add(new NpgsqlParameter<string>("lease_owner", lease?.Owner ?? ""));
            batch.BatchCommands.Add(insert);
            // Deliveries this node leased need no other node woken.
            if (deliveryCount > (lease?.Limit ?? 0)) batch.BatchCommands.Add(new NpgsqlBatchCommand(NotifyWork));

            var inserted = new HashSet<string>(StringComparer.Ordinal);
            lease?.Leased.Clear(); // what a rolled-back attempt listed was never stored
            var byDeliveryId = lease is null ? null
                : offered.SelectMany(e => e.Deliveries.Select(d => (Event: e, Delivery: d))).ToDictionary(x => x.Delivery.Id, StringComparer.Ordinal);
            await using (var r = await batch.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    if (!r.GetBoolean(0)) { inserted.Add(r.GetString(1)); continue; }
                    var (e, d) = byDeliveryId![r.GetString(1)];
                    lease!.Leased.Add((new ClaimedDelivery(r.GetInt64(2), d.Id, appId, r.GetInt64(3), d.EndpointId, 0, 0, d.Kind, Uid: e.SenderUid), e));
                }

            // Results in input order; every occurrence but an inserted first one is a duplicate.
            var results = new IngestResult[events.Count];
            var duplicates = new Dictionary<string, int>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < events.Count; i++)
            {
                var id = events[i].Id;
                var isNew = seen.Add(id) && inserted.Contains(id);
                results[i] = new IngestResult(id, Duplicate: !isNew);
                if (!isNew) duplicates[id] = duplicates.GetValueOrDefault(id) + 1;
            }

            if (differs is not null && duplicates.Count > 0) await RefuseChangedRepeatsAsync(c, tx, appId, events, results, differs, ct);

            await using var after = new NpgsqlBatch(c, tx);
            // Monitoring: per type, how many were stored and how many repeats were refused.
            var byType = new Dictionary<string, (long Count, long Duplicates)>(StringComparer.Ordinal);
            for (var i = 0; i < events.Count; i++)
            {
                var (count, dups) = byType.GetValueOrDefault(events[i].Type);
                byType[events[i].Type] = results[i].Duplicate ? (count, dups + 1) : (count + 1, dups);
            }
            if (EventTypesCommand(appId, byType, events[0].ReceivedAt) is { } types) after.BatchCommands.Add(types);
            if (duplicates.Count > 0)
            {
                var count = new NpgsqlBatchCommand(
                    "UPDATE events SET duplicates = events.duplicates + x.n FROM unnest(@ids, @ns) AS x(id, n) " +
                    "WHERE events.app_id = @app AND events.id = x.id");
                count.Parameters.Add(new NpgsqlParameter<string>("app", appId));
                count.Parameters.Add(new NpgsqlParameter<string[]>("ids", duplicates.Keys.ToArray()));
                count.Parameters.Add(new NpgsqlParameter<int[]>("ns", duplicates.Values.ToArray()));
                after.BatchCommands.Add(count);
            }
            // Member changes in event order (a join then a leave in one batch must end with the leave).
            foreach (var e in offered)
                if (e.Membership is { } m && inserted.Contains(e.Id)) after.BatchCommands.Add(MembershipCommand(appId, m));
            if (after.BatchCommands.Count > 0) await after.ExecuteNonQueryAsync(ct);
            return results;
        }, ct);

    /// <summary>
    /// A repeated id must carry the same event. Read in the ingest's own transaction: ON CONFLICT waited
    /// for any racing insert of the id to commit, so the stored row is the one that stands.
    /// </summary>
    private static async Task RefuseChangedRepeatsAsync(NpgsqlConnection c, NpgsqlTransaction tx, string appId, IReadOnlyList<NewEvent> events,
        IngestResult[] results, Func<NewEvent, string, string?> differs, CancellationToken ct)
    {
        var ids = results.Where(r => r.Duplicate).Select(r => r.Id).Distinct(StringComparer.Ordinal).ToArray();
        var stored = new Dictionary<string, string>(ids.Length, StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand("SELECT id, payload FROM events WHERE app_id = @app AND id = ANY(@ids)", c, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("app", appId));
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) stored[r.GetString(0)] = r.GetString(1);
        }
        for (var i = 0; i < events.Count; i++)
            if (results[i].Duplicate && differs(events[i], stored[events[i].Id]) is { } difference)
                throw new EventIdConflictException(i, events[i].Id, difference);
    }

    private static NpgsqlBatchCommand MembershipCommand(string appId, MembershipChange m)
    {
        var cmd = new NpgsqlBatchCommand(m.Joined
            ? "INSERT INTO channel_members(app_id, channel_id, uid) VALUES (@app, @channel, @uid) ON CONFLICT DO NOTHING"
            : "DELETE FROM channel_members WHERE app_id = @app AND channel_id = @channel AND uid = @uid");
        cmd.Parameters.Add(new NpgsqlParameter<string>("app", appId));
        cmd.Parameters.Add(new NpgsqlParameter<string>("channel", m.ChannelId));
        cmd.Parameters.Add(new NpgsqlParameter<string>("uid", m.Uid));
        return cmd;
    }

    public async Task<IReadOnlyDictionary<long, byte[]>> GetEventPayloadsAsync(IReadOnlyCollection<long> eventSeqs, CancellationToken ct)
    {
        var result = new Dictionary<long, byte[]>(eventSeqs.Count);
        if (eventSeqs.Count == 0) return result;
        await using var c = await OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT seq, payload FROM events WHERE seq = ANY(@seqs)", c);
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("seqs", eventSeqs.Distinct().ToArray()));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result[r.GetInt64(0)] = System.Text.Encoding.UTF8.GetBytes(r.GetString(1));
        return result;
    }
}
