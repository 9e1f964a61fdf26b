using System.Diagnostics;
using System.Diagnostics.Metrics;
using Herald.Storage;

namespace Herald.Telemetry;

/// <summary>
/// Herald's own instruments, on one <see cref="Meter"/> named "Herald" made by the host's
/// <see cref="IMeterFactory"/> (so it lives and dies with the host). Tags are only ever small fixed
/// sets (event type from the catalog, job kind, provider, outcome): never an app, endpoint or user id,
/// whose number is unbounded and would explode Prometheus' series count. Per-app figures are the
/// monitoring API's job, not this one's. The names as Prometheus sees them are in docs/OPERATIONS.md.
/// </summary>
public sealed partial class HeraldMetrics
{
    public const string MeterName = "Herald";

    /// <summary>Herald's meter (the factory hands every caller the same one), for a feature that keeps its own instruments.</summary>
    public static Meter CreateMeter(IMeterFactory meters) => meters.Create(MeterName, typeof(HeraldMetrics).Assembly.GetName().Version?.ToString(3));

    // Attempt latency in ms: a local receiver answers in a few ms, a slow one hits the 5 s default timeout
    // (10 s covers endpoints that raise it).
    private static readonly double[] AttemptBoundsMs = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
    private static readonly long[] FanOutBounds = [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000];

    private readonly Counter<long> _ingested;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<long> _fanOutJobs;
    private readonly CachedSnapshot<QueueSnapshot> _queue;
    private readonly CachedSnapshot<IReadOnlyList<KeyValuePair<string, double>>> _expiry;
    private readonly CachedSnapshot<DatabaseSize> _databaseSize;
    private readonly TimeProvider _time;

