using System.Data;
using System.Data.Common;
using Dapper;
using Herald.Storage.Relational;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>
/// The scale-out store: any number of Herald nodes share one PostgreSQL database. Every call takes a
/// pooled connection from one <see cref="NpgsqlDataSource"/> for as long as it runs (sends never hold
/// one), hot paths are one statement over arrays (unnest) rather than one per row, and workers claim
/// with FOR UPDATE SKIP LOCKED so nodes never wait on each other's jobs. Commits that add due work
/// NOTIFY <see cref="WorkChannel"/>, which every node LISTENs on (<see cref="PostgresWorkListener"/>).
/// </summary>
public sealed partial class PostgresStore : RelationalStore, IHeraldStore, IAsyncDisposable
{
    /// <summary>The NOTIFY channel that wakes idle workers on every node.</summary>
    public const string WorkChannel = "herald_work";
    private const string NotifyWork = "NOTIFY " + WorkChannel;

    private readonly NpgsqlDataSource _db;
    private readonly StorageSpace? _space;

    // Only a store made from a connection string (tests, tools) owns its data source; the host's is the container's.
    private readonly bool _ownsDataSource;

    public PostgresStore(NpgsqlDataSource db, StorageSpace? space = null)
        : base(PostgresDialect.Instance)
    {
        _db = db;
        _space = space;
        if (space is not null) space.Where = "the PostgreSQL server's data and WAL disks";
    }

    public PostgresStore(string connectionString) : this(NpgsqlDataSource.Create(connectionString)) => _ownsDataSource = true;

    private ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct) => _db.OpenConnectionAsync(ct);

    protected override async Task<DbConnection> OpenReadConnectionAsync(CancellationToken ct) => await OpenAsync(ct);

    protected override async Task<int> ExecuteWriteAsync(string sql, object param, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(sql, param);
    }

    protected override Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        InTransactionAsync<T>((c, tx) => work(c, tx), ct);

    // Repeatable read: every statement of the transaction sees the snapshot of its first.
    protected override async Task<DbTransaction> BeginSnapshotAsync(DbConnection c, CancellationToken ct) =>
        await ((NpgsqlConnection)c).BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction. A deadlock or serialization failure (two nodes
    /// touching the same rows in another order) is retried a few times: the work is all-or-nothing, so
    /// running it again is safe; any other error, a lost connection included, goes to the caller.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct,
        Func<PostgresException, bool>? alsoRetry = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var c = await OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            try
            {
                var result = await work(c, tx);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (PostgresException ex) when (attempt < 5 &&
                (ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure || alsoRetry?.Invoke(ex) == true))
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
            catch (PostgresException ex) when (StorageSpace.IsDiskFull(ex))
            {
                _space?.Report(ex); // for /readyz and the gauge; the caller still gets the error
                throw;
            }
        }
    }

    private Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken ct) =>
        InTransactionAsync<bool>(async (c, tx) => { await work(c, tx); return true; }, ct);

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Held until commit: a node that starts beside another waits here, then finds the schema current.
        await c.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresSchema.MigrationLock }, tx);
        await c.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            transaction: tx);
        var version = await c.ExecuteScalarAsync<int?>("SELECT max(version) FROM schema_version", transaction: tx) ?? 0;
        if (version > PostgresSchema.Migrations.Length)
            throw new InvalidOperationException(
                $"The database's schema is version {version}, newer than this Herald build knows ({PostgresSchema.Migrations.Length}); upgrade this node.");
        for (var v = version; v < PostgresSchema.Migrations.Length; v++)
        {
            await c.ExecuteAsync(PostgresSchema.Migrations[v], transaction: tx);
            await c.ExecuteAsync("INSERT INTO schema_version(version) VALUES (@v)", new { v = v + 1 }, tx);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Whether the server can take 512 KB more: written (incompressible, so it is not squeezed into a page
    /// already there) and rolled back. The table and WAL must still grow for it, which is what fails when
    /// the disk is full; a mere ping or a small update would succeed on a full disk.
    /// </summary>
    public async Task<bool> HasRoomAsync(CancellationToken ct)
    {
        try
        {
            await using var c = await OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            await c.ExecuteAsync(
                "INSERT INTO meta(key, value) SELECT 'disk-space-probe', string_agg(md5(random()::text), '') FROM generate_series(1, 16384)",
                transaction: tx);
            await tx.RollbackAsync(ct);
            return true;
        }
        catch (PostgresException ex) when (StorageSpace.IsDiskFull(ex))
        {
            return false;
        }
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string appId, CancellationToken ct) => ListApiKeysAsync(appId, "created_at, id", ct);

    public ValueTask DisposeAsync() => _ownsDataSource ? _db.DisposeAsync() : ValueTask.CompletedTask;
}
