using System.Diagnostics;
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
/// run H in docs/BENCHMARKS.md). Now, once the WAL is past <see cref="RestartFrames"/>, a last pass runs in
/// the writer's turn (<see cref="WriterQueue"/>, urgent lane), and the next write restarts the WAL. Everything
/// that pass would otherwise do is done beside the writer first (<see cref="PrepareRestart"/>), so it holds the
/// writer a few milliseconds. The writer's own checkpoint stays as a backstop at <see cref="BackstopPages"/> in
/// case this one falls behind (a burst faster than the 200 ms ticks).
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    public const int BackstopPages = 16_384; // 64 MB of 4 KB pages
    /// <summary>WAL frames (32 MB) past which the catch-up pass in the writer's turn runs.</summary>
    internal const int RestartFrames = 8_192;
    /// <summary>New frames since the previous pass below which the next pass can be the one in the writer's turn.</summary>
    private const int CatchUpFrames = 256;
    private const int MaxCatchUpPasses = 4;
    /// <summary>A flush this short let only a few frames in; past it, catch up and flush again (at most MaxFlushRounds).</summary>
    private static readonly TimeSpan QuickFlush = TimeSpan.FromMilliseconds(15);
    private const int MaxFlushRounds = 3;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly WriterQueue _writer;
    private readonly StorageSpace? _space;
    private readonly FileSystemFlush _flush;
    private int _dirty;

    public WalCheckpointer(string connectionString, WriterQueue writer, StorageSpace? space = null, string? directory = null)
    {
        _flush = new FileSystemFlush(directory);
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
                    var log = Pass(checkpoint);
                    if (log < RestartFrames || !PrepareRestart(checkpoint, log)) continue;
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

    /// <summary>
    /// Gets the pass in the writer's turn down to a few milliseconds, with work beside the writer first. That
    /// pass copies the frames still behind and then fsyncs the database file, and the fsync writes out every page
    /// copied since the file was last synced. A pass beside the writer syncs it only when no write came during
    /// the pass, which under load is never: so the pass in the writer's turn flushed a second of copies, and held
    /// every write 11-19 ms, 30-61 ms while the retention sweep wrote (soak runs O-R in docs/BENCHMARKS.md).
    /// Now passes beside the writer copy until few frames are left, the file system is flushed beside the writer
    /// (<see cref="FileSystemFlush"/>), and that is repeated while a flush is slow (it let many frames in).
    /// False when the WAL started over meanwhile: nothing is left to do.
    /// </summary>
    private bool PrepareRestart(SqliteCommand checkpoint, long log)
    {
        for (var round = 1; ; round++)
        {
            if ((log = CatchUp(checkpoint, log)) < 0) return false;
            var started = Stopwatch.GetTimestamp();
            if (!_flush.Flush() || round == MaxFlushRounds || Stopwatch.GetElapsedTime(started) < QuickFlush) return true;
        }
    }

    /// <summary>Passes until one finds few frames written during the one before it; the WAL's length, or -1 once it started over.</summary>
    private static long CatchUp(SqliteCommand checkpoint, long log)
    {
        for (var pass = 0; pass < MaxCatchUpPasses; pass++)
        {
            var next = Pass(checkpoint);
            if (next < log) return -1;
            if (next - log <= CatchUpFrames) return next;
            log = next;
        }
        return log;
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
        _flush.Dispose();
    }
}
