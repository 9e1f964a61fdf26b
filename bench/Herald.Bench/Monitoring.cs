using System.Diagnostics;
using System.Globalization;
using Herald.Hosting;
using Herald.Kernel;
using Herald.Storage;
using Herald.Storage.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Herald.Bench;

/// <summary>
/// monitoring: GET /monitoring (the four metrics over 24 h) on a database holding N recorded
/// attempts spread evenly over the last 24 hours. The attempts are written through Herald's own
/// store in process (ingest → claim → record outcomes, the dispatcher's path, rollups included),
/// because real traffic cannot put a day of history behind a benchmark; then a Herald server
/// process is started on that data directory and the endpoint is timed over HTTP.
/// </summary>
internal sealed partial class Scenarios
{
    private int MonitoringAttempts => tiny ? 5_000 : 1_000_000;
    /// <summary>Just under 24 h, so the oldest attempt is still inside the window when the server is asked.</summary>
    private const long Span = 86_000_000;

    public async Task<IReadOnlyList<Row>> MonitoringAsync()
    {
        const string app = "bench";
        var n = MonitoringAttempts;
        var dir = Path.Combine(Path.GetTempPath(), "herald-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var seeding = Stopwatch.StartNew();
        await SeedAttemptsAsync(dir, app, n);
        Progress.Line($"monitoring: {n:#,0} attempts over 24 h recorded through the store in {seeding.Elapsed.TotalSeconds:0.0}s");

        await using var server = await StartServerAsync(dataDirectory: dir);
        using var client = server.CreateClient();
        var url = $"/v1/apps/{app}/monitoring?window=24h";
        for (var i = 0; i < 10; i++) await client.GetStringAsync(url); // warm-up: JIT, connection, page cache
        var times = new List<double>();
        string body = "";
        for (var i = 0; i < 50; i++)
        {
            var t = Stopwatch.GetTimestamp();
            body = await client.GetStringAsync(url);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        times.Sort();
        var p50 = times[times.Count / 2];
        var p95 = times[(int)(times.Count * 0.95)];
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        var success = doc.RootElement.GetProperty("deliverySuccessPercent");
        var attempts = doc.RootElement.GetProperty("webhookFailureRatePercent").GetProperty("attempts").GetInt64()
            + success.GetProperty("succeeded").GetInt64() + success.GetProperty("failed").GetInt64();
        if (attempts != n) throw new HarnessException($"monitoring: the summary counted {attempts:#,0} attempts, expected {n:#,0}");
        Progress.Line(string.Create(CultureInfo.InvariantCulture, $"monitoring: GET {url}: p50 {p50:0.0} ms, p95 {p95:0.0} ms, max {times[^1]:0.0} ms over 50 calls; it counted all {attempts:#,0} attempts"));
        return
        [
            new("monitoring", Store, "24 h summary, p50", p50, "ms", null, null, "< 50 ms", p50 < 50, Mb(server.PeakRssBytes),
                string.Create(CultureInfo.InvariantCulture, $"{n:#,0} attempts over 24 h (2 endpoints + custom push, 2 % failures); GET over loopback HTTP incl. JSON; p95 {p95:0.0} ms, max {times[^1]:0.0} ms")),
        ];
    }

    /// <summary>Ingests n events (one webhook delivery each, two endpoints) and records one attempt per delivery, spread over 24 h.</summary>
    private static async Task SeedAttemptsAsync(string dir, string app, int n)
    {
        var config = new ConfigurationBuilder().Build();
        await using var store = new SqliteStore(Microsoft.Extensions.Options.Options.Create(new HeraldOptions { DataDirectory = dir }), Microsoft.Extensions.Options.Options.Create(new StorageOptions()), config);
        await store.MigrateAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await store.CreateAppAsync(new AppRecord(app, "Bench", "us", now), CancellationToken.None);
        const int batch = 1_000;
        var random = new Random(42);
        for (var start = 0; start < n; start += batch)
        {
            var events = Enumerable.Range(start, Math.Min(batch, n - start)).Select(i => new NewEvent(
                $"e{i}", "message.created", 1, "u1", now - Span + (long)(Span * (double)i / n), "{}",
                [new NewDelivery($"msg_{i}", i % 3 == 2 ? "custom/u2" : $"ep{i % 2}", i % 3 == 2 ? "push" : "webhook")])).ToList();
            await store.IngestAsync(app, events, CancellationToken.None);
            var claimed = (await store.ClaimAsync(new ClaimRequest(now, now + 600_000, "bench", batch, 0, batch), CancellationToken.None)).First;
            var outcomes = claimed.Select(j =>
            {
                var i = long.Parse(j.Id.AsSpan(4), CultureInfo.InvariantCulture);
                var at = now - Span + (long)(Span * (double)i / n);
                var failed = random.NextDouble() < 0.02;
                var attempt = new AttemptRecord(1, at, 1 + random.NextDouble() * 40, failed ? 500 : 200, failed ? "failed" : "succeeded", failed ? "HTTP 500" : null, null);
                // Where the job's handler would count it (WebhookJobHandler / PushJobHandler.RollupOf).
                var rollup = j.Kind == "webhook" ? new RollupKey(app, "webhook", j.EndpointId) : new RollupKey(app, j.Provider ?? "unknown", "");
                return new DeliveryOutcome(j.Seq, failed ? OutcomeKind.Dead : OutcomeKind.Succeeded, at + 40, null, attempt, attempt.Error) { Rollup = rollup };
            }).ToList();
            await store.RecordOutcomesAsync(outcomes, "bench", CancellationToken.None);
            if (start % 100_000 == 0) Progress.Line($"monitoring: seeded {start:#,0}/{n:#,0}");
        }
    }
}
