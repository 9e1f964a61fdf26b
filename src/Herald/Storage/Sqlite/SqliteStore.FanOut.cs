using Dapper;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private static void ApplyMembership(SqliteConnection c, SqliteTransaction tx, string appId, MembershipChange m) =>
        c.Execute(m.Joined
                ? "INSERT INTO channel_members(app_id, channel_id, uid) VALUES (@appId, @ChannelId, @Uid) ON CONFLICT DO NOTHING"
                : "DELETE FROM channel_members WHERE app_id = @appId AND channel_id = @ChannelId AND uid = @Uid",
            new { appId, m.ChannelId, m.Uid }, tx);

    public Task ReplaceMembersAsync(string appId, string channelId, IReadOnlyCollection<string> members, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            c.Execute(ClearMembers, new { appId, channelId }, tx);
            using var insert = c.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO channel_members(app_id, channel_id, uid) VALUES ($app, $channel, $uid) ON CONFLICT DO NOTHING";
            insert.Parameters.AddWithValue("$app", appId);
            insert.Parameters.AddWithValue("$channel", channelId);
            var uid = insert.Parameters.Add("$uid", SqliteType.Text);
            insert.Prepare();
            foreach (var m in members)
            {
                uid.Value = m;
                insert.ExecuteNonQuery();
            }
        }, ct);

    public Task<IReadOnlyDictionary<string, ThrottleCount>> CountPushesAsync(
        string appId, IReadOnlyCollection<string> uids, long now, long windowMs, CancellationToken ct) =>
        uids.Count == 0 ? Task.FromResult<IReadOnlyDictionary<string, ThrottleCount>>(new Dictionary<string, ThrottleCount>()) :
        WriteAsync<IReadOnlyDictionary<string, ThrottleCount>>((c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            // One statement for the whole audience (a 10,000-member group is one upsert, not 10,000).
            // SET expressions see the row as it was, so the window test is the same in both columns;
            // "WHERE true" is SQLite's required disambiguation of INSERT ... SELECT ... ON CONFLICT.
            cmd.CommandText =
                "INSERT INTO push_throttle(app_id, uid, window_start, count) SELECT $app, value, $now, 1 FROM json_each($uids) WHERE true " +
                "ON CONFLICT(app_id, uid) DO UPDATE SET " +
                "count = CASE WHEN window_start <= $now - $window THEN 1 ELSE count + 1 END, " +
                "window_start = CASE WHEN window_start <= $now - $window THEN $now ELSE window_start END " +
                "RETURNING uid, count, window_start";
            cmd.Parameters.AddWithValue("$app", appId);
            cmd.Parameters.AddWithValue("$now", now);
            cmd.Parameters.AddWithValue("$window", windowMs);
            cmd.Parameters.AddWithValue("$uids", System.Text.Json.JsonSerializer.Serialize(uids.Distinct(StringComparer.Ordinal)));
            var result = new Dictionary<string, ThrottleCount>(uids.Count, StringComparer.Ordinal);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result[r.GetString(0)] = new ThrottleCount(r.GetInt32(1), r.GetInt64(2));
            return result;
        }, ct);

    public Task<bool> CompleteFanOutAsync(long fanOutSeq, string owner, IReadOnlyList<NewPushJob> jobs, AttemptRecord attempt, long now, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var appId = c.QuerySingleOrDefault<string>(
                FinishFanOut, new { fanOutSeq, owner, now }, tx);
            if (appId is null) return false; // another worker took it over; it does (or did) this fan-out

            c.Execute("INSERT INTO attempts(delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) " +
                      "VALUES (@fanOutSeq, @Attempt, @StartedAt, @DurationMs, NULL, @Outcome, @Error, @Response, @owner)",
                new { fanOutSeq, owner, attempt.Attempt, attempt.StartedAt, attempt.DurationMs, attempt.Outcome, attempt.Error, attempt.Response }, tx);
            InsertPushJobs(c, tx, appId, jobs, now);
            return true;
        }, ct);

    public Task<bool> AddPushJobsAsync(long fanOutSeq, string owner, IReadOnlyList<NewPushJob> jobs, long now, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var appId = c.QuerySingleOrDefault<string>(
                "SELECT app_id FROM deliveries WHERE seq = @fanOutSeq AND lease_owner = @owner AND status = 'pending'", new { fanOutSeq, owner }, tx);
            if (appId is null) return false;
            InsertPushJobs(c, tx, appId, jobs, now);
            return true;
        }, ct);

    private static void InsertPushJobs(SqliteConnection c, SqliteTransaction tx, string appId, IReadOnlyList<NewPushJob> jobs, long now)
    {
        if (jobs.Count == 0) return;
        using var insert = c.CreateCommand();
        insert.Transaction = tx;
        const string columns = InsertPushJob;
        insert.CommandText = columns +
            "VALUES ($id, $app, $event, $target, $type, $uid, 'pending', 0, 0, 0, $due, $now, $now, 'push', $provider, $device, $payload, 0) " +
            "ON CONFLICT DO NOTHING";
        using var summary = c.CreateCommand();
        summary.Transaction = tx;
        summary.CommandText = columns +
            "VALUES ($id, $app, $event, $target, $type, $uid, 'pending', 0, 0, 0, $due, $now, $now, 'summary', $provider, $device, $payload, 1) " +
            "ON CONFLICT(endpoint_id) WHERE kind = 'summary' DO UPDATE SET collapsed = collapsed + 1, payload = excluded.payload, " +
            "event_type = excluded.event_type, updated_at = excluded.updated_at WHERE status = 'pending'";
        foreach (var cmd in (ReadOnlySpan<SqliteCommand>)[insert, summary])
        {
            foreach (var name in (ReadOnlySpan<string>)["$id", "$event", "$target", "$type", "$uid", "$due", "$provider", "$device", "$payload"])
                cmd.Parameters.Add(new SqliteParameter(name, null));
            cmd.Parameters.AddWithValue("$app", appId);
            cmd.Parameters.AddWithValue("$now", now);
            cmd.Prepare();
        }
        foreach (var j in jobs)
        {
            var cmd = j.Summary ? summary : insert;
            cmd.Parameters["$id"].Value = j.Id; cmd.Parameters["$event"].Value = j.EventSeq; cmd.Parameters["$target"].Value = j.Target;
            cmd.Parameters["$type"].Value = j.EventType; cmd.Parameters["$uid"].Value = j.Uid; cmd.Parameters["$due"].Value = j.DueAt;
            cmd.Parameters["$provider"].Value = j.Provider; cmd.Parameters["$device"].Value = (object?)j.DeviceId ?? DBNull.Value;
            cmd.Parameters["$payload"].Value = j.Payload;
            cmd.ExecuteNonQuery();
        }
    }
}
