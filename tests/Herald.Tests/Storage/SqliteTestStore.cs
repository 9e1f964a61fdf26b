using Herald.Hosting;
using Herald.Kernel;
using Herald.Storage;
using Herald.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Herald.Tests.Storage;

/// <summary>A migrated SQLite store in a directory of its own, and its removal.</summary>
internal static class SqliteTestStore
{
    public static string NewDirectory(string purpose) => Path.Combine(Path.GetTempPath(), purpose, Guid.NewGuid().ToString("N"));

    public static async Task<SqliteStore> CreateAsync(string directory)
    {
        var store = new SqliteStore(Options.Create(new HeraldOptions { DataDirectory = directory }), Options.Create(new StorageOptions()),
            new ConfigurationBuilder().Build());
        await store.MigrateAsync(default);
        return store;
    }

    public static async Task DestroyAsync(SqliteStore store, string directory)
    {
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
