using System.Diagnostics;
using Herald.Tests.Processes;
using Xunit.Abstractions;

namespace Herald.Tests.Upgrade;

/// <summary>
/// A binary older than its database's schema refuses to start, saying so: the real server process on a
/// copy of this build's fixture whose schema version is set one past what this build knows, as if a
/// newer Herald had migrated it.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class DowngradeRefusalTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(UpgradeFixture.Sqlite)]
    [InlineData(UpgradeFixture.Postgres)]
    public async Task Herald_exits_with_a_message_on_a_database_a_newer_build_has_migrated(string engine)
    {
        var latest = UpgradeTests.LatestSchema(engine);
        // The newest fixture: whatever schema it has, one past this build's latest is what a newer build would leave.
        var fixture = UpgradeFixture.All(engine).Select(f => UpgradeFixture.Load((string)f[0])).MaxBy(f => f.Manifest.SchemaVersion)!;
        await using var copy = await FixtureCopy.RestoreAsync(fixture);
        await using (var db = await copy.OpenAsync())
        await using (var bump = db.CreateCommand())
        {
            bump.CommandText = engine == UpgradeFixture.Sqlite
                ? $"PRAGMA user_version = {latest + 1}"
                : $"INSERT INTO schema_version(version) VALUES ({latest + 1})";
            await bump.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var server = ServerProcess.Start(copy.DataDirectory, fixture.Manifest.RootKey, copy.Settings());
        var giveUp = Stopwatch.StartNew();
        while (!server.HasExited && giveUp.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);
        try
        {
            Assert.True(server.HasExited, "Herald kept running on a database newer than it knows");
            Assert.NotEqual(0, server.ExitCode);
            Assert.Contains($"The database's schema is version {latest + 1}, newer than this Herald build knows ({latest}); upgrade", server.Output);
        }
        catch
        {
            server.WriteOutputTo(output, engine);
            throw;
        }

        // Nothing was touched: the database still says the newer version.
        await using (var db = await copy.OpenAsync()) Assert.Equal(latest + 1, await UpgradeFixture.SchemaVersionAsync(db));
    }
}
