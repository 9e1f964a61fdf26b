namespace Herald.Storage.Sqlite;

/// <summary>
/// The turn to use SQLite's single writer connection, with two queues: the delivery bookkeeping (claims,
/// outcomes, lease renewals) goes ahead of everything else. With one FIFO lock a claim waited behind every
/// ingest batch already queued (each holds the writer ~15 ms), so delivery nearly stopped while a bulk
/// ingest ran. Those writes are few and short, so the other queue is never starved: it gets the writer
/// whenever no bookkeeping write is waiting. Hand-written because SemaphoreSlim has no priorities.
/// </summary>
internal sealed class WriterQueue
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _urgent = new(), _normal = new();
    private bool _held;

    public async Task EnterAsync(bool urgent, CancellationToken ct)
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
            (urgent ? _urgent : _normal).Enqueue(waiter);
        }
        // A cancelled waiter stays queued but completed; Exit skips it, so the turn is never lost.
        using var registration = ct.Register(() => waiter.TrySetCanceled(ct));
        await waiter.Task;
    }

    public void Exit()
    {
        lock (_gate)
        {
            while (_urgent.TryDequeue(out var next) || _normal.TryDequeue(out next))
                if (next.TrySetResult()) return; // the turn passes to it; _held stays true
            _held = false;
        }
    }
}
