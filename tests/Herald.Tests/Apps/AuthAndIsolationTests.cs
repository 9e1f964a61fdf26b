using System.Data.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Apps;
using Herald.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Apps;

/// <summary>Two apps, A and B, on one Herald. B has a key, an endpoint (a real receiver) and a delivered event.</summary>
public sealed class TwoAppsFixture : IAsyncLifetime
{
    // Same length on purpose: a 404 for B and a 404 for the ghost must be byte-for-byte alike once the id is swapped.
    public const string A = "app-aaaa", B = "app-bbbb", Ghost = "app-gggg";
    public HeraldHost Herald { get; } = new();
    public Receiver Receiver { get; private set; } = null!;
    public HttpClient AdminA { get; private set; } = null!;
    public HttpClient AdminB { get; private set; } = null!;
    public string KeyA { get; private set; } = "";
    public string KeyB { get; private set; } = "";
    public string KeyIdB { get; private set; } = "";
    public string EndpointB { get; private set; } = "";
    public string DeliveryB { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Receiver = await Receiver.StartAsync();
        (_, AdminA) = await Herald.CreateAppAsync(A);
        (_, AdminB) = await Herald.CreateAppAsync(B);
        KeyA = AdminA.DefaultRequestHeaders.Authorization!.Parameter!;
        KeyB = AdminB.DefaultRequestHeaders.Authorization!.Parameter!;
        KeyIdB = ApiKeys.ParseKeyId(KeyB)!;
        EndpointB = (await AdminB.CreateEndpointAsync(B, new { url = Receiver.Url })).Id;
        await AdminB.PostEventAsync(B, new { type = "message.created", sender = new { uid = "u1" }, data = new { text = "hi" } });
        await ApiExtensions.Eventually(async () =>
        {
            var page = await AdminB.GetJsonAsync($"/v1/apps/{B}/deliveries?status=succeeded");
            if (page.GetProperty("items").GetArrayLength() == 0) return false;
            DeliveryB = page.GetProperty("items")[0].GetProperty("id").GetString()!;
            return true;
        }, TimeSpan.FromSeconds(10), "B's event is delivered");
    }

    public async Task DisposeAsync()
    {
        AdminA.Dispose();
        AdminB.Dispose();
        Herald.Dispose();
        await Receiver.DisposeAsync();
    }
}

public sealed class AuthAndIsolationTests(TwoAppsFixture fx) : IClassFixture<TwoAppsFixture>
{
    private const string A = TwoAppsFixture.A, B = TwoAppsFixture.B, Ghost = TwoAppsFixture.Ghost;

    private sealed record Route(HttpMethod Method, string Path, string? Body = null);

    /// <summary>Every route under /v1/apps/{app}, with a body that would be valid.</summary>
    private static readonly Dictionary<string, Route> AppRoutes = new()
    {
        ["get app"] = new(HttpMethod.Get, "/v1/apps/{app}"),
        ["list keys"] = new(HttpMethod.Get, "/v1/apps/{app}/keys"),
        ["create key"] = new(HttpMethod.Post, "/v1/apps/{app}/keys", """{"name":"sneaky","scope":"admin"}"""),
        ["revoke key"] = new(HttpMethod.Delete, "/v1/apps/{app}/keys/{key}"),
        ["list endpoints"] = new(HttpMethod.Get, "/v1/apps/{app}/endpoints"),
        ["create endpoint"] = new(HttpMethod.Post, "/v1/apps/{app}/endpoints", """{"url":"https://attacker.example/hook"}"""),
        ["get endpoint"] = new(HttpMethod.Get, "/v1/apps/{app}/endpoints/{ep}"),
        ["patch endpoint"] = new(HttpMethod.Patch, "/v1/apps/{app}/endpoints/{ep}", """{"url":"https://attacker.example/hook"}"""),
        ["delete endpoint"] = new(HttpMethod.Delete, "/v1/apps/{app}/endpoints/{ep}"),
        ["reveal secret"] = new(HttpMethod.Get, "/v1/apps/{app}/endpoints/{ep}/secret"),
        ["rotate secret"] = new(HttpMethod.Post, "/v1/apps/{app}/endpoints/{ep}/secret/rotate", "{}"),
        ["replay"] = new(HttpMethod.Post, "/v1/apps/{app}/endpoints/{ep}/replay", """{"since":"2020-01-01T00:00:00Z"}"""),
        ["post event"] = new(HttpMethod.Post, "/v1/apps/{app}/events", """{"type":"message.created"}"""),
        ["post batch"] = new(HttpMethod.Post, "/v1/apps/{app}/events/batch", """{"events":[{"type":"message.created"}]}"""),
        ["list deliveries"] = new(HttpMethod.Get, "/v1/apps/{app}/deliveries"),
        ["get delivery"] = new(HttpMethod.Get, "/v1/apps/{app}/deliveries/{dlv}"),
        ["retry delivery"] = new(HttpMethod.Post, "/v1/apps/{app}/deliveries/{dlv}/retry"),
    };

