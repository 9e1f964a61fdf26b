namespace Herald.Storage;

/// <summary>
/// Folds a batch of outcomes into per-minute rollup rows before they are written, so the recorder
/// adds a handful of upserts per batch instead of one per attempt. Engine-neutral: each store
/// writes the rows it yields with "add to what is there".
/// </summary>
public sealed class RollupAccumulator
{
    private readonly Dictionary<(string App, long Bucket, string Channel, string Target, string Code), Counts> _rows = [];

    private sealed class Counts
    {
        public long Attempts, Failures, Failed4xx, Failed5xx, TimedOut, JobsSucceeded, JobsFailed;
        public readonly long[] Latency = new long[RollupRow.LatencyBoundsMs.Length + 1];
    }

    /// <summary>Adds one outcome under the rows its <see cref="DeliveryOutcome.Rollup"/> names; one without is not counted.</summary>
    public void Add(DeliveryOutcome o)
    {
        if (o.Rollup is not { } key) return;
        var (appId, channel, target) = key;
        var at = o.Attempt?.StartedAt ?? o.Now;
        var bucket = at - at % RollupRow.BucketMs;
        var totals = Row(appId, bucket, channel, target, "");
        if (o.Kind == OutcomeKind.Succeeded) totals.JobsSucceeded++;
        else if (o.Kind == OutcomeKind.Dead) totals.JobsFailed++;
        if (o.Attempt is not { } a) return;

        totals.Attempts++;
        totals.Latency[LatencyBucket(a.DurationMs)]++;
        if (a.Outcome == "succeeded") return;
        totals.Failures++;
        var code = CodeOf(a);
        if (a.StatusCode is >= 400 and < 500) totals.Failed4xx++;
        else if (a.StatusCode >= 500) totals.Failed5xx++;
        else if (code == "timeout") totals.TimedOut++;
        Row(appId, bucket, channel, target, code).Attempts++;
    }

    /// <summary>The reason a failed attempt is counted under: the provider's own code, else the HTTP status, else timeout or connection.</summary>
    public static string CodeOf(AttemptRecord a) =>
        a.Code ?? (a.StatusCode is { } s ? $"http_{s}" : a.Error?.StartsWith("timed out", StringComparison.Ordinal) == true ? "timeout" : "connection");

    public IEnumerable<(string AppId, RollupRow Row)> Rows() =>
        _rows.Select(kv => (kv.Key.App, new RollupRow(kv.Key.Bucket, kv.Key.Channel, kv.Key.Target, kv.Key.Code, kv.Value.Attempts,
            kv.Value.Failures, kv.Value.Failed4xx, kv.Value.Failed5xx, kv.Value.TimedOut, kv.Value.JobsSucceeded, kv.Value.JobsFailed, kv.Value.Latency)));

    public bool IsEmpty => _rows.Count == 0;

    private Counts Row(string app, long bucket, string channel, string target, string code)
    {
        var key = (app, bucket, channel, target, code);
        if (!_rows.TryGetValue(key, out var c)) _rows[key] = c = new Counts();
        return c;
    }

    private static int LatencyBucket(double ms)
    {
        var bounds = RollupRow.LatencyBoundsMs;
        for (var i = 0; i < bounds.Length; i++)
            if (ms <= bounds[i]) return i;
        return bounds.Length;
    }
}
