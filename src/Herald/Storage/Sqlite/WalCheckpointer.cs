using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on its own connection and thread, and keeps the WAL short
/// without making the writer do it. Left to SQLite, the committing writer runs a checkpoint itself every
/// 1,000 pages, with its page copies and two fsyncs, while every other write waits. A PASSIVE checkpoint
/// beside the writer copies the pages without blocking anyone; but the WAL only starts over from its first
/// frame when a write begins with every frame copied, and under load the writer always commits a few more
/// frames while a pass runs. So the WAL grew to the writer's own backstop every 2.5 s at the soak's 2,000
/// events/s, and that commit stalled 20-45 ms on its fsyncs (60-94 ms while the retention sweep ran; soak
/// run H in docs/BENCHMARKS.md). Now, once the WAL is past <see cref="RestartFrames"/>, a second pass runs in
/// the writer's turn (<see cref="WriterQueue"/>, urgent lane): it copies only the frames written during the
/// first, and the next write restarts the WAL. The writer's own checkpoint stays as a backstop at
/// <see cref="BackstopPages"/> in case this one falls behind (a burst faster than the 200 ms ticks).
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    public const int BackstopPages = 16_384; // 64 MB of 4 KB pages
    /// <summary>WAL frames (32 MB) past which the catch-up pass in the writer's turn runs.</summary>
    internal const int RestartFrames = 8_192;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly WriterQueue _writer;
    private readonly StorageSpace? _space;
    private int _dirty;

    public WalCheckpointer(string connectionString, WriterQueue writer, StorageSpace? space = null)
    {
        _writer = writer;
        _space = space;
        _loop = Task.Run(() => RunAsync(connectionString));
    }

    /// <summary>A write committed: the WAL has grown.</summary>
    public void Committed() => Volatile.Write(ref _dirty, 1);

    private async Task RunAsync(string connectionString)
    {
        try
        {
            await using var c = new SqliteConnection(connectionString);
            await c.OpenAsync(_stop.Token);
            using var checkpoint = c.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (Interlocked.Exchange(ref _dirty, 0) == 0) continue;
                try
                {
                    if (Pass(checkpoint) < RestartFrames) continue;
                    await _writer.EnterAsync(WriterQueue.Lane.Urgent, _stop.Token);
                    try { Pass(checkpoint); }
                    finally { _writer.Exit(); }
                }
                catch (SqliteException ex)
                {
                    // Busy or I/O trouble: the next tick tries again, the backstop still holds. SQLITE_FULL here
                    // (the database file cannot grow) means the WAL cannot be reset either, so writes fail next:
                    // said now, once.
                    _space?.Report(ex);
                    Committed();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    /// <summary>One PASSIVE checkpoint; the WAL's length in frames when it ran.</summary>
    private static long Pass(SqliteCommand checkpoint)
    {
        using var result = checkpoint.ExecuteReader(); // busy, log (frames in the WAL), checkpointed
        return result.Read() ? result.GetInt64(1) : 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        await _loop;
    }
}
