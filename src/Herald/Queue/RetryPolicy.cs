using Microsoft.Extensions.Options;

namespace Herald.Queue;

/// <summary>
/// The retry schedule of DESIGN.md: entry i is the delay before attempt i+1 (the first is normally 0s).
/// Each delay gets ±jitter; a provider's Retry-After is honoured but kept between 1× and 2× the
/// scheduled delay, so a receiver can slow Herald down but neither stall nor hurry it.
/// </summary>
public sealed class RetryPolicy(IOptions<DeliveryOptions> options)
{
    private readonly TimeSpan[] _schedule = options.Value.RetryScheduleValue;
    private readonly double _jitter = options.Value.RetryJitter;

    public int MaxAttempts => _schedule.Length;

    /// <summary>The delay before the next attempt after the attempt at <paramref name="scheduleIndex"/> failed; null when none is left.</summary>
    public TimeSpan? NextDelay(int scheduleIndex, TimeSpan? retryAfter, Random? random = null)
    {
        var next = scheduleIndex + 1;
        if (next >= _schedule.Length) return null;
        var scheduled = _schedule[next];
        var factor = 1 + ((random ?? Random.Shared).NextDouble() * 2 - 1) * _jitter;
        var jittered = TimeSpan.FromTicks((long)(scheduled.Ticks * factor));
        if (retryAfter is not { } ra) return jittered;
        var low = scheduled;
        var high = scheduled * 2;
        return ra < low ? low : ra > high ? high : ra;
    }
}
