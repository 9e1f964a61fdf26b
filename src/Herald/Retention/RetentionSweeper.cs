using System.Diagnostics;
using System.Diagnostics.Metrics;
using Herald.Apps;
using Herald.Storage;
using Herald.Telemetry;
using Microsoft.Extensions.Options;

namespace Herald.Retention;

/// <summary>
/// Every SweepInterval: deletes finished deliveries (with their attempts), then the events no delivery
/// refers to any more, older than Period; then unread rows older than Period, monitoring rollups older than
/// RollupPeriod and Idempotency-Key answers past their window; then lets the store reclaim the space. Each step is a store batch of its own
/// (one short transaction), so delivery runs between them. Safe on several nodes: each batch deletes only
/// what is still expired when it runs, and PostgreSQL batches skip rows another node holds.
/// </summary>
public sealed partial class RetentionSweeper(
    IHeraldStore store, IOptions<RetentionOptions> options, IOptions<ApiOptions> api, TimeProvider time, IMeterFactory meters,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    private readonly RetentionOptions _options = options.Value;
    // One sweep at a time on a node: the interval's and one asked for through the API wait for each other.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Counter<long> _deleted = HeraldMetrics.CreateMeter(meters).CreateCounter<long>("herald.retention.deleted", "{row}",
        "Rows the retention sweep deleted, by table: deliveries (with their attempts), events, monitoring, idempotency_keys, unread.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = _options.SweepIntervalValue;
        // The first sweep comes one interval after start, not at once: a node that restarts often should not
        // add a sweep to every start, and work that waited during the restart goes first.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex) { LogSweepFailed(logger, ex); }
        }
    }

    /// <summary>One whole sweep at the clock's now (after any sweep under way); what it deleted.</summary>
    public async Task<SweepReport> SweepAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try { return await SweepOnceAsync(ct); }
        finally { _oneAtATime.Release(); }
    }

    private async Task<SweepReport> SweepOnceAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var cutoff = (now - _options.PeriodValue).ToUnixTimeMilliseconds();
        var batch = _options.BatchSize;

        // Deliveries first: an event goes only once none of its deliveries is left.
        var deliveries = await WalkAsync((after, c) => store.SweepDeliveriesAsync(cutoff, after, batch, c), "deliveries", ct);
        var events = await WalkAsync((after, c) => store.SweepEventsAsync(cutoff, after, batch, c), "events", ct);

        var rollupCutoff = (now - _options.RollupPeriodValue).ToUnixTimeMilliseconds();
        var keyCutoff = (now - api.Value.IdempotencyWindowValue).ToUnixTimeMilliseconds();
        var rollups = 0L;
        var keys = 0L;
        var unread = 0L;
        foreach (var app in await store.ListAppsAsync(ct))
        {
            // A message left unread for the whole period stops counting: the counts stay bounded without a cap per user.
            unread += await DrainAsync(() => store.DeleteOldUnreadAsync(app.Id, cutoff, batch, ct), batch, "unread");
            rollups += await DrainAsync(() => store.DeleteOldRollupsAsync(app.Id, rollupCutoff, batch, ct), batch, "monitoring");
            keys += await DrainAsync(() => store.DeleteExpiredIdempotencyKeysAsync(app.Id, keyCutoff, batch, ct), batch, "idempotency_keys");
        }

        var reclaimed = deliveries + events + rollups + keys + unread > 0 ? await store.ReclaimSpaceAsync(ct) : "nothing deleted";
        var report = new SweepReport(deliveries, events, rollups, keys, unread, reclaimed, Stopwatch.GetElapsedTime(started));
        if (report.Total > 0)
            LogSwept(logger, deliveries, events, rollups, keys, unread, (long)report.Elapsed.TotalMilliseconds, reclaimed);
        return report;
    }

    /// <summary>Deletes batch after batch until one comes back short.</summary>
    private async Task<long> DrainAsync(Func<Task<int>> deleteBatch, int batch, string table)
    {
        long total = 0;
        int n;
        do
        {
            var started = Stopwatch.GetTimestamp();
            total += n = await deleteBatch();
            Count(n, table);
            await PauseAsync(started);
        }
        while (n >= batch);
        return total;
    }

    private async Task<long> WalkAsync(Func<long, CancellationToken, Task<SweepStep>> step, string table, CancellationToken ct)
    {
        long deleted = 0, after = 0;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var s = await step(after, ct);
            deleted += s.Deleted;
            Count(s.Deleted, table); // per batch, so the metric moves while a long sweep runs
            if (s.Done) return deleted;
            after = s.NextAfterSeq;
            await PauseAsync(started);
        }
    }

    /// <summary>
    /// After each batch, a pause three times as long as the batch took: the sweep uses at most about a quarter of
    /// a core and of the writer, so ingest and delivery keep their latency while it runs (the soak's p99: 11 ms
    /// without sweeps, 34-40 ms with back-to-back batches, 27-30 ms with a pause as long as the batch, 9-34 ms
    /// (median 19) with this pause once the WAL restart no longer stalled the writer; docs/BENCHMARKS.md). At 2,000 events/s
    /// a sweep every 30 s still ends in 10-14 s. Real time, not the injected clock: this shares the
    /// machine, it is not a schedule (and a test's frozen clock must not stall a sweep).
    /// </summary>
    private static Task PauseAsync(long started)
    {
        var took = Stopwatch.GetElapsedTime(started);
        return took < TimeSpan.FromMilliseconds(1) ? Task.CompletedTask : Task.Delay(took * 3);
    }

    private void Count(long rows, string table)
    {
        if (rows > 0) _deleted.Add(rows, new KeyValuePair<string, object?>("table", table));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep deleted {DeliveryRows} delivery and attempt rows, {Events} events, " +
        "{Rollups} monitoring rows, {Keys} Idempotency-Key answers and {Unread} unread rows in {ElapsedMs} ms; {Reclaimed}")]
    private static partial void LogSwept(ILogger logger, long deliveryRows, long events, long rollups, long keys, long unread, long elapsedMs, string reclaimed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention sweep failed; what it deleted stays deleted, the rest waits for the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}

/// <summary>What one sweep deleted: delivery rows count attempts too.</summary>
public sealed record SweepReport(long DeliveryRows, long Events, long MonitoringRows, long IdempotencyKeys, long UnreadRows, string Reclaimed, TimeSpan Elapsed)
{
    public long Total => DeliveryRows + Events + MonitoringRows + IdempotencyKeys + UnreadRows;
}
