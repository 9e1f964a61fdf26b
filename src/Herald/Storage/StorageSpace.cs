using Microsoft.Data.Sqlite;
using Npgsql;

namespace Herald.Storage;

/// <summary>
/// Whether the disk the database writes to is full, for the whole process: set by the first write that
/// fails for lack of space (an API write, the dispatcher's bookkeeping, a WAL checkpoint), cleared once
/// the store shows room again (<see cref="IStoreAdministration.HasRoomAsync"/>), each transition logged once.
/// Nothing is refused up front because of it: every write is still tried (a small one may fit where a
/// large one did not), so Herald resumes by itself, without a restart, as soon as space is freed.
/// /readyz, the <c>herald.storage.full</c> gauge and the 507 problem read it.
/// </summary>
public sealed partial class StorageSpace(TimeProvider time, ILogger<StorageSpace> logger)
{
    /// <summary>What ingest's 507 tells a client to wait: freeing disk space takes a person, not a millisecond.</summary>
    public const int RetryAfterSeconds = 10;

    private readonly Lock _gate = new();
    private DateTimeOffset? _since;

    /// <summary>
    /// Where the database lives, in words fit for anyone who gets the 507 or reads /readyz (no paths: callers
    /// of the API are not the operator); the store sets it.
    /// </summary>
    public string Where { get; set; } = "the database's disk";

    /// <summary>The directory the SQLite database is in, for the log only; the store sets it.</summary>
    public string? DatabaseDirectory { get; set; }

    private string Location => DatabaseDirectory is null ? Where : $"{Where}: {DatabaseDirectory}";

    public bool IsFull => FullSince is not null;

    public DateTimeOffset? FullSince
    {
        get { lock (_gate) return _since; }
    }

    /// <summary>What to do, in the words the 507 problem, /readyz and the log use.</summary>
    public string Fix => $"free disk space on {Where}, or give it more room; Herald resumes by itself, no restart needed";

    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps) says the database could not grow. SQLite:
    /// SQLITE_FULL, which is what a full filesystem gives for the database file, its WAL and a checkpoint
    /// alike (measured on a full tmpfs), and SQLITE_IOERR_SHMSIZE, the -shm index failing to extend.
    /// PostgreSQL: 53100 disk_full (relation or WAL extension failed). Other 53xxx codes are memory and
    /// connection limits, not disk.
    /// </summary>
    public static bool IsDiskFull(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when (sqlite.SqliteErrorCode & 0xFF) == SQLitePCL.raw.SQLITE_FULL
                                                 || sqlite.SqliteExtendedErrorCode == SQLitePCL.raw.SQLITE_IOERR_SHMSIZE:
                case PostgresException { SqlState: PostgresErrorCodes.DiskFull }:
                    return true;
            }
        }
        return false;
    }

    /// <summary>Records a failed write; true when it was for lack of disk space (the caller need not log it again).</summary>
    public bool Report(Exception exception)
    {
        if (!IsDiskFull(exception)) return false;
        lock (_gate)
        {
            if (_since is not null) return true;
            _since = time.GetUtcNow();
        }
        LogFull(logger, Location, exception.Message);
        return true;
    }

    /// <summary>The store has room again: ends the full state (logged once).</summary>
    public void Recovered()
    {
        DateTimeOffset since;
        lock (_gate)
        {
            if (_since is not { } s) return;
            since = s;
            _since = null;
        }
        LogRecovered(logger, Location, time.GetUtcNow() - since);
    }

    [LoggerMessage(EventId = 5070, Level = LogLevel.Error,
        Message = "Disk full: the database ({Location}) cannot grow ({Error}). Ingest and other API writes answer 507 with Retry-After and store nothing; " +
                  "delivery goes on as far as it can. To fix: free disk space there; Herald resumes by itself, no restart needed")]
    private static partial void LogFull(ILogger logger, string location, string error);

    [LoggerMessage(EventId = 5071, Level = LogLevel.Warning, Message = "Disk space is available again for the database ({Location}) after {Duration}; writes resume")]
    private static partial void LogRecovered(ILogger logger, string location, TimeSpan duration);
}
