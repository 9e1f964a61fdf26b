using System.Text;
using Herald.Storage;

namespace Herald.Queue;

/// <summary>
/// Jobs leased as they are stored. When ingest stores new deliveries and this node has free slots, they are stored
/// already leased to it (as a claim would leave them) and start here with the event body ingest holds: no claim (a
/// turn of SQLite's single writer, a statement on PostgreSQL), no read of the body, no wait for the claim loop to
/// wake. Only while no first attempt waits in the table (the last claim found fewer than it asked for), so new
/// events never overtake a backlog; otherwise they are stored due at once and claimed as before. If the node dies
/// before sending them, their leases run out and any node claims them, like any claimed job's.
/// </summary>
public sealed partial class DeliveryDispatcher
{
    private readonly Lock _gate = new();
    private int _reserved;      // slots promised to leases whose jobs have not started yet
    private bool _caughtUp;     // the last claim found no more first attempts due
    private bool _accepting;    // between the start of ExecuteAsync and shutdown
    private CancellationToken _sendToken;

    /// <summary>
    /// A lease for up to <paramref name="wanted"/> deliveries about to be stored, or null when they should wait in the
    /// table for a claim (no free slot, a backlog to send first, shutting down). Give it back with
    /// <see cref="StartLeasedAsync"/> after the store committed, or <see cref="ReturnLease"/> if it did not.
    /// </summary>
    internal DeliveryLease? OfferLease(int wanted)
    {
        if (wanted <= 0) return null;
        lock (_gate)
        {
            if (!_accepting || !_caughtUp) return null;
            var granted = Math.Min(wanted, _options.Concurrency - _inFlight.Count - _reserved);
            if (granted < wanted) _caughtUp = false; // the rest wait in the table: the claim loop takes them first
            if (granted <= 0) return null;
            _reserved += granted;
            return new DeliveryLease(_owner, (time.GetUtcNow() + _options.LeaseDurationValue).ToUnixTimeMilliseconds(), granted);
        }
    }

    /// <summary>The store failed: nothing was stored, the slots are free again.</summary>
    internal void ReturnLease(DeliveryLease lease)
    {
        lock (_gate) _reserved -= lease.Limit;
    }

    /// <summary>Starts what the store leased (fewer than offered when some events were repeats) and frees the rest of the slots.</summary>
    internal async Task StartLeasedAsync(DeliveryLease lease)
    {
        var jobs = lease.Leased.Select(l => l.Job).ToList();
        var bodies = new Dictionary<long, byte[]>();
        foreach (var (job, e) in lease.Leased)
            if (handlers.Find(job.Kind)?.NeedsEventBody == true && !bodies.ContainsKey(job.EventSeq))
                bodies[job.EventSeq] = Encoding.UTF8.GetBytes(e.Payload); // the bytes the store keeps, as a claim would read them
        Dictionary<string, object?> prepared;
        try
        {
            prepared = jobs.Count == 0 ? [] : await PrepareAsync(jobs, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Stored and leased, not started: their leases run out and they are claimed then (later, never lost).
            ReturnLease(lease);
            LogLeasedStartFailed(logger, jobs.Count, ex);
            return;
        }
        lock (_gate)
        {
            _reserved -= lease.Limit;
            // Under the gate: shutdown sets _stopping under it too, so a job launched here is in _inFlight before
            // shutdown looks at what is in flight.
            if (!_stopping)
            {
                Launch(jobs, bodies, prepared, _sendToken);
                return;
            }
        }
        await ReleaseAsync(jobs.Select(j => j.Seq).ToList()); // stored while shutting down: another node sends them now
    }

    private void AcceptLeases(CancellationToken sendToken)
    {
        lock (_gate) (_sendToken, _accepting) = (sendToken, true);
        direct.Dispatcher = this;
    }

    private void StopAcceptingLeases()
    {
        lock (_gate) (_stopping, _accepting) = (true, false);
    }

    private void MarkCaughtUp()
    {
        lock (_gate) _caughtUp = true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting {Count} deliveries leased as they were stored failed; they are sent when their leases run out")]
    private static partial void LogLeasedStartFailed(ILogger logger, int count, Exception ex);
}
