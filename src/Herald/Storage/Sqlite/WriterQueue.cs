namespace Herald.Storage.Sqlite;

/// <summary>
/// The turn to use SQLite's single writer connection, with three queues. The delivery bookkeeping (claims,
/// outcomes, lease renewals) goes ahead of everything else: with one FIFO lock a claim waited behind every
/// ingest batch already queued (each holds the writer ~15 ms), so delivery nearly stopped while a bulk
/// ingest ran. Those writes are few and short, so the ordinary queue (ingest, the API) is never starved.
/// Maintenance (the retention sweep's batches) comes last: each of its batches held the writer for tens of
/// milliseconds, and queued in FIFO order with ingest they put the soak's p99 from 11 to 35-79 ms. It waits
/// for a moment with nothing else queued, but no longer than <see cref="BackgroundPatience"/> ordinary turns,
/// so a node that ingests without pause still sweeps. Hand-written because SemaphoreSlim has no priorities.
/// </summary>
internal sealed class WriterQueue
{
    public enum Lane { Urgent, Normal, Background }

    /// <summary>Ordinary turns a waiting maintenance write lets go first before it takes one anyway.</summary>
    internal const int BackgroundPatience = 32;

    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _urgent = new(), _normal = new(), _background = new();
    private bool _held;
    private int _normalTurnsPassed;

    public Task EnterAsync(bool urgent, CancellationToken ct) => EnterAsync(urgent ? Lane.Urgent : Lane.Normal, ct);

    public async Task EnterAsync(Lane lane, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                return;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (lane switch { Lane.Urgent => _urgent, Lane.Normal => _normal, _ => _background }).Enqueue(waiter);
        }
        // A cancelled waiter stays queued but completed; Exit skips it, so the turn is never lost.
        using var registration = ct.Register(() => waiter.TrySetCanceled(ct));
        await waiter.Task;
    }

    public void Exit()
    {
        lock (_gate)
        {
            while (Next() is { } next)
                if (next.TrySetResult()) return; // the turn passes to it; _held stays true
            _held = false;
        }
    }

    private TaskCompletionSource? Next()
    {
        if (_urgent.TryDequeue(out var next)) return next;
        var patient = _background.Count > 0 && _normalTurnsPassed < BackgroundPatience;
        if ((patient || _background.Count == 0) && _normal.TryDequeue(out next))
        {
            if (_background.Count > 0) _normalTurnsPassed++;
            return next;
        }
        if (_background.TryDequeue(out next))
        {
            _normalTurnsPassed = 0;
            return next;
        }
        return null;
    }
}
