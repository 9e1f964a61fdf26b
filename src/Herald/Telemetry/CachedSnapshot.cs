namespace Herald.Telemetry;

/// <summary>
/// A value read from the database for observable gauges. Their callbacks run on every collection
/// (each scrape), synchronously, and an exception there would only be swallowed by the SDK, so:
/// the value is reloaded at most once per <paramref name="ttl"/>, one load at a time; a caller waits
/// a little for a load it triggered, then serves what it has. A failed load clears the value (the
/// gauge disappears from /metrics, which absent() can alert on) rather than serve a stale one for ever.
/// </summary>
internal sealed class CachedSnapshot<T>(Func<CancellationToken, Task<T>> load, TimeSpan ttl, TimeProvider time, Action<Exception> onError)
    where T : class
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(30);
    private readonly Lock _lock = new();
    private T? _value;
    private long? _loadedAt; // TimeProvider timestamp of the last load, successful or not
    private Task? _loading;

    public T? Get()
    {
        Task loading;
        lock (_lock)
        {
            if (_loadedAt is { } at && time.GetElapsedTime(at) < ttl) return _value;
            // Started outside the caller's flow, so it cannot finish inside this lock and leave _loading stale.
            loading = _loading ??= Task.Run(LoadAsync);
        }
        loading.Wait(WaitLimit); // LoadAsync never throws
        lock (_lock) return _value;
    }

    private async Task LoadAsync()
    {
        T? value = null;
        try
        {
            using var timeout = new CancellationTokenSource(LoadTimeout);
            value = await load(timeout.Token);
        }
        catch (Exception ex)
        {
            try { onError(ex); } catch (Exception) { /* logging must not break the gauge */ }
        }
        lock (_lock)
        {
            _value = value;
            _loadedAt = time.GetTimestamp();
            _loading = null;
        }
    }
}
