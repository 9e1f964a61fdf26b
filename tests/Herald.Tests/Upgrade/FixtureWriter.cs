using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Herald.Testing;
using Herald.Tests.Processes;
using Herald.Tests.Push;
using Herald.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Herald.Tests.Upgrade;

/// <summary>
/// Writes this build's upgrade fixtures into Fixtures/ (see its README). Opt-in: it runs only with
/// HERALD_WRITE_UPGRADE_FIXTURES=1, when the schema has changed; otherwise it does nothing.
/// </summary>
public sealed class FixtureWriter
{
    private const string KeyRingKey = "UtJ/QTp9p3DKEVcZI1SexzNUVdagltefeTGaTkx+YJ4=";
    private const string EndpointSecret = "whsec_TjBhODJUZFdiQ1B5bGxCdE93NStuNGdnT2huMndVVWs=";
    private const string App = "upgrade-fixture";

    [Fact]
    public async Task Write_the_upgrade_fixtures_of_this_build()
    {
        if (Environment.GetEnvironmentVariable("HERALD_WRITE_UPGRADE_FIXTURES") != "1") return;
        await WriteAsync(UpgradeFixture.Sqlite);
        await WriteAsync(UpgradeFixture.Postgres);
    }

    private static async Task WriteAsync(string engine)
    {
        var dataDirectory = ServerProcess.NewDataDirectory();
        var database = engine == UpgradeFixture.Postgres
            ? await PostgresCluster.CreateDatabaseAsync(await PostgresCluster.SharedConnectionStringAsync(), "herald_fixture")
            : null;
        try
        {
            // Two runs, as deployments have them: the first with one attempt per delivery, so the endpoint at a
            // dead address is left with failed deliveries; the second leaves deliveries pending after a failed try.
            await using var receiver = await Receiver.StartAsync();
            var m = await FirstRunAsync(Host("0s"), receiver, engine);
            m = await SecondRunAsync(Host("0s,10s"), m);
            await using (System.Data.Common.DbConnection db = database is null ? UpgradeFixture.OpenSqlite(dataDirectory) : new Npgsql.NpgsqlConnection(database))
            {
                await db.OpenAsync();
                m = m with { SchemaVersion = (int)await UpgradeFixture.SchemaVersionAsync(db) };
            }

            HeraldHost Host(string retrySchedule) => new(new Dictionary<string, string?>
            {
                ["Herald:DataDirectory"] = dataDirectory,
                ["Herald:KeyRing:Key"] = KeyRingKey,
                ["Herald:Delivery:RetrySchedule"] = retrySchedule,
                ["Herald:Delivery:RetryJitter"] = "0",
                ["Herald:Storage:Provider"] = database is null ? "Sqlite" : "Postgres",
                ["ConnectionStrings:Herald"] = database,
            });

            var folder = Path.Combine(UpgradeFixture.Root, $"{engine}-v{m.SchemaVersion}");
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            if (database is null) WriteSqlite(dataDirectory, folder);
            else
                await File.WriteAllTextAsync(Path.Combine(folder, "dump.sql"),
                    await UpgradeFixture.RunPostgresToolAsync("pg_dump", database, "--no-owner", "--no-privileges"));
            await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), JsonSerializer.Serialize(m, FixtureManifest.Json) + "\n");
        }
        finally
        {
            if (database is not null) await PostgresCluster.DropDatabaseAsync(database);
            ServerProcess.DeleteDirectory(dataDirectory);
        }
    }

    private static async Task<FixtureManifest> FirstRunAsync(HeraldHost herald, Receiver receiver, string engine)
    {
        using var _ = herald;
        using var root = herald.Root();
        (await root.PostAsJsonAsync("/v1/apps", new { id = App, name = "Upgrade fixture" })).EnsureSuccessStatusCode();
        var adminKey = await herald.CreateKeyAsync(App, "admin");
        var ingestKey = await herald.CreateKeyAsync(App, "ingest");
        using var admin = herald.ClientWith(adminKey);
        using var ingest = herald.ClientWith(ingestKey);

        var endpoint = await admin.CreateEndpointAsync(App, new { url = receiver.Url, description = "orders", secret = EndpointSecret });
        var dead = await admin.CreateEndpointAsync(App, new { url = FixtureManifest.Gone + "/dead", description = "dead", eventTypes = new[] { "message.created" } });
        var pushUrl = FixtureManifest.Gone + "/push";
        var credential = await admin.PostAsJsonAsync($"/v1/apps/{App}/push/credentials",
            new { name = "gateway", provider = "custom", url = pushUrl, username = PushTestKit.User, password = PushTestKit.Password, active = true });
        Assert.True(credential.IsSuccessStatusCode, await credential.Content.ReadAsStringAsync());
        var credentialId = (await credential.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        string[] members = ["fixture-u1", "fixture-u2", "fixture-u3"];
        await ingest.PutOkAsync($"/v1/apps/{App}/channels/hiking/members", new { members });
        await admin.PutOkAsync($"/v1/apps/{App}/users/fixture-u2/devices/phone", new { platform = "android", provider = "baidu", token = "channel-u2", locale = "fr-FR" });
        await admin.PutOkAsync($"/v1/apps/{App}/push/settings", new { includeMessageObject = true });
        await admin.PutOkAsync($"/v1/apps/{App}/push/events/message.created", new
        {
            conversationType = "group", template = new { title = "{{conversationName}}", body = "{{senderName}}: {{text}}" },
        });

        string[] delivered = ["fx-delivered-1", "fx-delivered-2"];
        var repeatBody = JsonSerializer.Serialize(PushTestKit.GroupMessage(delivered[0], sender: "fixture-u1"));
        using (var r = await ingest.PostAsync($"/v1/apps/{App}/events", new StringContent(repeatBody, Encoding.UTF8, "application/json")))
            Assert.Equal(202, (int)r.StatusCode);
        await ingest.PostEventAsync(App, PushTestKit.GroupMessage(delivered[1], sender: "fixture-u1"));
        await ApiExtensions.Eventually(async () =>
            await CountAsync(admin, $"endpointId={endpoint.Id}&status=succeeded") == 2 && await CountAsync(admin, $"endpointId={dead.Id}&status=failed") == 2,
            TimeSpan.FromSeconds(30), "the events are delivered to the receiver and failed at the dead endpoint");

        return new FixtureManifest(engine, 0, GitCommit(), DateTime.UtcNow.ToString("yyyy-MM-dd"),
            KeyRingKey, HeraldHost.RootKey, App, adminKey, ingestKey, endpoint.Id, EndpointSecret, FixtureManifest.Gone + "/orders",
            pushUrl, PushTestKit.User, PushTestKit.Password, credentialId, "hiking", members, "fixture-u2", "phone",
            delivered, [], ["fx-delivered-1", "fx-delivered-2"], repeatBody);
    }

    private static async Task<FixtureManifest> SecondRunAsync(HeraldHost herald, FixtureManifest m)
    {
        using var _ = herald;
        using var admin = herald.ClientWith(m.AdminKey);
        using var ingest = herald.ClientWith(m.IngestKey);
        // The receiver goes away: what is posted now fails once and waits for its retry (10 s on) when Herald stops.
        (await admin.PatchAsJsonAsync($"/v1/apps/{m.App}/endpoints/{m.EndpointId}", new { url = m.EndpointUrl })).EnsureSuccessStatusCode();
        string[] pending = ["fx-pending-1", "fx-pending-2"];
        foreach (var id in pending) await ingest.PostEventAsync(m.App, PushTestKit.GroupMessage(id, sender: "fixture-u1"));
        await ApiExtensions.Eventually(async () =>
        {
            var items = (await admin.GetJsonAsync($"/v1/apps/{m.App}/deliveries?endpointId={m.EndpointId}&status=pending")).GetProperty("items");
            return items.GetArrayLength() == 2 && items.EnumerateArray().All(d => d.GetProperty("attempts").GetInt32() == 1);
        }, TimeSpan.FromSeconds(8), "both new deliveries fail once and wait for their retry");
        return m with { PendingEvents = pending };
    }

    private static async Task<int> CountAsync(HttpClient admin, string query) =>
        (await admin.GetJsonAsync($"/v1/apps/{App}/deliveries?{query}")).GetProperty("items").GetArrayLength();

    /// <summary>herald.db with everything checkpointed into it (no -wal needed) and compacted, plus the key ring (keys/).</summary>
    private static void WriteSqlite(string dataDirectory, string folder)
    {
        SqliteConnection.ClearAllPools();
        using (var c = UpgradeFixture.OpenSqlite(dataDirectory))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // 1 KB pages: most tables hold a row or none, and a page each at Herald's 4 KB would make the file 200 KB.
            // The page size is the file's own business; Herald reads any and keeps WAL, as set here again.
            cmd.CommandText = "PRAGMA journal_mode=DELETE; PRAGMA page_size=1024; VACUUM; PRAGMA journal_mode=WAL; PRAGMA wal_checkpoint(TRUNCATE);";
            cmd.ExecuteNonQuery();
        }
        File.Copy(Path.Combine(dataDirectory, "herald.db"), Path.Combine(folder, "herald.db"));
        Directory.CreateDirectory(Path.Combine(folder, "keys"));
        foreach (var f in Directory.EnumerateFiles(Path.Combine(dataDirectory, "keys")))
            File.Copy(f, Path.Combine(folder, "keys", Path.GetFileName(f)));
    }

    private static string GitCommit()
    {
        var info = new System.Diagnostics.ProcessStartInfo("git", "rev-parse --short HEAD")
            { WorkingDirectory = ServerProcess.RepoRoot, RedirectStandardOutput = true, UseShellExecute = false };
        using var p = System.Diagnostics.Process.Start(info)!;
        var commit = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return $"Herald {commit}";
    }
}
