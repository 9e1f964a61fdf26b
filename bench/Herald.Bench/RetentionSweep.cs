using Herald.Hosting;
using Herald.Kernel;
using Herald.Storage;
using Herald.Storage.Sqlite;
using Herald.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Herald.Bench;

internal sealed partial class Scenarios
{
    /// <summary>Expired rows seeded for retention-sweep: a quarter events, a quarter deliveries, half attempts.</summary>
    private int ExpiredRows => tiny ? 20_000 : 1_000_000;

    /// <summary>
    /// retention-sweep: one server on a database holding <see cref="ExpiredRows"/> rows two days past a one-day
    /// period. Twice, a backlog is queued with the receiver holding every webhook, then released: first alone
    /// (normal delivery), then together with a sweep asked for through POST /v1/retention/sweep. The figure is
    /// the delivery rate while the sweep deleted, against the normal one, in the same run.
    /// </summary>
    public async Task<IReadOnlyList<Row>> RetentionSweepAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Herald:Retention:Period"] = "1d", ["Herald:Retention:SweepInterval"] = "1d", // only the sweep the harness asks for
            ["Herald:Delivery:WebhookTimeout"] = "30m",
        };
        string? dir = null;
        if (store.PostgresServer is null)
        {
            dir = Path.Combine(Path.GetTempPath(), "herald-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
        }
        else
        {
            settings["Herald:Storage:Provider"] = "Postgres";
            settings["ConnectionStrings:Herald"] = await PostgresCluster.CreateDatabaseAsync(store.PostgresServer, "herald_bench");
        }
        var seeding = Stopwatch.StartNew();
        if (dir is not null) await SeedExpiredSqliteAsync(dir, ExpiredRows);
        await using var server = await StartServerAsync(settings, dir);
        if (dir is null) await SeedExpiredPostgresAsync(settings["ConnectionStrings:Herald"], ExpiredRows);
        Progress.Line($"retention-sweep: {ExpiredRows:#,0} expired rows seeded in {seeding.Elapsed.TotalSeconds:0.0}s");

        using var client = await PrepareAsync(server, "bench", endpoint: true);
        var n = tiny ? 2_000 : 100_000;
        var (normal, _) = await DeliverHeldBacklogAsync(server, client, n, "normal", sweep: null);
        var (sweeping, report) = await DeliverHeldBacklogAsync(server, client, n, "sweeping", sweep: async () =>
        {
            using var root = server.CreateClient();
            using var r = await root.PostAsync(new Uri("/v1/retention/sweep", UriKind.Relative), null);
            var json = await r.Content.ReadFromJsonAsync<JsonElement>();
            if (!r.IsSuccessStatusCode) throw new HarnessException($"POST /v1/retention/sweep: {(int)r.StatusCode} {json}");
            return json;
        });
        var deleted = report!.Value.GetProperty("deliveryRows").GetInt64() + report.Value.GetProperty("events").GetInt64();
        if (deleted < ExpiredRows) throw new HarnessException($"the sweep deleted {deleted:#,0} rows, not the {ExpiredRows:#,0} seeded: {report}");
        var ratio = sweeping.Rate / normal.Rate;
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"{n:#,0} webhooks queued behind a held receiver, then released; normal {normal.Rate:#,0}/s; while the sweep deleted {deleted:#,0} rows " +
            $"({report.Value.GetProperty("elapsedMs").GetDouble() / 1000:0.0}s, {report.Value.GetProperty("reclaimed").GetString()}): " +
            $"{sweeping.Delivered:#,0} delivered in {sweeping.Seconds:0.0}s = {sweeping.Rate:#,0}/s; {_warmUp}");
        Progress.Line($"retention-sweep: {ratio:P0} of normal; {notes}");
        var peak = Mb(server.PeakRssBytes);
        return [new("retention-sweep", Store, "delivery rate while sweeping", sweeping.Rate, "/s", null, ratio, ">= 80 % of normal", ratio >= 0.8, peak, notes)];
    }

    private sealed record HeldRun(double Rate, int Delivered, double Seconds);

    /// <summary>
    /// Queues <paramref name="n"/> webhooks while the receiver holds every request, then releases it (and starts
    /// <paramref name="sweep"/>, if any, at the same moment). The rate counts first arrivals after the release, up
    /// to the end of the sweep or of the backlog, whichever comes first.
    /// </summary>
    private async Task<(HeldRun Run, JsonElement? Sweep)> DeliverHeldBacklogAsync(HeraldServer server, HttpClient client, int n, string label,
        Func<Task<JsonElement>>? sweep)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Gate = gate;
        var log = receiver.Begin(n);
        try
        {
            await Api.IngestBatchesAsync(client, "bench", Prefix("sweep-" + label), n, 3);
        }
        finally
        {
            receiver.Gate = null;
        }
        var released = Stopwatch.GetTimestamp();
        gate.SetResult();
        var sweeping = sweep?.Invoke();
        long? sweptAt = null;
        if (sweeping is not null)
            _ = sweeping.ContinueWith(_ => sweptAt = Stopwatch.GetTimestamp(), TaskScheduler.Default);
        await Api.WaitReceiptsAsync(log, $"retention-sweep ({label})", Stall, server);
        var report = sweeping is null ? (JsonElement?)null : await sweeping;
        var end = Math.Min(log.CompletedAt, sweptAt ?? long.MaxValue);
        var delivered = log.FirstArrival.Values.Count(t => t > released && t <= end);
        var seconds = Seconds(released, end);
        return (new HeldRun(delivered / seconds, delivered, seconds), report);
    }

    /// <summary>An event body of about 400 bytes as SQL (both engines concatenate with ||), its text made by <paramref name="text"/>.</summary>
    private static string SeedPayloadSql(string text) =>
        $"'{{\"id\":\"old-' || i || '\",\"type\":\"message.created\",\"sender\":{{\"uid\":\"u1\"}},\"data\":{{\"text\":\"' || {text} || '\"}}}}'";

    /// <summary>The SQLite file, migrated by Herald's own store, then filled by INSERT ... SELECT over a counter.</summary>
    private static async Task SeedExpiredSqliteAsync(string dir, int rows)
    {
        var config = new ConfigurationBuilder().Build();
        await using (var migrate = new SqliteStore(Microsoft.Extensions.Options.Options.Create(new HeraldOptions { DataDirectory = dir }),
                         Microsoft.Extensions.Options.Options.Create(new StorageOptions()), config))
            await migrate.MigrateAsync(default);
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "herald.db"), Pooling = false }.ToString());
        await c.OpenAsync();
        var old = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds();
        var per = rows / 4;
        await using var tx = c.BeginTransaction();
        var sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {per})
            INSERT INTO events(seq, app_id, id, type, version, sender_uid, received_at, payload)
              SELECT i, 'expired', 'old-' || i, 'message.created', 1, 'u1', {old}, {SeedPayloadSql("hex(randomblob(150))")} FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {per})
            INSERT INTO deliveries(seq, id, app_id, event_seq, endpoint_id, event_type, status, lane, schedule_index, attempt_count,
                                   next_attempt_at, created_at, updated_at, kind)
              SELECT i, 'msg_old' || i, 'expired', i, 'ep_expired', 'message.created', 'succeeded', 1, 1, 2, {old}, {old}, {old}, 'webhook' FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {per * 2})
            INSERT INTO attempts(delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response)
              SELECT (i + 1) / 2, 2 - i % 2, {old}, 3.5, 200, 'succeeded', NULL, 'ok' FROM n;
            """;
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            cmd.CommandTimeout = 0;
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    /// <summary>The same rows on PostgreSQL (the server has migrated the database; the seqs are set explicitly, then the identities moved past them).</summary>
    private static async Task SeedExpiredPostgresAsync(string connectionString, int rows)
    {
        var old = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds();
        var per = rows / 4;
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        var sql = $"""
            INSERT INTO events(seq, app_id, id, type, version, sender_uid, received_at, payload) OVERRIDING SYSTEM VALUE
              SELECT i, 'expired', 'old-' || i, 'message.created', 1, 'u1', {old}, {SeedPayloadSql("repeat(md5(i::text), 9)")}
              FROM generate_series(1, {per}) i;
            INSERT INTO deliveries(seq, id, app_id, event_seq, endpoint_id, event_type, status, lane, schedule_index, attempt_count,
                                   next_attempt_at, created_at, updated_at, kind) OVERRIDING SYSTEM VALUE
              SELECT i, 'msg_old' || i, 'expired', i, 'ep_expired', 'message.created', 'succeeded', 1, 1, 2, {old}, {old}, {old}, 'webhook'
              FROM generate_series(1, {per}) i;
            INSERT INTO attempts(delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response)
              SELECT (i + 1) / 2, 2 - i % 2, {old}, 3.5, 200, 'succeeded', NULL, 'ok' FROM generate_series(1, {per * 2}) i;
            SELECT setval(pg_get_serial_sequence('events', 'seq'), (SELECT max(seq) FROM events));
            SELECT setval(pg_get_serial_sequence('deliveries', 'seq'), (SELECT max(seq) FROM deliveries));
            VACUUM ANALYZE events;
            """;
        foreach (var statement in sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var cmd = new NpgsqlCommand(statement.TrimEnd(';'), c) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
