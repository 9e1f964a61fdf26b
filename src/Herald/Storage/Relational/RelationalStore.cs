using System.Data.Common;
using Dapper;

namespace Herald.Storage.Relational;

/// <summary>
/// What SQLite and PostgreSQL share: every statement that reads the same on both (through
/// <see cref="SqlDialect"/> where they spell it differently), the delivery-listing query and the row
/// mappers. An engine derives from it and brings how it opens connections and runs a write (SQLite: the
/// single writer's queue; PostgreSQL: a pooled connection and a retried transaction), plus its hot paths
/// (claim, ingest, outcomes, fan-out) and what only it has (schema, writer queue, LISTEN, advisory locks).
/// </summary>
public abstract partial class RelationalStore(SqlDialect dialect)
{
    protected SqlDialect Dialect { get; } = dialect;

    /// <summary>A connection for reads, disposed by the caller.</summary>
    protected abstract Task<DbConnection> OpenReadConnectionAsync(CancellationToken ct);

    /// <summary>One write statement, run the engine's way; returns the rows it changed.</summary>
    protected abstract Task<int> ExecuteWriteAsync(string sql, object param, CancellationToken ct);

    /// <summary>Several statements in one write transaction, run the engine's way (all or nothing).</summary>
    protected abstract Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct);

    /// <summary>A read transaction whose statements all see one snapshot.</summary>
    protected abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection c, CancellationToken ct);

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct)) == 1;
    }

    private const string MetaValue = "SELECT value FROM meta WHERE key = @key";

    public async Task<string?> GetMetaAsync(string key, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string>(MetaValue, new { key });
    }

    // The insert's snapshot may miss a row a concurrent insert just committed (PostgreSQL); the second statement sees it.
    public Task<string> SetMetaIfAbsentAsync(string key, string value, CancellationToken ct) =>
        InWriteTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("INSERT INTO meta(key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING", new { key, value }, tx);
            return await c.QuerySingleAsync<string>(MetaValue, new { key }, tx);
        }, ct);

    public async Task<StoreCounts> CountAsync(CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return await c.QuerySingleAsync<StoreCounts>(
            "SELECT (SELECT COUNT(*) FROM apps) AS Apps, (SELECT COUNT(*) FROM events) AS Events, " +
            "(SELECT COUNT(*) FROM endpoints) AS Endpoints, (SELECT COUNT(*) FROM deliveries) AS Deliveries");
    }
}
