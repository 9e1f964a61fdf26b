using Herald.Tests.Support;
using Npgsql;

namespace Herald.Tests.Storage;

public sealed class PostgresClusterTests
{
    [Fact]
    public async Task Each_test_gets_its_own_empty_database_on_the_throwaway_cluster()
    {
        await using var a = await PostgresDatabase.CreateAsync();
        await using var b = await PostgresDatabase.CreateAsync();
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(a.ConnectionString).Database, new NpgsqlConnectionStringBuilder(b.ConnectionString).Database);
        await using var c = new NpgsqlConnection(a.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", c);
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
    }
}

public sealed class PostgresClusterLifecycleTests
{
    [Fact]
    public async Task A_cluster_stops_and_leaves_nothing_behind()
    {
        var cluster = await Herald.Testing.PostgresCluster.StartAsync();
        var root = cluster.Root;
        await using (var c = new NpgsqlConnection(cluster.ConnectionString))
        {
            await c.OpenAsync();
        }
        await cluster.DisposeAsync();
        Assert.False(Directory.Exists(root), $"{root} is left behind");
    }
}
