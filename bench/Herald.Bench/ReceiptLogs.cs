using System.Collections.Concurrent;

namespace Herald.Bench;

/// <summary>What one measured run expects and saw: first arrival (Stopwatch timestamp) per event id.</summary>
internal sealed class ReceiptLog(int expected)
{
    public int Expected { get; } = expected;
    public ConcurrentDictionary<string, long> FirstArrival { get; } = new(Environment.ProcessorCount * 4, expected);
    private long _requests, _failed, _lastArrival;
    public long Requests => Interlocked.Read(ref _requests);
    public long AnsweredFailure => Interlocked.Read(ref _failed);
    public int Distinct => FirstArrival.Count;
    public long LastArrival => Interlocked.Read(ref _lastArrival);
    /// <summary>Stopwatch timestamp at which Distinct first reached Expected.</summary>
    public long CompletedAt { get; private set; }
    public TaskCompletionSource Complete { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <returns>True when this is the id's first arrival.</returns>
    public bool Record(string id, long now)
    {
        Interlocked.Increment(ref _requests);
        var first = FirstArrival.TryAdd(id, now);
        if (first)
        {
            long seen;
            while ((seen = Interlocked.Read(ref _lastArrival)) < now && Interlocked.CompareExchange(ref _lastArrival, now, seen) != seen) { }
            if (FirstArrival.Count >= Expected && !Complete.Task.IsCompleted)
            {
                CompletedAt = now;
                Complete.TrySetResult();
            }
        }
        return first;
    }

    public void CountFailure() => Interlocked.Increment(ref _failed);
}

/// <summary>
/// What one push fan-out run expects and saw at the receiver's custom-provider path: one POST per
/// recipient uid <c>{prefix}1..{prefix}{count}</c> (taken from <c>data.to.uid</c>), counted per uid in an
/// array so the check costs an Interlocked.Increment per POST.
/// </summary>
internal sealed class PushLog(string prefix, int expected, string expectedAuthorization)
{
    private readonly int[] _perUid = new int[expected + 1];
    private long _requests, _distinct, _unknown, _badAuth, _firstArrival, _lastArrival;
    private volatile string? _firstAuthorization;

    public string Prefix { get; } = prefix;
    public int Expected { get; } = expected;
    public string ExpectedAuthorization { get; } = expectedAuthorization;
    public long Requests => Interlocked.Read(ref _requests);
    public int Distinct => (int)Interlocked.Read(ref _distinct);
    /// <summary>POSTs for a uid that had already arrived (at-least-once repeats).</summary>
    public long Duplicates => Requests - Distinct - Unknown;
    /// <summary>POSTs without a parsable data.to.uid, or with a uid outside prefix1..prefixN.</summary>
    public long Unknown => Interlocked.Read(ref _unknown);
    /// <summary>POSTs whose Authorization header was not the expected Basic value.</summary>
    public long BadAuthorization => Interlocked.Read(ref _badAuth);
    /// <summary>The Authorization header of the first POST, as sent.</summary>
    public string? FirstAuthorization => _firstAuthorization;
    /// <summary>Stopwatch timestamps of the first POST and of the latest first arrival of a uid (0: none yet).</summary>
    public long FirstArrival => Interlocked.Read(ref _firstArrival);
    public long LastArrival => Interlocked.Read(ref _lastArrival);
    /// <summary>Stopwatch timestamp at which the last missing uid arrived.</summary>
    public long CompletedAt { get; private set; }
    public TaskCompletionSource Complete { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs once, on the receiver's thread, when the first POST of the run arrives.</summary>
    public Action? OnFirstArrival { get; set; }

    public void Record(string? uid, string? authorization, long now)
    {
        Interlocked.Increment(ref _requests);
        if (Interlocked.CompareExchange(ref _firstArrival, now, 0) == 0) OnFirstArrival?.Invoke();
        if (_firstAuthorization is null) _firstAuthorization = authorization ?? "(none)";
        if (!string.Equals(authorization, ExpectedAuthorization, StringComparison.Ordinal)) Interlocked.Increment(ref _badAuth);
        if (uid is null || !uid.StartsWith(Prefix, StringComparison.Ordinal) ||
            !int.TryParse(uid.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ||
            i < 1 || i > Expected || uid.Length != Prefix.Length + i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)
        {
            Interlocked.Increment(ref _unknown);
            return;
        }
        if (Interlocked.Increment(ref _perUid[i]) != 1) return;
        long seen;
        while ((seen = Interlocked.Read(ref _lastArrival)) < now && Interlocked.CompareExchange(ref _lastArrival, now, seen) != seen) { }
        if (Interlocked.Increment(ref _distinct) == Expected)
        {
            CompletedAt = now;
            Complete.TrySetResult();
        }
    }

    /// <summary>The uids that have not arrived (at most <paramref name="max"/>) and how many are missing in all.</summary>
    public (int Count, IReadOnlyList<string> Some) Missing(int max = 10)
    {
        var some = new List<string>();
        var count = 0;
        for (var i = 1; i <= Expected; i++)
        {
            if (Volatile.Read(ref _perUid[i]) != 0) continue;
            count++;
            if (some.Count < max) some.Add(Prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return (count, some);
    }
}
