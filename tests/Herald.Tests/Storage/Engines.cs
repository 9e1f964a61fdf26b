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

    [Fact]
    public async Task A_file_mostly_free_after_a_sweep_gives_the_excess_back_and_a_steady_one_keeps_its_pages()
    {
        await AddEndpointAsync("ep1");
        var body = new string('x', 2_000);
        for (var b = 0; b < 5; b++)
            await Store.IngestAsync(App, Enumerable.Range(0, 400).Select(i => Event($"e{b}_{i}", endpoints: ["ep1"]) with { Payload = $"{{\"b\":\"{body}\"}}" }).ToList(), default);
        var full = await Store.DatabaseSizeAsync(default);
        Assert.StartsWith("freed pages are reused", await Store.ReclaimSpaceAsync(default)); // nothing free: nothing to give back

        // Every event goes (none was delivered, so its delivery is cancelled first: finished).
        for (var claimed = await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 1000, default); claimed.Count > 0;
             claimed = await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 1000, default))
            await Store.RecordOutcomesAsync(claimed.Select(j => new DeliveryOutcome(j.Seq, OutcomeKind.Cancelled, T0 + 1, null, null, "x")).ToList(), "w", default);
        var after = 0L;
        for (var s = await Store.SweepDeliveriesAsync(T0 + 10, after, 1000, default); !s.Done; s = await Store.SweepDeliveriesAsync(T0 + 10, after, 1000, default))
            after = s.NextAfterSeq;
        after = 0;
        for (var s = await Store.SweepEventsAsync(T0 + 10, after, 1000, default); !s.Done; s = await Store.SweepEventsAsync(T0 + 10, after, 1000, default))
            after = s.NextAfterSeq;
        Assert.Equal(0, (await Store.CountAsync(default)).Events);
        Assert.EndsWith("given back to the file system", await Store.ReclaimSpaceAsync(default));
        var shrunk = await Store.DatabaseSizeAsync(default);
        Assert.True(shrunk < full / 2, $"{shrunk} bytes after the sweep, {full} before");
    }
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
