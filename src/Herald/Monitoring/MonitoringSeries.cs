using Herald.Storage;

namespace Herald.Monitoring;

public sealed record SeriesPoint(DateTimeOffset At, IReadOnlyDictionary<string, double?> Values);
public sealed record Series(string Name, IReadOnlyList<SeriesPoint> Points);
public sealed record SeriesReport(string Metric, string Window, string Step, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Series> Series);

/// <summary>Time series for the console's charts, summed from the per-minute rollups (and the watcher's queue samples) into steps.</summary>
public sealed class MonitoringSeries(IHeraldStore store, TimeProvider time)
{
    public static readonly string[] Metrics = ["deliveries", "webhookFailures", "webhookLatency", "queueDepth"];

    public async Task<SeriesReport> ComputeAsync(string appId, string metric, string window, string step, CancellationToken ct)
    {
        var stepMs = (long)MonitoringWindow.Steps[step].TotalMilliseconds;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var to = now - now % stepMs + stepMs; // the end of the current step
        var from = to - (long)MonitoringWindow.Windows[window].TotalMilliseconds;
        var series = metric == "queueDepth"
            ? QueueDepth(await store.GetQueueSamplesAsync(appId, from, to, ct), from, stepMs)
            : FromRollups(metric, (await store.GetRollupsAsync(appId, from, to, ct)).Where(r => r.Code.Length == 0), from, stepMs);
        return new SeriesReport(metric, window, step, DateTimeOffset.FromUnixTimeMilliseconds(from), DateTimeOffset.FromUnixTimeMilliseconds(to), series);
    }

    private static DateTimeOffset StepOf(long at, long from, long stepMs) => DateTimeOffset.FromUnixTimeMilliseconds(from + (at - from) / stepMs * stepMs);

    private static List<Series> FromRollups(string metric, IEnumerable<RollupRow> rows, long from, long stepMs)
    {
        var relevant = metric == "deliveries" ? rows.Where(r => r.Channel != "webhook") : rows.Where(r => r.Channel == "webhook");
        return relevant.GroupBy(r => metric == "deliveries" ? r.Channel : r.Target).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Series(g.Key, g.GroupBy(r => StepOf(r.Bucket, from, stepMs)).OrderBy(s => s.Key)
                .Select(s => new SeriesPoint(s.Key, Values(metric, s.ToList()))).ToList()))
            .ToList();
    }

    private static Dictionary<string, double?> Values(string metric, List<RollupRow> rows)
    {
        switch (metric)
        {
            case "deliveries":
                return new() { ["succeeded"] = rows.Sum(r => r.JobsSucceeded), ["failed"] = rows.Sum(r => r.JobsFailed), ["attempts"] = rows.Sum(r => r.Attempts) };
            case "webhookFailures":
                long attempts = rows.Sum(r => r.Attempts), failures = rows.Sum(r => r.Failures);
                return new()
                {
                    ["attempts"] = attempts, ["failures"] = failures, ["failed4xx"] = rows.Sum(r => r.Failed4xx), ["failed5xx"] = rows.Sum(r => r.Failed5xx),
                    ["timedOut"] = rows.Sum(r => r.TimedOut), ["ratePercent"] = attempts == 0 ? null : Math.Round(100.0 * failures / attempts, 2),
                };
            default:
                var histogram = new long[RollupRow.LatencyBoundsMs.Length + 1];
                foreach (var r in rows)
                    for (var i = 0; i < histogram.Length; i++) histogram[i] += r.Latency[i];
                return new()
                {
                    ["attempts"] = histogram.Sum(), ["p50"] = Percentile(histogram, 0.50), ["p95"] = Percentile(histogram, 0.95), ["p99"] = Percentile(histogram, 0.99),
                };
        }
    }

    /// <summary>
    /// The upper bound of the histogram bucket that holds the quantile: an estimate no finer than the
    /// buckets (5, 10, 25 … 5000 ms); the overflow bucket reports twice the last bound.
    /// </summary>
    public static double? Percentile(long[] histogram, double q)
    {
        var total = histogram.Sum();
        if (total == 0) return null;
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        var bounds = RollupRow.LatencyBoundsMs;
        for (var i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= rank) return i < bounds.Length ? bounds[i] : bounds[^1] * 2;
        }
        return bounds[^1] * 2;
    }

    private static List<Series> QueueDepth(IReadOnlyList<QueueSample> samples, long from, long stepMs) =>
        samples.Count == 0 ? [] :
        [
            new Series("queue", samples.GroupBy(s => StepOf(s.At, from, stepMs)).OrderBy(g => g.Key)
                .Select(g => g.MaxBy(s => s.At)!).Select(s => new SeriesPoint(StepOf(s.At, from, stepMs), new Dictionary<string, double?>
                {
                    ["pending"] = s.Pending, ["due"] = s.Due, ["deadLetters"] = s.DeadLetters,
                    ["oldestDueAgeSeconds"] = s.OldestDueAt is { } o ? Math.Max(0, (s.At - o) / 1000.0) : 0,
                })).ToList()),
        ];
}
