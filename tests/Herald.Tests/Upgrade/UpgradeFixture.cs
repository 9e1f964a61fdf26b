using System.Diagnostics;
using System.Text.Json;
using Herald.Testing;
using Herald.Tests.Processes;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Herald.Tests.Upgrade;

/// <summary>
/// What a fixture's manifest.json records: the schema it was made with and what was put in it, plaintext
/// keys and secrets included (test-only values). URLs in the fixture point at <see cref="Gone"/>: the
/// receivers of the run that made it are long gone, so a test points them at its own before starting.
/// </summary>
public sealed record FixtureManifest(
    string Engine, int SchemaVersion, string MadeBy, string MadeAt, string KeyRingKey, string RootKey,
    string App, string AdminKey, string IngestKey, string EndpointId, string EndpointSecret, string EndpointUrl,
    string PushUrl, string PushUsername, string PushPassword, string CredentialId, string Channel, string[] Members,
    string DeviceUid, string DeviceId, string[] DeliveredEvents, string[] PendingEvents, string[] FailedEvents, string RepeatBody)
{
    public const string Gone = "http://127.0.0.1:9";
    // Relaxed escaping keeps the stored event body readable in the file ("{"id":...}", not \u0022).
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
        { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>One checked-in fixture (a folder under Fixtures/) and how to restore a working copy of it.</summary>
public sealed class UpgradeFixture
{
    public const string Sqlite = "sqlite", Postgres = "postgres";
    public static string Root => Path.Combine(ServerProcess.RepoRoot, "tests", "Herald.Tests", "Upgrade", "Fixtures");

    public string Name { get; }
    public string Folder => Path.Combine(Root, Name);
    public FixtureManifest Manifest { get; }

    private UpgradeFixture(string name)
    {
        Name = name;
        Manifest = JsonSerializer.Deserialize<FixtureManifest>(File.ReadAllText(Path.Combine(Folder, "manifest.json")), FixtureManifest.Json)!;
    }

    public static UpgradeFixture Load(string name) => new(name);

    /// <summary>Every fixture of <paramref name="engine"/>, oldest schema first: each one is a version someone may still run.</summary>
    public static IEnumerable<object[]> All(string engine) =>
        Directory.EnumerateDirectories(Root).Select(Path.GetFileName).Where(n => n!.StartsWith(engine + "-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    /// <summary>A working copy of a SQLite fixture: herald.db and keys/ in a new data directory.</summary>
    public string CopySqlite(string dataDirectory)
    {
        Directory.CreateDirectory(Path.Combine(dataDirectory, "keys"));
        File.Copy(Path.Combine(Folder, "herald.db"), Path.Combine(dataDirectory, "herald.db"));
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Folder, "keys")))
            File.Copy(f, Path.Combine(dataDirectory, "keys", Path.GetFileName(f)));
        return dataDirectory;
    }

    /// <summary>Restores a PostgreSQL fixture's dump into a new database of the test cluster with psql; returns its connection string.</summary>
    public async Task<string> RestorePostgresAsync()
    {
        var connectionString = await PostgresCluster.CreateDatabaseAsync(await PostgresCluster.SharedConnectionStringAsync(), "herald_upgrade");
        await RunPostgresToolAsync("psql", connectionString, "-q", "-v", "ON_ERROR_STOP=1", "-f", Path.Combine(Folder, "dump.sql"));
        return connectionString;
    }

    /// <summary>Runs a client program of the Debian server (psql, pg_dump) against the database of <paramref name="connectionString"/>.</summary>
    public static async Task<string> RunPostgresToolAsync(string tool, string connectionString, params string[] args)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).Last();
        var info = new ProcessStartInfo(Path.Combine(bin, tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", b.Host!, "-p", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", b.Username!, "-d", b.Database! }.Concat(args))
            info.ArgumentList.Add(a);
        if (b.Password is { } password) info.Environment["PGPASSWORD"] = password;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{tool} exited with {p.ExitCode}: {stderr}");
        return await stdout;
    }

    /// <summary>
    /// The receivers of the run that made the fixture are gone: its endpoint and push gateway are pointed at this
    /// run's, in the stored rows, before Herald starts (so the deliveries it finds due go there at once).
    /// </summary>
    public async Task PointAtAsync(System.Data.Common.DbConnection db, string webhookUrl, string pushUrl)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "UPDATE endpoints SET url = @webhook WHERE id = @endpoint; " +
                          "UPDATE push_credentials SET details = replace(details, @oldPush, @push) WHERE id = @credential";
        foreach (var (name, value) in new[] { ("webhook", webhookUrl), ("endpoint", Manifest.EndpointId), ("oldPush", Manifest.PushUrl),
                     ("push", pushUrl), ("credential", Manifest.CredentialId) })
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        Assert.Equal(2, await cmd.ExecuteNonQueryAsync());
    }

    /// <summary>The schema version a database says it has: SQLite's user_version, PostgreSQL's highest schema_version row.</summary>
    public static async Task<long> SchemaVersionAsync(System.Data.Common.DbConnection db)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = db is SqliteConnection ? "PRAGMA user_version" : "SELECT max(version) FROM schema_version";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static SqliteConnection OpenSqlite(string dataDirectory) =>
        new(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "herald.db"), Pooling = false }.ToString());
}