    public HeraldMetrics(IMeterFactory meters, IHeraldStore store, StorageSpace space, TimeProvider time, ILogger<HeraldMetrics> logger)
    {
        _time = time;
        var meter = CreateMeter(meters);
        _ingested = meter.CreateCounter<long>("herald.events.ingested", "{event}", "Events accepted and stored, by type (repeats of an id are not counted here).");
        _duplicates = meter.CreateCounter<long>("herald.events.duplicates", "{event}", "Events refused as a repeat of an id already received (idempotency), by type.");
        _deliveries = meter.CreateCounter<long>("herald.deliveries", "{attempt}",
            "Outcomes of delivery jobs taken from the queue: one per attempt (retry, succeeded, failed) or per job not sent (deferred, cancelled).");
        _attemptDuration = meter.CreateHistogram("herald.attempt.duration", "ms", "Time of one delivery attempt: request sent to answer read, or timeout.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AttemptBoundsMs });
        _fanOutJobs = meter.CreateHistogram("herald.fanout.jobs", "{job}", "Push jobs created by one event's fan-out (its count is the number of fan-outs).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = FanOutBounds });

        // Gauges read the database: each is served from a snapshot so a scrape costs at most one query
        // per period, and Prometheus scraping every few seconds (or several Prometheus) costs nothing more.
        _queue = new CachedSnapshot<QueueSnapshot>(async ct => new QueueSnapshot(await store.GetQueueStatsAsync(null, Now(), ct), Now()),
            TimeSpan.FromSeconds(10), time, ex => LogGaugeFailed(logger, "queue", ex));
        _expiry = new CachedSnapshot<IReadOnlyList<KeyValuePair<string, double>>>(ct => LoadExpiryAsync(store, ct),
            TimeSpan.FromSeconds(60), time, ex => LogGaugeFailed(logger, "credential expiry", ex));

        _databaseSize = new CachedSnapshot<DatabaseSize>(async ct => new DatabaseSize(await store.DatabaseSizeAsync(ct)),
            TimeSpan.FromSeconds(60), time, ex => LogGaugeFailed(logger, "database size", ex));
        meter.CreateObservableGauge<long>("herald.database.size",
            () => _databaseSize.Get() is { } d ? [new Measurement<long>(d.Bytes)] : [], "By",
            "Bytes the database takes on disk (SQLite: the file without its WAL; PostgreSQL: the database). Flat under steady load once retention runs.");
        meter.CreateObservableGauge("herald.queue.pending", () => Queue(s => s.Stats.Pending), "{job}", "Jobs waiting in the queue, due or scheduled (all apps).");
        meter.CreateObservableGauge("herald.queue.due", () => Queue(s => s.Stats.Due), "{job}", "Jobs due now and not yet sent (all apps).");
        meter.CreateObservableGauge("herald.queue.oldest_due_age", () => Queue(s => s.OldestDueAgeSeconds), "s",
            "How long the oldest due job has been waiting; 0 when nothing is due. Rising means the workers do not keep up.");
        meter.CreateObservableGauge("herald.queue.dead_letters", () => Queue(s => (double)s.Stats.DeadLetters), "{job}", "Jobs that gave up after their last retry (all apps).");
        // Days are in the name already, so no unit: the exporter would otherwise append "_days" again.
        meter.CreateObservableGauge("herald.credential.days_to_expiry", ObserveExpiry, unit: null,
            "Days until the soonest expiry among active push credentials of each provider (all apps); negative once expired.");
        // Held in memory, so a scrape costs nothing; 1 from the first write refused for lack of disk space until the store has room again.
        meter.CreateObservableGauge("herald.storage.full", () => space.IsFull ? 1 : 0, unit: null,
            "1 while the disk holding the database is full (API writes answer 507), else 0.");
    }

    /// <summary>One event accepted by the ingest API; <paramref name="duplicate"/> when its id had been received before.</summary>
    public void Ingested(string type, bool duplicate) => (duplicate ? _duplicates : _ingested).Add(1, new KeyValuePair<string, object?>("type", type));

    /// <summary>One job's outcome. <paramref name="attemptMs"/> is null when no request was made (deferred, cancelled).</summary>
    public void Delivered(string kind, string? provider, OutcomeKind outcome, double? attemptMs)
    {
        var tags = new TagList { { "kind", kind }, { "provider", provider ?? "none" }, { "outcome", OutcomeName(outcome) } };
        _deliveries.Add(1, tags);
        if (attemptMs is { } ms) _attemptDuration.Record(ms, tags);
    }

    /// <summary>One fan-out finished, having written <paramref name="jobs"/> push jobs.</summary>
    public void FannedOut(int jobs) => _fanOutJobs.Record(jobs);

    /// <summary>The outcome label: "failed" is the store's Dead (gave up, dead-lettered).</summary>
    public static string OutcomeName(OutcomeKind outcome) => outcome switch
    {
        OutcomeKind.Succeeded => "succeeded",
        OutcomeKind.Retry => "retry",
        OutcomeKind.Dead => "failed",
        OutcomeKind.Deferred => "deferred",
        OutcomeKind.Cancelled => "cancelled",
        _ => "unknown",
    };

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private IEnumerable<Measurement<double>> Queue(Func<QueueSnapshot, double> value) =>
        _queue.Get() is { } s ? [new Measurement<double>(value(s))] : [];

    private IEnumerable<Measurement<double>> ObserveExpiry() =>
        (_expiry.Get() ?? []).Select(p => new Measurement<double>(p.Value, new KeyValuePair<string, object?>("provider", p.Key)));

    private async Task<IReadOnlyList<KeyValuePair<string, double>>> LoadExpiryAsync(IHeraldStore store, CancellationToken ct)
    {
        var soonest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var app in await store.ListAppsAsync(ct))
            foreach (var c in await store.ListCredentialsAsync(app.Id, ct))
                if (c.Active && c.ExpiresAt is { } at)
                    soonest[c.Provider] = soonest.TryGetValue(c.Provider, out var known) ? Math.Min(known, at) : at;
        var now = Now();
        return soonest.Select(p => KeyValuePair.Create(p.Key, (p.Value - now) / 86_400_000.0)).ToList();
    }

    private sealed record QueueSnapshot(QueueStats Stats, long At)
    {
        public double OldestDueAgeSeconds => Stats.OldestDueAt is { } due ? Math.Max(0, (At - due) / 1000.0) : 0;
    }

    private sealed record DatabaseSize(long Bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the {Gauge} gauges for /metrics failed; they are left out until the next try")]
    private static partial void LogGaugeFailed(ILogger logger, string gauge, Exception ex);
}
