namespace Herald.Storage;

/// <summary>
/// The monitoring half of the store contract. Attempts are rolled up per minute as they are recorded
/// (in the same transaction), so a 24-hour summary reads about 1,440 rows per channel, never the
/// attempts themselves.
/// </summary>
public interface IMonitoringStore
{
    Task<IReadOnlyList<RollupRow>> GetRollupsAsync(string appId, long from, long to, CancellationToken ct);
    /// <summary>Every event type the app has sent: how often, when last, how many repeats of an id were refused.</summary>
    Task<IReadOnlyList<EventTypeStats>> ListEventTypeStatsAsync(string appId, CancellationToken ct);
    Task<IReadOnlyList<DeviceCount>> CountDevicesAsync(string appId, CancellationToken ct);
    /// <summary>Queued work of one app (or all apps when null): pending, due now, the oldest due job's due time, dead letters.</summary>
    Task<QueueStats> GetQueueStatsAsync(string? appId, long now, CancellationToken ct);
    /// <summary>Records the state of an alert and returns the one it replaces (null the first time), atomically: one transition, one event.</summary>
    Task<string?> SwapAlertStateAsync(string appId, string key, string state, long now, CancellationToken ct);
    /// <summary>The queue depth of an app at a moment, sampled by the monitoring watcher for the console's chart.</summary>
    Task RecordQueueSampleAsync(string appId, long at, QueueStats stats, CancellationToken ct);
    Task<IReadOnlyList<QueueSample>> GetQueueSamplesAsync(string appId, long from, long to, CancellationToken ct);
}

public sealed record QueueSample(long At, long Pending, long Due, long? OldestDueAt, long DeadLetters);

/// <summary>The rollup rows an outcome is counted in: its app, channel ("webhook", or the push provider) and target (the endpoint id, or "" for push).</summary>
public readonly record struct RollupKey(string AppId, string Channel, string Target);

/// <summary>
/// One minute of one channel ("webhook", or the push provider) and target (the endpoint id, or ""
/// for push). <see cref="Code"/> is "" for the totals row; other rows count failed attempts by
/// their error code (http_401, timeout, BadDeviceToken…) in <see cref="Attempts"/>.
/// <see cref="Latency"/> is a histogram over <see cref="LatencyBoundsMs"/> (the last bucket is the rest).
/// </summary>
public sealed record RollupRow(
    long Bucket, string Channel, string Target, string Code, long Attempts, long Failures, long Failed4xx, long Failed5xx,
    long TimedOut, long JobsSucceeded, long JobsFailed, long[] Latency)
{
    public static readonly double[] LatencyBoundsMs = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
    public const long BucketMs = 60_000;
}

public sealed record EventTypeStats(string Type, long Count, long Duplicates, long FirstSeen, long LastSeen, long? LastDuplicateAt);

public sealed record DeviceCount(string Platform, string Provider, long Count);

public sealed record QueueStats(long Pending, long Due, long? OldestDueAt, long DeadLetters);
