using System.Data.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Herald.Tests.Support;

/// <summary>
/// Herald in-process (WebApplicationFactory) on a fresh data directory with real SQLite, or, when
/// HERALD_TEST_STORE=postgres, on a fresh PostgreSQL database of the throwaway cluster (the whole
/// integration suite then runs against the PostgreSQL store). Its deliveries go out over real HTTP
/// to loopback receivers, so private networks are allowed here.
/// </summary>
public sealed class HeraldHost : WebApplicationFactory<Program>
{
    public const string RootKey = "hk_root_test-root-key-0123456789";
    private const string Nowhere = "http://127.0.0.1:9";
    private readonly Dictionary<string, string?> _settings;
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "herald-tests", Guid.NewGuid().ToString("N"));
    private readonly PostgresDatabase? _postgres;

    public HeraldHost(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Herald:AdminKey"] = RootKey,
            ["Herald:DataDirectory"] = DataDirectory,
            ["Herald:Webhooks:AllowPrivateNetworks"] = "true",
            ["Herald:Delivery:PollInterval"] = "200ms",
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests never reach Apple, Google or Baidu: a provider no test pointed at its mock goes to
            // the discard port on loopback and fails fast. A test's own settings replace these.
            ["Herald:Push:Apns:ProductionUrl"] = Nowhere, ["Herald:Push:Apns:SandboxUrl"] = Nowhere,
            ["Herald:Push:Fcm:BaseUrl"] = Nowhere, ["Herald:Push:Baidu:BaseUrl"] = Nowhere,
        };
        if (string.Equals(Environment.GetEnvironmentVariable("HERALD_TEST_STORE"), "postgres", StringComparison.OrdinalIgnoreCase))
        {
            _postgres = PostgresDatabase.CreateAsync().GetAwaiter().GetResult();
            _settings["Herald:Storage:Provider"] = "Postgres";
            _settings["ConnectionStrings:Herald"] = _postgres.ConnectionString;
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
    }

    public IHeraldStore Store => Services.GetRequiredService<IHeraldStore>();

    public HttpClient ClientWith(string? key)
    {
        var c = CreateClient();
        if (key is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return c;
    }

    public HttpClient Root() => ClientWith(RootKey);

    /// <summary>Creates an app and returns an admin client scoped to it.</summary>
    public async Task<(string AppId, HttpClient Admin)> CreateAppAsync(string? id = null)
    {
        id ??= "app" + Guid.NewGuid().ToString("N")[..8];
        using var root = Root();
        (await root.PostAsJsonAsync("/v1/apps", new { id, name = $"App {id}" })).EnsureSuccessStatusCode();
        var key = await CreateKeyAsync(id, "admin");
        return (id, ClientWith(key));
    }

    public async Task<string> CreateKeyAsync(string appId, string scope)
    {
        using var root = Root();
        var r = await root.PostAsJsonAsync($"/v1/apps/{appId}/keys", new { name = $"{scope} key", scope });
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>The store's database, opened read-only on SQLite. SQL for it names parameters @name (both engines take that).</summary>
    public async Task<DbConnection> OpenDatabaseAsync()
    {
        DbConnection c = _postgres is { } pg
            ? new NpgsqlConnection(pg.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(DataDirectory, "herald.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
            }.ToString());
        await c.OpenAsync();
        return c;
    }

    /// <summary>
    /// Every byte the store keeps, for scanning for secrets at rest: SQLite's file and its logs (where recent
    /// writes live until a checkpoint), or every table's rows in PostgreSQL's binary COPY format, which carries
    /// text and bytea values as they are stored (a server file would hide long values behind compression).
    /// </summary>
    public async Task<byte[]> DatabaseBytesAsync()
    {
        var all = new MemoryStream();
        if (_postgres is not null)
        {
            await using var db = (NpgsqlConnection)await OpenDatabaseAsync();
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()", db))
            await using (var reader = await list.ExecuteReaderAsync())
                while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
            foreach (var table in tables)
            {
                await using var copy = await db.BeginRawBinaryCopyAsync($"COPY {table} TO STDOUT (FORMAT BINARY)");
                await copy.CopyToAsync(all);
            }
        }
        else
        {
            foreach (var suffix in new[] { "", "-wal", "-journal" })
            {
                var path = Path.Combine(DataDirectory, "herald.db" + suffix);
                if (!File.Exists(path)) continue;
                await using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                await f.CopyToAsync(all);
            }
        }
        Assert.True(all.Length > 0, "no database content found");
        return all.ToArray();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _postgres?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Herald refusing to start with the given settings.</summary>
public static class StartRefusal
{
    /// <summary>
    /// The validation error that stops a Herald with <paramref name="settings"/> at start. WebApplicationFactory
    /// races a host that fails to start: the entry point disposes it while the factory still asks its services,
    /// and the factory then throws ObjectDisposedException instead of the start's own error (seen under load).
    /// That answer says nothing about Herald, so a fresh host is tried again, a few times at most.
    /// </summary>
    public static Microsoft.Extensions.Options.OptionsValidationException Of(IDictionary<string, string?> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var herald = new HeraldHost(settings);
            try
            {
                herald.CreateClient();
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
                continue;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                return ex;
            }
            Assert.Fail("Herald started although its settings are invalid.");
        }
    }
}

public static class ApiExtensions
{
    public sealed record CreatedEndpoint(string Id, string Secret);

    public static async Task<CreatedEndpoint> CreateEndpointAsync(this HttpClient admin, string appId, object body)
    {
        var r = await admin.PostAsJsonAsync($"/v1/apps/{appId}/endpoints", body);
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.IsSuccessStatusCode, $"create endpoint: {(int)r.StatusCode} {json}");
        return new CreatedEndpoint(json.GetProperty("endpoint").GetProperty("id").GetString()!, json.GetProperty("secret").GetString()!);
    }

    public static async Task<string> PostEventAsync(this HttpClient client, string appId, object evt)
    {
        var r = await client.PostAsJsonAsync($"/v1/apps/{appId}/events", evt);
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((int)r.StatusCode == 202, $"ingest: {(int)r.StatusCode} {json}");
        return json.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var r = await client.GetAsync(url);
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.IsSuccessStatusCode, $"GET {url}: {(int)r.StatusCode} {json}");
        return json;
    }

    /// <summary>Polls until the condition holds; fails with the message after the timeout.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string message)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail($"Timed out after {timeout.TotalSeconds}s: {message}");
    }
}