    public static TheoryData<string> AppRouteNames() => new(AppRoutes.Keys);

    private async Task<(int Status, string? MediaType, string Body)> SendAsync(string? key, string route, string app, string? authorization = null)
    {
        var r = AppRoutes[route];
        var path = r.Path.Replace("{app}", app, StringComparison.Ordinal).Replace("{ep}", fx.EndpointB, StringComparison.Ordinal)
            .Replace("{key}", fx.KeyIdB, StringComparison.Ordinal).Replace("{dlv}", fx.DeliveryB, StringComparison.Ordinal);
        return await SendRawAsync(key, r.Method, path, r.Body, authorization);
    }

    private async Task<(int Status, string? MediaType, string Body)> SendRawAsync(
        string? key, HttpMethod method, string path, string? body = null, string? authorization = null)
    {
        using var client = fx.Herald.ClientWith(key);
        using var request = new HttpRequestMessage(method, path);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static string Detail(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var detail = doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        Assert.False(string.IsNullOrWhiteSpace(detail), $"the problem has no detail: {body}");
        return detail!;
    }

    /// <summary>The problem without its per-request traceId, and with the app id in the URL replaced.</summary>
    private static string Normalized(string body, string app)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString().Replace(app, "{app}", StringComparison.Ordinal);
    }

    // ---------- 401

