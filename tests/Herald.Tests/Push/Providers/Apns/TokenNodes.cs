using Herald.Push.Providers.Apns;
using Herald.Storage;
using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Herald.Tests.Storage;
using Herald.Tests.Support;
using Microsoft.AspNetCore.DataProtection;

namespace Herald.Tests.Push.Providers.Apns;

/// <summary>
/// Token caches as Herald nodes hold them: each over its own store instance (its own connections), all
/// on one database. One data-protection key ring for all, as the nodes of a deployment share theirs.
/// </summary>
internal sealed class TokenNodes : IAsyncDisposable
{
    private readonly List<IHeraldStore> _stores = [];
    private readonly List<ApnsTokenCache> _caches = [];
    private readonly IDataProtectionProvider _protection = new EphemeralDataProtectionProvider();
    private string? _sqliteDir;
    private PostgresDatabase? _database;

    public string? PostgresConnectionString => _database?.ConnectionString;

    public async Task StartSqliteAsync()
    {
        _sqliteDir = SqliteTestStore.NewDirectory("herald-token-tests");
        _stores.Add(await SqliteTestStore.CreateAsync(_sqliteDir));
    }

    public async Task StartPostgresAsync(int nodes)
    {
        _database = await PostgresDatabase.CreateAsync();
        for (var i = 0; i < nodes; i++)
        {
            var store = new PostgresStore(_database.ConnectionString);
            await store.MigrateAsync(default);
            _stores.Add(store);
        }
    }

    /// <summary>
    /// A new cache (a node's memory) over node <paramref name="node"/>'s store; with <paramref name="protection"/>,
    /// a node whose key ring is not the shared one (the ring was lost and made anew).
    /// </summary>
    public ApnsTokenCache Cache(TimeProvider clock, int node = 0, IDataProtectionProvider? protection = null)
    {
        var cache = new ApnsTokenCache(clock, _stores[node], protection ?? _protection);
        _caches.Add(cache);
        return cache;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _caches) c.Dispose();
        foreach (var s in _stores)
            if (s is SqliteStore sqlite) await SqliteTestStore.DestroyAsync(sqlite, _sqliteDir!);
            else if (s is IAsyncDisposable d) await d.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
