using System.Data.Common;
using Dapper;
using Herald.Kernel;
using Herald.Storage.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Herald.Storage.Sqlite;

/// <summary>
/// The embedded store. SQLite allows one writer at a time, so every write goes through one
/// long-lived connection behind a lock (no busy-retry spinning, prepared statements stay warm);
/// reads use pooled connections of their own, which WAL lets run beside the writer.
/// </summary>
public sealed partial class SqliteStore : RelationalStore, IHeraldStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly WriterQueue _writeLock = new();
    private readonly StorageSpace? _space;
    // The database file's directory: the filesystem whose free space decides whether writes fit.
    private readonly string? _directory;
    private SqliteConnection? _writer;
    private WalCheckpointer? _checkpointer;
    // The hot paths' statements, prepared once on the writer connection; touched only under the writer lock.
    private readonly Dictionary<string, WriterStatement> _statements = new(StringComparer.Ordinal);

    /// <summary>
    /// Free bytes the database's filesystem must have before a disk-full state is called over: with less, the
    /// next ingest batch (up to 16 MB, plus its WAL frames) would most likely fail again at once.
    /// </summary>
    public const long RoomToResume = 8L << 20;

    public SqliteStore(IOptions<HeraldOptions> herald, IOptions<StorageOptions> storage, IConfiguration configuration, StorageSpace? space = null)
        : base(SqliteDialect.Instance)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Herald")))
            PrivateFiles.EnsureDirectory(Path.GetFullPath(herald.Value.DataDirectory), restrict: false);
        var builder = new SqliteConnectionStringBuilder(ConfiguredConnectionString(herald.Value, configuration)) { Pooling = true, DefaultTimeout = 30 };
        RestrictDatabaseFiles(builder);
        _connectionString = builder.ToString();
        _space = space;
        if (builder.Mode is not SqliteOpenMode.Memory && builder.DataSource is not ("" or ":memory:") && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            _directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (space is not null)
            {
                space.Where = "the filesystem holding Herald's SQLite database (by default the data directory)";
                space.DatabaseDirectory = _directory;
            }
        }
        _synchronous = storage.Value.SqliteSynchronous.ToUpperInvariant();
    }

    public string ConnectionString => _connectionString;

    /// <summary>ConnectionStrings:Herald, else herald.db in the data directory; shared with `herald backup`, which must find the same file.</summary>
    public static string ConfiguredConnectionString(HeraldOptions herald, IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Herald");
        return string.IsNullOrWhiteSpace(configured)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetFullPath(herald.DataDirectory), "herald.db") }.ToString()
            : configured;
    }

    /// <summary>
    /// The database holds every secret (encrypted) and the queue: 0600 on Unix. Made empty with that
    /// mode before SQLite opens it (SQLite gives its -wal and -shm files the database file's mode), an
    /// existing one tightened, as are its -wal and -shm left by an older version.
    /// </summary>
    private static void RestrictDatabaseFiles(SqliteConnectionStringBuilder builder)
    {
        if (builder.Mode is SqliteOpenMode.Memory or SqliteOpenMode.ReadOnly || builder.DataSource is "" or ":memory:" || builder.DataSource.StartsWith("file:", StringComparison.Ordinal)) return;
        var path = Path.GetFullPath(builder.DataSource);
        if (!Directory.Exists(Path.GetDirectoryName(path))) return; // SQLite reports it when it opens
        PrivateFiles.EnsureFile(path);
        PrivateFiles.Restrict(path + "-wal");
        PrivateFiles.Restrict(path + "-shm");
    }

    protected override async Task<DbConnection> OpenReadConnectionAsync(CancellationToken ct) => await OpenReadAsync(ct);

    protected override Task<int> ExecuteWriteAsync(string sql, object param, CancellationToken ct) =>
        WriteAsync((c, tx) => c.Execute(sql, param, tx), ct);

    // Microsoft.Data.Sqlite's async methods complete synchronously, so the core's async work runs to its end
    // inside the writer's turn, as a lambda of the engine's own would.
    protected override Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        WriteAsync((c, tx) => work(c, tx).GetAwaiter().GetResult(), ct);

    // Deferred: the snapshot is taken at the first read and held (WAL) until the transaction ends.
    protected override Task<DbTransaction> BeginSnapshotAsync(DbConnection c, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)c).BeginTransaction(deferred: true));

    private async Task<SqliteConnection> OpenReadAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct);
        return c;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one IMMEDIATE transaction on the writer connection; <paramref name="urgent"/>
    /// (the delivery queue's own bookkeeping) goes ahead of other waiting writes.
    /// </summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct, bool urgent = false) =>
        WriteAsync(work, urgent ? WriterQueue.Lane.Urgent : WriterQueue.Lane.Normal, ct);

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, WriterQueue.Lane lane, CancellationToken ct)
    {
        await _writeLock.EnterAsync(lane, ct);
        try
        {
            var c = _writer ?? throw new InvalidOperationException("The store has not been migrated (call MigrateAsync on start).");
            T result;
            try
            {
                // On SQLITE_FULL (from a statement or from COMMIT, when the WAL cannot grow) SQLite rolls the
                // transaction back itself; tx learns of it through its rollback hook, kept until after COMMIT,
                // so disposing it issues no second ROLLBACK and the writer connection takes the next write.
                using var tx = c.BeginTransaction(deferred: false);
                try
                {
                    result = work(c, tx);
                }
                catch
                {
                    // A statement left mid-read would keep the failed transaction's read open.
                    foreach (var statement in _statements.Values) statement.Reset();
                    throw;
                }
                tx.Commit();
            }
            catch (SqliteException ex) when (_space?.Report(ex) == true)
            {
                throw; // noted for /readyz, the gauge and the log; the caller answers 507
            }
            _checkpointer?.Committed();
            // A commit alone proves little (a small write fits in the WAL's old frames): the filesystem must have room.
            if (_space is { IsFull: true } && HasRoom()) _space.Recovered();
            return result;
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    /// <summary>The writer's prepared statement for <paramref name="sql"/>; only inside a write.</summary>
    private WriterStatement Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
            _statements[sql] = statement = new WriterStatement(_writer!, sql);
        return statement;
    }

    private Task WriteAsync(Action<SqliteConnection, SqliteTransaction> work, CancellationToken ct, bool urgent = false) =>
        WriteAsync<bool>((c, tx) => { work(c, tx); return true; }, ct, urgent);

    public async Task MigrateAsync(CancellationToken ct)
    {
        await _writeLock.EnterAsync(urgent: false, ct);
        try
        {
            if (_writer is null)
            {
                var c = new SqliteConnection(_connectionString);
                await c.OpenAsync(ct);
                // auto_vacuum first: it takes only on a file with no table yet, and lets retention give freed
                // pages back (ReclaimSpaceAsync); on an older file it is a no-op.
                // WAL lets readers run beside the writer; it is a property of the file and persists.
                await c.ExecuteAsync($"PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL; PRAGMA synchronous={_synchronous}; PRAGMA foreign_keys=ON; " +
                                     $"PRAGMA wal_autocheckpoint={WalCheckpointer.BackstopPages};");
                _writer = c;
                _checkpointer = new WalCheckpointer(_connectionString, _writeLock, _space, _directory);
            }
            var version = await _writer.ExecuteScalarAsync<long>("PRAGMA user_version");
            // A file a newer Herald has migrated may hold what this build cannot read or would damage: refuse to start.
            if (version > SqliteSchema.Migrations.Length)
                throw new InvalidOperationException(
                    $"The database's schema is version {version}, newer than this Herald build knows ({SqliteSchema.Migrations.Length}); upgrade Herald.");
            for (var v = (int)version; v < SqliteSchema.Migrations.Length; v++)
            {
                using var tx = _writer.BeginTransaction(deferred: false);
                await _writer.ExecuteAsync(SqliteSchema.Migrations[v], transaction: tx);
                await _writer.ExecuteAsync($"PRAGMA user_version = {v + 1}", transaction: tx);
                tx.Commit();
            }
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    public Task<bool> HasRoomAsync(CancellationToken ct) => Task.FromResult(HasRoom());

    /// <summary>statvfs of the database's directory; an in-memory database always has room.</summary>
    private bool HasRoom() => _directory is null || new DriveInfo(_directory).AvailableFreeSpace >= RoomToResume;

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string appId, CancellationToken ct) => ListApiKeysAsync(appId, "created_at", ct);

    public async ValueTask DisposeAsync()
    {
        // The host may dispose the store once per service it is registered as.
        if (Interlocked.Exchange(ref _checkpointer, null) is { } checkpointer) await checkpointer.DisposeAsync();
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
        if (_writer is not null) await _writer.DisposeAsync();
    }
}
