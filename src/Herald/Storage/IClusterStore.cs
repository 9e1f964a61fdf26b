namespace Herald.Storage;

/// <summary>
/// What must hold across every node that shares the store: a rate counted once for all of them, and
/// a value (such as a provider token) made by one node and used by all.
/// </summary>
public interface IClusterStore
{
    /// <summary>
    /// Counts one use of <paramref name="key"/> (an endpoint's rate limit) in the window that starts at
    /// <paramref name="windowStart"/> and returns the count in that window including this one. A newer
    /// window starts again at 1; a caller whose clock is behind counts into the newest window. Atomic
    /// across nodes.
    /// </summary>
    Task<int> CountInWindowAsync(string key, long windowStart, CancellationToken ct);

    /// <summary>
    /// The value stored under <paramref name="key"/> when it was made less than <paramref name="refreshAfterMs"/>
    /// before <paramref name="now"/>; otherwise <paramref name="make"/>(now) is stored (with now as its time) and
    /// returned. At most one node makes a value at a time: the others wait and get the one it made, so a
    /// value is never refreshed more often than every <paramref name="refreshAfterMs"/> across all nodes.
    /// </summary>
    Task<SharedValue> GetOrRefreshSharedValueAsync(string key, long now, long refreshAfterMs, Func<long, string> make, CancellationToken ct);
}

/// <summary>A value shared by every node and when it was made (unix ms).</summary>
public sealed record SharedValue(string Value, long IssuedAt);
