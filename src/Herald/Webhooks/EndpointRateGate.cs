using Herald.Storage;

namespace Herald.Webhooks;

/// <summary>
/// Per-endpoint rate limits (rateLimitPerSecond). Over the limit a job is deferred, not attempted;
/// the answer is how long to wait, or null to send now.
/// </summary>
public interface IEndpointRateGate
{
    /// <summary>True when the gate uses the in-process token buckets the endpoint registry keeps.</summary>
    bool UsesLocalLimiters { get; }
    ValueTask<TimeSpan?> WaitBeforeSendAsync(EndpointRuntime endpoint, CancellationToken ct);
}

/// <summary>
/// One node (SQLite): a token bucket per endpoint in this process is the whole truth, and costs no
/// write to the single-writer database per send.
/// </summary>
public sealed class LocalRateGate : IEndpointRateGate
{
    public bool UsesLocalLimiters => true;

    public ValueTask<TimeSpan?> WaitBeforeSendAsync(EndpointRuntime endpoint, CancellationToken ct)
    {
        if (endpoint.Limiter is not { } limiter) return ValueTask.FromResult<TimeSpan?>(null);
        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired) return ValueTask.FromResult<TimeSpan?>(null);
        // Wait about one token's time.
        var wait = lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var ra) ? ra
            : TimeSpan.FromMilliseconds(Math.Max(10, 1000.0 / Math.Max(1, endpoint.Record.RateLimitPerSecond)));
        return ValueTask.FromResult<TimeSpan?>(wait);
    }
}

/// <summary>
/// Several nodes (PostgreSQL): the limit holds for all of them together. Time is cut into windows of
/// <c>k / rate</c> seconds, k = max(1, rate / 10) (100 ms for rates that are multiples of 10), each
/// allowing k sends, counted by one atomic upsert per send in the shared store. No second sees much
/// more than the rate (as with the local bucket), and windows are aligned to the clock, so nodes
/// agree on them. Only endpoints with a limit pay the round trip.
/// </summary>
public sealed class SharedRateGate(IHeraldStore store, TimeProvider time) : IEndpointRateGate
{
    public bool UsesLocalLimiters => false;

    public static (long WindowMs, int Allowance) WindowFor(int perSecond)
    {
        var allowance = Math.Max(1, perSecond / 10);
        return (Math.Max(1, (long)Math.Round(1000.0 * allowance / perSecond)), allowance);
    }

    public async ValueTask<TimeSpan?> WaitBeforeSendAsync(EndpointRuntime endpoint, CancellationToken ct)
    {
        var rate = endpoint.Record.RateLimitPerSecond;
        if (rate <= 0) return null;
        var (window, allowance) = WindowFor(rate);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var start = now - now % window;
        var count = await store.CountInWindowAsync($"endpoint/{endpoint.Record.Id}", start, ct);
        if (count <= allowance) return null;
        // Spread the deferred jobs over the next few windows instead of waking them all at one edge.
        var spread = window * Math.Min(10, (count - 1) / allowance);
        return TimeSpan.FromMilliseconds(start + window - now + Random.Shared.NextInt64(0, Math.Max(1, spread)));
    }
}
