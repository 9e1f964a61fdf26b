using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on its own connection and thread. Left to SQLite, the
/// committing writer runs the checkpoint itself every 1,000 pages (4 MB: several times a second under
/// load), with its page copies and fsyncs, while every other write waits for that one writer. A PASSIVE
/// checkpoint runs beside the writer instead (it never blocks it, nor readers). The writer's own
/// automatic checkpoint stays as a backstop at <see cref="BackstopPages"/> in case this one falls behind.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    public const int BackstopPages = 16_384; // 64 MB of 4 KB pages
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly StorageSpace? _space;
    private int _dirty;

    public WalCheckpointer(string connectionString, StorageSpace? space = null)
    {
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
                try { checkpoint.ExecuteNonQuery(); }
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

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        await _loop;
    }
}
