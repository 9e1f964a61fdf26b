using Herald.Storage;
using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Herald.Tests.Support;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite on SQLite: a new database file per test.</summary>
public sealed class SqliteStoreComplianceTests : StoreComplianceTests
{
    private readonly string _dir = SqliteTestStore.NewDirectory("herald-store-tests");

    protected override async Task<IHeraldStore> CreateStoreAsync() => await SqliteTestStore.CreateAsync(_dir);

    protected override Task DestroyStoreAsync(IHeraldStore store) => SqliteTestStore.DestroyAsync((SqliteStore)store, _dir);

    protected override async Task<IAsyncDisposable> OpenAgainAsync() => await SqliteTestStore.CreateAsync(_dir);
}

/// <summary>The compliance suite on PostgreSQL: a new database per test on the throwaway cluster.</summary>
public sealed class PostgresStoreComplianceTests : StoreComplianceTests
{
    private PostgresDatabase? _database;

    protected override async Task<IHeraldStore> CreateStoreAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        var store = new PostgresStore(_database.ConnectionString);
        await store.MigrateAsync(default);
        return store;
    }

    protected override async Task<IAsyncDisposable> OpenAgainAsync()
    {
        var store = new PostgresStore(_database!.ConnectionString);
        await store.MigrateAsync(default);
        return store;
    }

    protected override async Task DestroyStoreAsync(IHeraldStore store)
    {
        await ((PostgresStore)store).DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task Nodes_starting_together_migrate_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresStore(database.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(default))));
            await using var c = new Npgsql.NpgsqlConnection(database.ConnectionString);
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*), max(version) FROM schema_version", c);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            Assert.Equal(PostgresSchemaVersion, r.GetInt64(0));
            Assert.Equal(PostgresSchemaVersion, r.GetInt32(1));
        }
        finally
        {
            foreach (var s in stores) await s.DisposeAsync();
        }
    }

    private static int PostgresSchemaVersion => PostgresSchema.Migrations.Length;
}
