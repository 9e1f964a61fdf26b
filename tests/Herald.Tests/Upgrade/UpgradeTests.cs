using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Herald.Tests.Processes;
using Herald.Tests.Push;
using Herald.Tests.Support;
using Herald.Webhooks;
using Npgsql;

namespace Herald.Tests.Upgrade;

/// <summary>
/// This build started on a database an earlier build made (every fixture under Fixtures/, one per schema
/// version that shipped): it migrates it to its own latest schema, and every key, event, delivery, secret
/// and credential in it still works. Only the API and the manifest are used, so the test stays true when
/// later migrations are added: then it is what proves they carry real data forward.
/// </summary>
public sealed class UpgradeTests
{
    public static IEnumerable<object[]> Fixtures => UpgradeFixture.All(UpgradeFixture.Sqlite).Concat(UpgradeFixture.All(UpgradeFixture.Postgres));

    public static int LatestSchema(string engine) =>
        engine == UpgradeFixture.Sqlite ? SqliteSchema.Migrations.Length : PostgresSchema.Migrations.Length;

    [Fact]
    public void There_is_a_fixture_of_each_engine_at_this_builds_schema()
    {
        // A migration added without a new fixture would leave the schema it makes untested by the next one.
        foreach (var engine in new[] { UpgradeFixture.Sqlite, UpgradeFixture.Postgres })
            Assert.Contains(UpgradeFixture.All(engine), f => UpgradeFixture.Load((string)f[0]).Manifest.SchemaVersion == LatestSchema(engine));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task The_new_build_migrates_the_fixture_and_everything_in_it_still_works(string name)
    {
        var fixture = UpgradeFixture.Load(name);
        var m = fixture.Manifest;
        Assert.True(m.SchemaVersion <= LatestSchema(m.Engine), $"{name} was made by a newer build than this one");
        await using var webhooks = await Receiver.StartAsync();
        webhooks.Verifier = new WebhookVerifier(m.EndpointSecret);
        await using var push = await Receiver.StartAsync();
        await using var copy = await FixtureCopy.RestoreAsync(fixture);
        await using (var db = await copy.OpenAsync()) await fixture.PointAtAsync(db, webhooks.Url, push.Url);

        using var herald = new HeraldHost(copy.Settings());
        using var admin = herald.ClientWith(m.AdminKey);
        using var ingest = herald.ClientWith(m.IngestKey);

        // Started (the first request starts the host): migrated to this build's latest schema.
        Assert.Equal(HttpStatusCode.Unauthorized, (await herald.ClientWith("hk_not-a-key").GetAsync($"/v1/apps/{m.App}/endpoints")).StatusCode);
        await using (var db = await copy.OpenAsync()) Assert.Equal(LatestSchema(m.Engine), await UpgradeFixture.SchemaVersionAsync(db));

        // The secret and the credential decrypt with the fixture's key ring; devices, members and settings are there.
        Assert.Equal(m.EndpointSecret, (await admin.GetJsonAsync($"/v1/apps/{m.App}/endpoints/{m.EndpointId}/secret")).GetProperty("secret").GetString());
        var credential = await admin.GetJsonAsync($"/v1/apps/{m.App}/push/credentials/{m.CredentialId}");
        Assert.True(credential.GetProperty("hasPassword").GetBoolean());
        Assert.Contains($"\"{m.DeviceId}\"", (await admin.GetJsonAsync($"/v1/apps/{m.App}/users/{m.DeviceUid}/devices")).ToString());
        var members = (await ingest.GetJsonAsync($"/v1/apps/{m.App}/channels/{m.Channel}/members")).ToString();
        Assert.All(m.Members, uid => Assert.Contains($"\"{uid}\"", members));
        Assert.Contains("{{senderName}}: {{text}}", (await admin.GetJsonAsync($"/v1/apps/{m.App}/push/events")).ToString());

        // The history is listed: delivered and dead-lettered events as they were.
        Assert.Subset(await EventIdsAsync(admin, m, $"endpointId={m.EndpointId}&status=succeeded"), m.DeliveredEvents.ToHashSet());
        Assert.Subset(await EventIdsAsync(admin, m, "kind=webhook&status=failed"), m.FailedEvents.ToHashSet());

        // The deliveries left pending are sent, signed with the fixture's secret; so is a new event.
        await ingest.PostEventAsync(m.App, PushTestKit.GroupMessage("fx-after-upgrade", text: "after the upgrade", sender: m.Members[0]));
        string[] expected = [.. m.PendingEvents, "fx-after-upgrade"];
        await ApiExtensions.Eventually(async () => (await EventIdsAsync(admin, m, $"endpointId={m.EndpointId}&status=succeeded")).IsSupersetOf(expected),
            TimeSpan.FromSeconds(30), "the pending and the new deliveries succeed");
        foreach (var id in expected)
        {
            var got = Assert.Single(webhooks.Requests, r => r.Body.Contains($"\"{id}\"", StringComparison.Ordinal));
            Assert.True(got.SignatureValid, $"{id}: {got.VerifyError}");
        }
        // Each pending delivery's log reads on from the fixture's failed first attempt to this build's success,
        // wherever each build keeps an attempt (SQLite 9 / PostgreSQL 7 moved the first one into the delivery's row).
        var succeeded = (await admin.GetJsonAsync($"/v1/apps/{m.App}/deliveries?endpointId={m.EndpointId}&status=succeeded&limit=500"))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(m.PendingEvents); // every fixture leaves deliveries pending after a failed attempt (Fixtures/README.md)
        foreach (var id in m.PendingEvents)
        {
            var delivery = succeeded.Single(d => d.GetProperty("eventId").GetString() == id).GetProperty("id").GetString();
            var attempts = (await admin.GetJsonAsync($"/v1/apps/{m.App}/deliveries/{delivery}")).GetProperty("attempts").EnumerateArray().ToArray();
            Assert.True(attempts.Length >= 2, $"{id}: {attempts.Length} attempt(s) in its log");
            Assert.Equal(Enumerable.Range(1, attempts.Length), attempts.Select(a => a.GetProperty("attempt").GetInt32()));
            Assert.NotEqual("succeeded", attempts[0].GetProperty("outcome").GetString());
            Assert.Equal(200, attempts[^1].GetProperty("statusCode").GetInt32());
        }

        // The custom gateway gets the new message with the fixture's Basic Auth password, once per other member.
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{m.PushUsername}:{m.PushPassword}"));
        await ApiExtensions.Eventually(() => Task.FromResult(push.Requests.Count(r => r.Body.Contains("after the upgrade")) == m.Members.Length - 1),
            TimeSpan.FromSeconds(30), "the new message is pushed to every member but its sender");
        Assert.All(push.Requests, r => Assert.Equal(basic, r.Authorization));

        // An event the fixture holds, posted again exactly, is a duplicate: the idempotency record survived.
        using var repeat = await ingest.PostAsync($"/v1/apps/{m.App}/events", new StringContent(m.RepeatBody, Encoding.UTF8, "application/json"));
        Assert.Equal(202, (int)repeat.StatusCode);
        Assert.True((await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
    }

    private static async Task<HashSet<string>> EventIdsAsync(HttpClient admin, FixtureManifest m, string query) =>
        (await admin.GetJsonAsync($"/v1/apps/{m.App}/deliveries?{query}&limit=500")).GetProperty("items").EnumerateArray()
            .Select(d => d.GetProperty("eventId").GetString()!).ToHashSet();
}

/// <summary>A working copy of a fixture (a data directory, or a database restored from the dump) and the settings that start Herald on it.</summary>
public sealed class FixtureCopy : IAsyncDisposable
{
    private readonly UpgradeFixture _fixture;
    public string DataDirectory { get; } = ServerProcess.NewDataDirectory();
    public string? Database { get; private set; }

    private FixtureCopy(UpgradeFixture fixture) => _fixture = fixture;

    public static async Task<FixtureCopy> RestoreAsync(UpgradeFixture fixture)
    {
        var copy = new FixtureCopy(fixture);
        Directory.CreateDirectory(copy.DataDirectory);
        if (fixture.Manifest.Engine == UpgradeFixture.Sqlite) fixture.CopySqlite(copy.DataDirectory);
        else copy.Database = await fixture.RestorePostgresAsync();
        return copy;
    }

    public async Task<System.Data.Common.DbConnection> OpenAsync()
    {
        System.Data.Common.DbConnection c = Database is null ? UpgradeFixture.OpenSqlite(DataDirectory) : new NpgsqlConnection(Database);
        await c.OpenAsync();
        return c;
    }

    /// <summary>The fixture's key ring key and root key, on this copy.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Herald:DataDirectory"] = DataDirectory,
        ["Herald:KeyRing:Key"] = _fixture.Manifest.KeyRingKey,
        ["Herald:AdminKey"] = _fixture.Manifest.RootKey,
        ["Herald:Storage:Provider"] = Database is null ? "Sqlite" : "Postgres",
        ["ConnectionStrings:Herald"] = Database,
    };

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Database is not null) await Herald.Testing.PostgresCluster.DropDatabaseAsync(Database);
        ServerProcess.DeleteDirectory(DataDirectory);
    }
}
