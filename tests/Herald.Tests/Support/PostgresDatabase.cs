using Herald.Testing;

namespace Herald.Tests.Support;

/// <summary>
/// A fresh database for one test on the shared throwaway cluster (<see cref="PostgresCluster"/>), so
/// tests never see each other's rows; dropped again on dispose.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public string ConnectionString { get; }

    private PostgresDatabase(string connectionString) => ConnectionString = connectionString;

    public static async Task<PostgresDatabase> CreateAsync() =>
        new(await PostgresCluster.CreateDatabaseAsync(await PostgresCluster.SharedConnectionStringAsync()));

    public async ValueTask DisposeAsync()
    {
        try { await PostgresCluster.DropDatabaseAsync(ConnectionString); }
        catch (Npgsql.NpgsqlException) { } // the server is going away with the test run anyway
    }
}