    [Theory]
    [MemberData(nameof(AppRouteNames))]
    public async Task No_key_is_401_with_a_problem_that_says_how_to_authenticate(string route)
    {
        var (status, type, body) = await SendAsync(null, route, B);
        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("Authorization", Detail(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer hk_0123456789abcdef_not-a-real-key-at-all")] // well-formed, unknown key id
    [InlineData("Bearer hk_root_test-root-key-012345678")] // the root key minus its last character
    [InlineData("Bearer hk_root_test-root-key-0123456789x")] // the root key plus one
    [InlineData("Bearer hk_")]
    [InlineData("Bearer garbage")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("Basic aGVyYWxkOmhlcmFsZA==")]
    [InlineData("hk_root_test-root-key-0123456789")] // the right key without the scheme
    [InlineData("Token hk_root_test-root-key-0123456789")]
    public async Task A_wrong_or_malformed_key_is_401(string authorization)
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/v1/apps/{B}"), (HttpMethod.Get, "/v1/apps"), (HttpMethod.Get, $"/v1/apps/{B}/endpoints") })
        {
            var (status, type, body) = await SendRawAsync(null, method, path, authorization: authorization);
            Assert.True(status == 401, $"{authorization} on {path}: {status} {body}");
            Assert.Equal("application/problem+json", type);
            Detail(body);
        }
    }

    [Fact]
    public async Task An_app_key_with_a_tampered_secret_is_401()
    {
        var tampered = fx.KeyB[..^1] + (fx.KeyB[^1] == 'A' ? 'B' : 'A');
        var (status, _, _) = await SendRawAsync(tampered, HttpMethod.Get, $"/v1/apps/{B}");
        Assert.Equal(401, status);
        var (ok, _, _) = await SendRawAsync(fx.KeyB, HttpMethod.Get, $"/v1/apps/{B}");
        Assert.Equal(200, ok);
    }

    [Fact]
    public async Task Made_up_key_ids_do_not_grow_the_key_cache()
    {
        // Without a key, nobody should be able to make Herald hold memory: 300 invented key ids, then the
        // authenticator's cache (private; read by reflection) must be no bigger than before.
        var auth = fx.Herald.Services.GetRequiredService<KeyAuthenticator>();
        var field = typeof(KeyAuthenticator).GetField("_cache", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
        Assert.True(field is not null, "KeyAuthenticator._cache was renamed; update this test");
        int Count() => ((System.Collections.ICollection)field.GetValue(auth)!).Count;

        var before = Count();
        for (var i = 0; i < 300; i++)
            Assert.Equal(401, (await SendRawAsync($"hk_{i:x16}_made-up-secret", HttpMethod.Get, $"/v1/apps/{A}")).Status);
        Assert.True(Count() <= before, $"the key cache grew from {before} to {Count()} entries on unknown keys");
        Assert.Equal(200, (await SendRawAsync(fx.KeyA, HttpMethod.Get, $"/v1/apps/{A}")).Status);
    }

    [Fact]
    public async Task No_key_with_an_invalid_body_is_still_401_not_a_validation_error()
    {
        // Authentication comes before anything about the request is judged.
        var (status, _, body) = await SendRawAsync(null, HttpMethod.Post, $"/v1/apps/{B}/endpoints", """{"enabled":"yes"}""");
        Assert.True(status == 401, $"{status} {body}");
        (status, _, body) = await SendRawAsync(null, HttpMethod.Post, "/v1/apps", """{"id":"x","owner":"me"}""");
        Assert.True(status == 401, $"{status} {body}");
    }

    // ---------- isolation between apps

    [Theory]
    [MemberData(nameof(AppRouteNames))]
    public async Task Another_apps_key_gets_the_same_404_as_for_an_app_that_does_not_exist(string route)
    {
        var before = await fx.Herald.Store.CountAsync(default);

        var (status, type, body) = await SendAsync(fx.KeyA, route, B);
        var (ghostStatus, ghostType, ghostBody) = await SendAsync(fx.KeyA, route, Ghost);

        Assert.True(status == 404, $"A's key on B's '{route}': {status} {body}");
        Assert.Equal("application/problem+json", type);
        Detail(body);
        Assert.Equal(ghostStatus, status);
        Assert.Equal(ghostType, type);
        Assert.Equal(Normalized(ghostBody, Ghost), Normalized(body, B));

        // B is untouched: its key still works, its endpoint is still there with its URL, nothing new was stored.
        Assert.Equal(before, await fx.Herald.Store.CountAsync(default));
        var endpoint = await fx.AdminB.GetJsonAsync($"/v1/apps/{B}/endpoints/{fx.EndpointB}");
        Assert.Equal(fx.Receiver.Url, endpoint.GetProperty("url").GetString());
        Assert.Single(await fx.Herald.Store.ListApiKeysAsync(B, default), k => k.RevokedAt is null);
    }

    [Theory]
    [MemberData(nameof(AppRouteNames))]
    public async Task An_ingest_key_of_another_app_also_gets_404(string route)
    {
        var ingestA = await fx.Herald.CreateKeyAsync(A, "ingest");
        var (status, type, body) = await SendAsync(ingestA, route, B);
        var (_, _, ghostBody) = await SendAsync(ingestA, route, Ghost);
        Assert.True(status == 404, $"A's ingest key on B's '{route}': {status} {body}");
        Assert.Equal("application/problem+json", type);
        Assert.Equal(Normalized(ghostBody, Ghost), Normalized(body, B));
    }

    [Fact]
    public async Task The_root_key_sees_every_app_and_an_app_key_sees_its_own()
    {
        using var root = fx.Herald.Root();
        var apps = (await root.GetJsonAsync("/v1/apps")).EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Contains(A, apps);
        Assert.Contains(B, apps);
        Assert.Equal(B, (await root.GetJsonAsync($"/v1/apps/{B}")).GetProperty("id").GetString());
        Assert.Equal(A, (await root.GetJsonAsync($"/v1/apps/{A}")).GetProperty("id").GetString());
        Assert.Single((await root.GetJsonAsync($"/v1/apps/{B}/endpoints")).EnumerateArray());
        Assert.Equal(A, (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}")).GetProperty("id").GetString());
        Assert.Empty((await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/endpoints")).EnumerateArray());
    }

    [Theory]
    [InlineData("GET", "/v1/apps", null)]
    [InlineData("POST", "/v1/apps", """{"id":"made-by-app-key","name":"Nope"}""")]
    public async Task An_app_key_cannot_list_or_create_apps(string method, string path, string? body)
    {
        var appsBefore = (await fx.Herald.Store.CountAsync(default)).Apps;
        var (status, type, text) = await SendRawAsync(fx.KeyA, new HttpMethod(method), path, body);
        Assert.True(status == 403, $"{method} {path}: {status} {text}");
        Assert.Equal("application/problem+json", type);
        Assert.Contains("root", Detail(text), StringComparison.Ordinal);
        Assert.Equal(appsBefore, (await fx.Herald.Store.CountAsync(default)).Apps);
        Assert.Null(await fx.Herald.Store.GetAppAsync("made-by-app-key", default));
    }

    // ---------- scopes

    [Fact]
    public async Task An_ingest_key_can_post_events_and_nothing_else()
    {
        var ingest = await fx.Herald.CreateKeyAsync(A, "ingest");
        var eventsBefore = (await fx.Herald.Store.CountAsync(default)).Events;

        var (one, _, oneBody) = await SendRawAsync(ingest, HttpMethod.Post, $"/v1/apps/{A}/events", """{"type":"message.created"}""");
        Assert.True(one == 202, $"{one} {oneBody}");
        var (batch, _, batchBody) = await SendRawAsync(ingest, HttpMethod.Post, $"/v1/apps/{A}/events/batch", """{"events":[{"type":"message.created"}]}""");
        Assert.True(batch == 202, $"{batch} {batchBody}");
        Assert.Equal(eventsBefore + 2, (await fx.Herald.Store.CountAsync(default)).Events);

        var forbidden = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, $"/v1/apps/{A}", null),
            (HttpMethod.Get, $"/v1/apps/{A}/keys", null),
            (HttpMethod.Post, $"/v1/apps/{A}/keys", """{"name":"escalate","scope":"admin"}"""),
            (HttpMethod.Get, $"/v1/apps/{A}/endpoints", null),
            (HttpMethod.Post, $"/v1/apps/{A}/endpoints", """{"url":"https://attacker.example/hook"}"""),
            (HttpMethod.Get, $"/v1/apps/{A}/deliveries", null),
        };
        foreach (var (method, path, body) in forbidden)
        {
            var (status, type, text) = await SendRawAsync(ingest, method, path, body);
            Assert.True(status == 403, $"ingest key, {method} {path}: {status} {text}");
            Assert.Equal("application/problem+json", type);
            Assert.Contains("admin", Detail(text), StringComparison.Ordinal);
        }
        Assert.Empty(await fx.Herald.Store.ListEndpointsAsync(A, default));
        Assert.DoesNotContain(await fx.Herald.Store.ListApiKeysAsync(A, default), k => k.Name == "escalate");
    }

    // ---------- revocation

    [Fact]
    public async Task A_revoked_key_is_401_at_once()
    {
        using var root = fx.Herald.Root();
        var created = await (await root.PostAsJsonAsync($"/v1/apps/{A}/keys", new { name = "short-lived", scope = "admin" })).Content
            .ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var keyId = created.GetProperty("id").GetString()!;

        // Used first, so a cache would hold it.
        Assert.Equal(200, (await SendRawAsync(key, HttpMethod.Get, $"/v1/apps/{A}")).Status);
        Assert.Equal(202, (await SendRawAsync(key, HttpMethod.Post, $"/v1/apps/{A}/events", """{"type":"message.created"}""")).Status);

        using var revoke = await fx.AdminA.DeleteAsync($"/v1/apps/{A}/keys/{keyId}");
        Assert.Equal(204, (int)revoke.StatusCode);

        var (status, type, body) = await SendRawAsync(key, HttpMethod.Get, $"/v1/apps/{A}");
        Assert.True(status == 401, $"{status} {body}");
        Assert.Equal("application/problem+json", type);
        Assert.Equal(401, (await SendRawAsync(key, HttpMethod.Post, $"/v1/apps/{A}/events", """{"type":"message.created"}""")).Status);
        var listed = (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/keys")).EnumerateArray().Single(k => k.GetProperty("id").GetString() == keyId);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
        // Revoking again is a 404 (it is already revoked), and the other keys are unaffected.
        using var again = await fx.AdminA.DeleteAsync($"/v1/apps/{A}/keys/{keyId}");
        Assert.Equal(404, (int)again.StatusCode);
        Assert.Equal(200, (await SendRawAsync(fx.KeyA, HttpMethod.Get, $"/v1/apps/{A}")).Status);
    }

    // ---------- routing errors

    [Theory]
    [InlineData("GET", "/v1/nothing-here")]
    [InlineData("GET", "/nope")]
    [InlineData("POST", "/v1/apps/app-aaaa/things")]
    public async Task An_unknown_route_is_a_404_problem(string method, string path)
    {
        var (status, type, body) = await SendRawAsync(HeraldHost.RootKey, new HttpMethod(method), path);
        Assert.True(status == 404, $"{method} {path}: {status} {body}");
        Assert.Equal("application/problem+json", type);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(404, doc.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        var (status, type, body) = await SendRawAsync(HeraldHost.RootKey, HttpMethod.Put, "/v1/apps");
        Assert.True(status == 405, $"{status} {body}");
        Assert.Equal("application/problem+json", type);
    }

    // ---------- secrets at rest

    [Fact]
    public async Task Api_keys_are_stored_only_as_sha256_hashes()
    {
        var key = await fx.Herald.CreateKeyAsync(A, "ingest");
        var keyId = ApiKeys.ParseKeyId(key)!;

        await using (var db = await fx.Herald.OpenDatabaseAsync())
        {
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT hash FROM api_keys WHERE id = @id";
            Parameter(cmd, "id", keyId);
            var hash = (byte[])(await cmd.ExecuteScalarAsync())!;
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key)), hash);

            cmd.CommandText = "SELECT key, value FROM meta";
            cmd.Parameters.Clear();
            await using var meta = await cmd.ExecuteReaderAsync();
            while (await meta.ReadAsync())
            {
                Assert.DoesNotContain(key, meta.GetString(1), StringComparison.Ordinal);
                Assert.DoesNotContain(HeraldHost.RootKey, meta.GetString(1), StringComparison.Ordinal);
            }
        }

        var bytes = await fx.Herald.DatabaseBytesAsync();
        AssertAbsent(bytes, key, "the app key");
        AssertAbsent(bytes, key[(key.IndexOf('_', 3) + 1)..], "the secret part of the app key");
        AssertAbsent(bytes, HeraldHost.RootKey, "the root key");
        AssertAbsent(bytes, fx.KeyA, "app A's admin key");
        AssertAbsent(bytes, fx.KeyB, "app B's admin key");
        // The check can see plain text: the key's id, which is stored as is, is found.
        Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes(keyId)) >= 0, "the scan should find the key id");
    }

    [Fact]
    public async Task Endpoint_signing_secrets_are_stored_encrypted()
    {
        const string given = "whsec_MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var generated = await admin.CreateEndpointAsync(app, new { url = "https://secret-at-rest.example/hook", enabled = false });
        var chosen = await admin.CreateEndpointAsync(app, new { url = "https://secret-at-rest.example/other", enabled = false, secret = given });
        Assert.Equal(given, chosen.Secret);
        using var rotate = await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints/{generated.Id}/secret/rotate", new { });
        var rotated = (await rotate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        // Reveal decrypts what is stored: the round trip works.
        Assert.Equal(rotated, (await admin.GetJsonAsync($"/v1/apps/{app}/endpoints/{generated.Id}/secret")).GetProperty("secret").GetString());

        var bytes = await fx.Herald.DatabaseBytesAsync();
        foreach (var secret in new[] { generated.Secret, given, rotated })
        {
            Assert.StartsWith("whsec_", secret);
            AssertAbsent(bytes, secret, "a signing secret");
            AssertAbsent(bytes, secret["whsec_".Length..], "a signing secret's base64");
            var raw = Convert.FromBase64String(secret["whsec_".Length..]);
            Assert.True(IndexOf(bytes, raw) < 0, "a signing secret's raw key bytes are in the database");
        }
        Assert.True(IndexOf(bytes, "https://secret-at-rest.example/other"u8.ToArray()) >= 0, "the scan should find the endpoint URL");
        await using var db = await fx.Herald.OpenDatabaseAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM endpoint_secrets WHERE endpoint_id IN (@a, @b)";
        Parameter(cmd, "a", generated.Id);
        Parameter(cmd, "b", chosen.Id);
        Assert.Equal(3L, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_generated_root_key_is_stored_as_its_hash_only()
    {
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:AdminKey"] = "" });
        _ = herald.Services; // start it
        var generated = herald.Services.GetRequiredService<RootKey>().GeneratedKey;
        Assert.NotNull(generated);
        using var root = herald.ClientWith(generated);
        Assert.Equal(200, (int)(await root.GetAsync("/v1/apps")).StatusCode);
        using var configured = herald.ClientWith(HeraldHost.RootKey);
        Assert.Equal(401, (int)(await configured.GetAsync("/v1/apps")).StatusCode);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(generated))),
            await herald.Store.GetMetaAsync("root_key_sha256", default));
        AssertAbsent(await herald.DatabaseBytesAsync(), generated, "the generated root key");
    }

    private static void Parameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static void AssertAbsent(byte[] haystack, string text, string what)
    {
        Assert.True(IndexOf(haystack, Encoding.UTF8.GetBytes(text)) < 0, $"{what} is stored in plain text in the database");
        Assert.True(IndexOf(haystack, Encoding.Unicode.GetBytes(text)) < 0, $"{what} is stored in plain UTF-16 text in the database");
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
