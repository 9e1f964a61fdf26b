using Dapper;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>
/// The scale-out store: any number of Herald nodes share one PostgreSQL database. Every call takes a
/// pooled connection from one <see cref="NpgsqlDataSource"/> for as long as it runs (sends never hold
/// one), hot paths are one statement over arrays (unnest) rather than one per row, and workers claim
/// with FOR UPDATE SKIP LOCKED so nodes never wait on each other's jobs. Commits that add due work
/// NOTIFY <see cref="WorkChannel"/>, which every node LISTENs on (<see cref="PostgresWorkListener"/>).
/// </summary>
public sealed partial class PostgresStore : IHeraldStore, IAsyncDisposable
{
    /// <summary>The NOTIFY channel that wakes idle workers on every node.</summary>
    public const string WorkChannel = "herald_work";
    private const string NotifyWork = "NOTIFY " + WorkChannel;

    private readonly NpgsqlDataSource _db;
    private readonly StorageSpace? _space;

    public PostgresStore(IConfiguration configuration, StorageSpace? space = null)
    {
        _space = space;
        if (space is not null) space.Where = "the PostgreSQL server's data and WAL disks";
        var connectionString = configuration.GetConnectionString("Herald");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Herald:Storage:Provider is Postgres but ConnectionStrings:Herald is not set.");
        _db = new NpgsqlDataSourceBuilder(connectionString) { Name = "herald" }.Build();
    }

    public PostgresStore(string connectionString) => _db = NpgsqlDataSource.Create(connectionString);

    /// <summary>For the work listener and the shared Data Protection key ring.</summary>
    internal NpgsqlDataSource DataSource => _db;

    private ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct) => _db.OpenConnectionAsync(ct);

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

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct)) == 1;
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

    public async Task<string?> GetMetaAsync(string key, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string>("SELECT value FROM meta WHERE key = @key", new { key });
    }

    public async Task<string> SetMetaIfAbsentAsync(string key, string value, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        // The insert's snapshot may miss a row a concurrent insert just committed; the second statement sees it.
        await c.ExecuteAsync("INSERT INTO meta(key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING", new { key, value });
        return await c.QuerySingleAsync<string>("SELECT value FROM meta WHERE key = @key", new { key });
    }

    public async Task<StoreCounts> CountAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.QuerySingleAsync<StoreCounts>(
            "SELECT (SELECT count(*) FROM apps) AS Apps, (SELECT count(*) FROM events) AS Events, " +
            "(SELECT count(*) FROM endpoints) AS Endpoints, (SELECT count(*) FROM deliveries) AS Deliveries");
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
