using Herald.Hosting;
using Herald.Push.Providers.Apns;
using Herald.Storage;
using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Herald.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Herald.Tests.Push.Apns;

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
        _sqliteDir = Path.Combine(Path.GetTempPath(), "herald-token-tests", Guid.NewGuid().ToString("N"));
        var store = new SqliteStore(Options.Create(new HeraldOptions { DataDirectory = _sqliteDir }), Options.Create(new StorageOptions()),
            new ConfigurationBuilder().Build());
        await store.MigrateAsync(default);
        _stores.Add(store);
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

    /// <summary>A new cache (a node's memory) over node <paramref name="node"/>'s store.</summary>
    public ApnsTokenCache Cache(TimeProvider clock, int node = 0)
    {
        var cache = new ApnsTokenCache(clock, _stores[node], _protection);
        _caches.Add(cache);
        return cache;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _caches) c.Dispose();
        foreach (var s in _stores)
            if (s is IAsyncDisposable d) await d.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_sqliteDir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
