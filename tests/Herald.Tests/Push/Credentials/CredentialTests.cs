using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Herald.Push.Credentials;
using Herald.Storage;
using Herald.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Herald.Tests.Push.TestCredentials;

namespace Herald.Tests.Push.Credentials;

public sealed class CredentialFixture : IAsyncLifetime
{
    public HeraldHost Herald { get; } = new();
    /// <summary>The app the bad-input cases run against; nothing is ever created in it.</summary>
    public string AppId { get; private set; } = "";
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync() => (AppId, Admin) = await Herald.CreateAppAsync();

    public Task DisposeAsync()
    {
        Admin.Dispose();
        Herald.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Push credentials: every validation message, the views (expiry, warnings, no secrets), secrets at rest, the one-active rule, isolation.</summary>
public sealed class CredentialTests(CredentialFixture fx) : IClassFixture<CredentialFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly object Omit = new();

    private static Dictionary<string, object?> Body(params (string Key, object? Value)[] fields)
    {
        var body = new Dictionary<string, object?>();
        foreach (var (k, v) in fields)
            if (!ReferenceEquals(v, Omit)) body[k] = v;
        return body;
    }

    private static Dictionary<string, object?> With(Dictionary<string, object?> body, params (string Key, object? Value)[] changes)
    {
        var copy = new Dictionary<string, object?>(body);
        foreach (var (k, v) in changes)
            if (ReferenceEquals(v, Omit)) copy.Remove(k);
            else copy[k] = v;
        return copy;
    }

    private static Dictionary<string, object?> ApnsToken => Body(
        ("name", "APNs key"), ("provider", "apns"), ("platform", "ios"), ("p8", P256Pem), ("keyId", "ABCDE12345"), ("teamId", "TEAM123456"),
        ("topic", BundleId));

    private static readonly string SandboxP12 = P12Base64(Now);
    private static Dictionary<string, object?> ApnsCert => Body(
        ("name", "APNs certificate"), ("provider", "apns"), ("platform", "ios"), ("environment", "sandbox"), ("p12", SandboxP12), ("p12Password", P12Password));

    private static Dictionary<string, object?> Fcm => Body(("name", "FCM"), ("provider", "fcm"), ("platform", "android"), ("serviceAccountJson", ServiceAccountJson()));
    private static Dictionary<string, object?> Baidu => Body(("name", "Baidu"), ("provider", "baidu"), ("platform", "android"), ("apiKey", BaiduApiKey), ("secretKey", BaiduSecretKey));
    private static Dictionary<string, object?> Custom => Body(("name", "Gateway"), ("provider", "custom"), ("url", "https://push.example.com/herald"));

    private sealed record Case(Func<Dictionary<string, object?>> Body, string Field, params string[] Mentions);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // --- common fields
        ["name missing"] = new(() => With(ApnsToken, ("name", Omit)), "name", "1-200"),
        ["name blank"] = new(() => With(ApnsToken, ("name", "   ")), "name"),
        ["name 201 characters"] = new(() => With(ApnsToken, ("name", new string('n', 201))), "name", "200"),
        ["provider missing"] = new(() => With(ApnsToken, ("provider", Omit), ("p8", Omit), ("keyId", Omit), ("teamId", Omit), ("topic", Omit)), "provider", "apns"),
        ["provider gcm"] = new(() => With(Fcm, ("provider", "gcm")), "provider", "'gcm'", "fcm"),
        ["platform windows"] = new(() => With(Fcm, ("platform", "windows")), "platform", "ios, android or any"),
        ["platform missing for apns"] = new(() => With(ApnsToken, ("platform", Omit)), "platform", "ios"),
        ["apns for android"] = new(() => With(ApnsToken, ("platform", "android")), "platform", "use platform ios"),
        ["baidu for ios"] = new(() => With(Baidu, ("platform", "ios")), "platform", "android"),
        ["fcm for any"] = new(() => With(Fcm, ("platform", "any")), "platform", "android or ios"),
        ["custom for android"] = new(() => With(Custom, ("platform", "android")), "platform", "any"),
        ["environment staging"] = new(() => With(ApnsToken, ("environment", "staging")), "environment", "sandbox", "production"),
        ["active a string"] = new(() => With(ApnsToken, ("active", "yes")), "active", "wrong type"),
        ["unknown field"] = new(() => With(ApnsToken, ("colour", "red")), "colour", "Unknown field"),

        // --- fields of another provider
        ["p8 on fcm"] = new(() => With(Fcm, ("p8", P256Pem)), "p8", "belongs to provider apns"),
        ["url on apns"] = new(() => With(ApnsToken, ("url", "https://push.example.com")), "url", "belongs to provider custom"),
        ["apiKey on custom"] = new(() => With(Custom, ("apiKey", BaiduApiKey)), "apiKey", "belongs to provider baidu"),
        ["serviceAccountJson on baidu"] = new(() => With(Baidu, ("serviceAccountJson", ServiceAccountJson())), "serviceAccountJson", "belongs to provider fcm"),
        ["password on fcm"] = new(() => With(Fcm, ("password", "x")), "password", "belongs to provider custom"),

        // --- APNs token auth
        ["apns without material"] = new(() => With(ApnsToken, ("p8", Omit)), "p8", "p12"),
        ["apns p8 and p12"] = new(() => With(ApnsToken, ("p12", SandboxP12)), "p8", "not both"),
        ["p8 an RSA key"] = new(() => With(ApnsToken, ("p8", RsaPem)), "p8", "RSA", "not an EC P-256 private key", "download the .p8 from Apple Developer → Keys"),
        ["p8 a P-384 key"] = new(() => With(ApnsToken, ("p8", P384Pem)), "p8", "P-384", "not an EC P-256 private key", "Apple Developer → Keys"),
        ["p8 garbage"] = new(() => With(ApnsToken, ("p8", "not a key at all")), "p8", "not an EC P-256 private key", "Apple Developer → Keys"),
        ["p8 a corrupt PEM"] = new(() => With(ApnsToken, ("p8", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")), "p8", "not an EC P-256 private key"),
        ["p8 a public key"] = new(() => With(ApnsToken, ("p8", P256PublicPem)), "p8", "public key", "not an EC P-256 private key"),
        ["keyId missing"] = new(() => With(ApnsToken, ("keyId", Omit)), "keyId", "Key ID"),
        ["keyId 9 characters"] = new(() => With(ApnsToken, ("keyId", "ABCDE1234")), "keyId", "10 letters and digits"),
        ["teamId missing"] = new(() => With(ApnsToken, ("teamId", Omit)), "teamId", "Team ID"),
        ["teamId with a dash"] = new(() => With(ApnsToken, ("teamId", "TEAM-23456")), "teamId", "10 letters and digits"),
        ["topic missing with p8"] = new(() => With(ApnsToken, ("topic", Omit)), "topic", "bundle id"),
        ["topic with spaces"] = new(() => With(ApnsToken, ("topic", "com example app")), "topic", "bundle id"),
        ["p12Password with p8"] = new(() => With(ApnsToken, ("p12Password", "x")), "p12Password", "leave it out"),

        // --- APNs certificate auth
        ["p12 not base64"] = new(() => With(ApnsCert, ("p12", "this is not base64!!")), "p12", "not base64"),
        ["p12 base64 of something else"] = new(() => With(ApnsCert, ("p12", Convert.ToBase64String(Encoding.UTF8.GetBytes("hello, not a certificate")))), "p12", "not a .p12"),
        ["p12 wrong password"] = new(() => With(ApnsCert, ("p12Password", "wrong-password")), "p12Password", "does not open this .p12"),
        ["p12 password missing"] = new(() => With(ApnsCert, ("p12Password", Omit)), "p12Password", "protected by a password"),
        ["p12 expired"] = new(() => With(ApnsCert, ("p12", Convert.ToBase64String(P12(Now.AddDays(-400), Now.AddDays(-3))))), "p12",
            "expired on " + Now.AddDays(-3).UtcDateTime.ToString("yyyy-MM-dd"), "Apple Developer"),
        ["p12 without its private key"] = new(() => With(ApnsCert, ("p12", Convert.ToBase64String(P12(Now.AddDays(-1), Now.AddDays(300), withPrivateKey: false)))),
            "p12", "without its private key"),
        ["p12 naming no topic, topic missing"] = new(() => With(ApnsCert, ("p12", P12Base64(Now, uid: null))), "topic", "bundle id"),
        ["p12 for another topic"] = new(() => With(ApnsCert, ("topic", "com.other.app")), "topic", BundleId),
        ["keyId with p12"] = new(() => With(ApnsCert, ("keyId", "ABCDE12345")), "keyId", ".p8"),

        // --- FCM
        ["fcm without serviceAccountJson"] = new(() => With(Fcm, ("serviceAccountJson", Omit)), "serviceAccountJson", "Service accounts"),
        ["serviceAccountJson not JSON"] = new(() => With(Fcm, ("serviceAccountJson", "{ type: service_account")), "serviceAccountJson", "not JSON"),
        ["serviceAccountJson a legacy server key"] = new(() => With(Fcm, ("serviceAccountJson", LegacyServerKey)), "serviceAccountJson",
            "legacy FCM API and server keys were shut down in 2024", "Generate new private key"),
        ["serviceAccountJson a legacy AIza key"] = new(() => With(Fcm, ("serviceAccountJson", LegacyApiKey)), "serviceAccountJson", "shut down in 2024"),
        ["serviceAccountJson a quoted legacy key"] = new(() => With(Fcm, ("serviceAccountJson", $"\"{LegacyServerKey}\"")), "serviceAccountJson", "shut down in 2024"),
        ["serviceAccountJson a server_key object"] = new(() => With(Fcm, ("serviceAccountJson", $"{{\"server_key\":\"{LegacyServerKey}\",\"sender_id\":\"1234\"}}")),
            "serviceAccountJson", "shut down in 2024"),
        ["serviceAccountJson of an authorized_user"] = new(() => With(Fcm, ("serviceAccountJson", ServiceAccountJson(f => f["type"] = "authorized_user"))),
            "serviceAccountJson", "'authorized_user'", "service_account"),
        ["serviceAccountJson without type"] = new(() => With(Fcm, ("serviceAccountJson", ServiceAccountJson(f => f["type"] = null))), "serviceAccountJson", "no \"type\""),
        ["serviceAccountJson an array"] = new(() => With(Fcm, ("serviceAccountJson", "[1,2]")), "serviceAccountJson", "not the service account file"),
        ["serviceAccountJson without project_id"] = new(() => With(Fcm, ("serviceAccountJson", ServiceAccountJson(f => f["project_id"] = null))),
            "serviceAccountJson.project_id", "project_id"),
        ["serviceAccountJson without client_email"] = new(() => With(Fcm, ("serviceAccountJson", ServiceAccountJson(f => f["client_email"] = null))),
            "serviceAccountJson.client_email", "client_email"),
        ["serviceAccountJson without private_key"] = new(() => With(Fcm, ("serviceAccountJson", ServiceAccountJson(f => f["private_key"] = null))),
            "serviceAccountJson.private_key", "private_key"),
        ["private_key an EC key"] = new(() => With(Fcm, ("serviceAccountJson", ServiceAccountJson(privateKeyPem: P256Pem))),
            "serviceAccountJson.private_key", "not an RSA private key in PKCS#8 PEM"),
        ["private_key garbage"] = new(() => With(Fcm, ("serviceAccountJson", ServiceAccountJson(privateKeyPem: "MIIEvQIBADANBgkqh"))),
            "serviceAccountJson.private_key", "PKCS#8"),
        ["token_uri ftp"] = new(() => With(Fcm, ("serviceAccountJson", ServiceAccountJson(f => f["token_uri"] = "ftp://oauth2.example.com/token"))),
            "serviceAccountJson.token_uri", "https"),
        ["serviceAccountJson a number"] = new(() => With(Fcm, ("serviceAccountJson", 42)), "serviceAccountJson", "not the service account file"),

        // --- Baidu
        ["baidu without apiKey"] = new(() => With(Baidu, ("apiKey", Omit)), "apiKey", "API Key"),
        ["baidu without secretKey"] = new(() => With(Baidu, ("secretKey", Omit)), "secretKey", "Secret Key"),
        ["baidu apiKey empty"] = new(() => With(Baidu, ("apiKey", "")), "apiKey", "API Key"),
        ["baidu apiKey with a space"] = new(() => With(Baidu, ("apiKey", "abc def")), "apiKey", "printable"),
        ["baidu secretKey over 128"] = new(() => With(Baidu, ("secretKey", new string('s', 129))), "secretKey", "128"),

        // --- custom
        ["custom without url"] = new(() => With(Custom, ("url", Omit)), "url", "https"),
        ["custom url relative"] = new(() => With(Custom, ("url", "/push")), "url", "absolute https URL"),
        ["custom url ftp"] = new(() => With(Custom, ("url", "ftp://push.example.com/")), "url", "https://"),
        ["custom url plain http to a public host"] = new(() => With(Custom, ("url", "http://push.example.com/herald")), "url", "https://", "loopback"),
        ["custom url with credentials"] = new(() => With(Custom, ("url", "https://user:pw@push.example.com/")), "url", "username and password"),
        ["custom username without password"] = new(() => With(Custom, ("username", "herald")), "password", "'herald'", "both"),
        ["custom password without username"] = new(() => With(Custom, ("password", CustomPassword)), "username", "both"),
        ["custom username with a colon"] = new(() => With(Custom, ("username", "her:ald"), ("password", CustomPassword)), "username", "':'"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_gets_a_400_naming_the_field_and_stores_nothing(string name)
    {
        var c = Cases[name];
        var before = (await fx.Herald.Store.ListCredentialsAsync(fx.AppId, default)).Count;

        using var response = await fx.Admin.PostAsJsonAsync($"/v1/apps/{fx.AppId}/push/credentials", c.Body());
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == 400, $"{name}: expected 400, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        var messages = default(JsonElement);
        Assert.True(problem.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(c.Field, out messages),
            $"{name}: the problem should name '{c.Field}' in errors: {text}");
        var message = string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
        foreach (var mention in c.Mentions)
            Assert.True(message.Contains(mention, StringComparison.Ordinal), $"{name}: the message for {c.Field} should mention '{mention}': {message}");
        Assert.Contains(c.Field, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await fx.Herald.Store.ListCredentialsAsync(fx.AppId, default)).Count);
    }

    /// <summary>The valid bodies each case changes one thing in, by the provider they are for.</summary>
    private static readonly Dictionary<string, Func<Dictionary<string, object?>>[]> ValidBodies = new()
    {
        ["apns"] = [() => ApnsToken, () => ApnsCert],
        ["fcm"] = [() => Fcm],
        ["baidu"] = [() => Baidu],
        ["custom"] = [() => Custom],
    };

    private static readonly HashSet<string> CommonFields = ["name", "provider", "platform", "environment", "active"];

    /// <summary>
    /// What the table is for, decided by the product's answers rather than by its length: each case changes
    /// one thing in a valid body, so the product names that one field and no other (a case that trips a
    /// second rule tests two at once, and hides which message a user would see); and every provider the
    /// product knows (its own list, so a provider added without cases fails here) has a case rejected on
    /// one of its own fields, not only on the fields every credential shares.
    /// </summary>
    [Fact]
    public async Task Each_case_is_rejected_on_its_one_field_and_every_provider_on_fields_of_its_own()
    {
        var mixed = new List<string>();
        var rejectedOwnField = new HashSet<string>();
        foreach (var (name, c) in Cases)
        {
            var body = c.Body();
            using var response = await fx.Admin.PostAsJsonAsync($"/v1/apps/{fx.AppId}/push/credentials", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == 400, $"{name}: expected 400, got {(int)response.StatusCode} {text}");
            using var problem = JsonDocument.Parse(text);
            var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();
            if (fields is not [var only] || only != c.Field) mixed.Add($"{name}: {string.Join(", ", fields)}");

            var root = c.Field.Split('.')[0];
            if (body.GetValueOrDefault("provider") is string provider && ValidBodies.TryGetValue(provider, out var valid)
                && !CommonFields.Contains(root) && valid.Any(v => v().ContainsKey(root)))
                rejectedOwnField.Add(provider);
        }

        Assert.True(mixed.Count == 0, "cases rejected on other fields than their own:\n" + string.Join("\n", mixed));
        Assert.NotEmpty(CredentialKinds.Providers);
        foreach (var provider in CredentialKinds.Providers)
            Assert.True(rejectedOwnField.Contains(provider), $"no case is rejected on a field of provider '{provider}'");
    }

    [Fact]
    public async Task Each_provider_is_created_with_the_facts_of_its_material()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;

        var token = await CreateAsync(admin, app, ApnsToken);
        Assert.Equal("token", S(token, "authKind"));
        Assert.Equal("ABCDE12345", S(token, "keyId"));
        Assert.Equal("TEAM123456", S(token, "teamId"));
        Assert.Equal(BundleId, S(token, "topic"));
        Assert.Equal("production", S(token, "environment"));
        Assert.Equal(JsonValueKind.Null, token.GetProperty("expiresAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, token.GetProperty("daysToExpiry").ValueKind);
        Assert.Empty(token.GetProperty("warnings").EnumerateArray());
        Assert.True(token.GetProperty("active").GetBoolean(), "the first APNs credential is active");

        var cert = await CreateAsync(admin, app, ApnsCert);
        Assert.Equal("certificate", S(cert, "authKind"));
        Assert.Equal(BundleId, S(cert, "topic"));
        Assert.Equal("sandbox", S(cert, "certificateEnvironment"));
        Assert.Contains(SandboxSubject, S(cert, "subject"), StringComparison.Ordinal);
        Assert.InRange(cert.GetProperty("daysToExpiry").GetInt32(), 363, 365);
        Assert.Empty(cert.GetProperty("warnings").EnumerateArray());
        Assert.False(cert.GetProperty("active").GetBoolean(), "a second APNs credential is not active unless asked");

        var fcm = await CreateAsync(admin, app, Fcm);
        Assert.Equal("herald-test-project", S(fcm, "projectId"));
        Assert.Equal("herald-push@herald-test-project.iam.gserviceaccount.com", S(fcm, "clientEmail"));
        Assert.Equal("https://oauth2.googleapis.com/token", S(fcm, "tokenUri"));
        Assert.Equal(JsonValueKind.Null, fcm.GetProperty("expiresAt").ValueKind);

        // The file's JSON object itself is accepted as well as its text; a missing token_uri gets Google's.
        var fcmObject = With(Fcm, ("platform", "ios"),
            ("serviceAccountJson", JsonDocument.Parse(ServiceAccountJson(f => f["token_uri"] = null)).RootElement));
        var fcmIos = await CreateAsync(admin, app, fcmObject);
        Assert.Equal("https://oauth2.googleapis.com/token", S(fcmIos, "tokenUri"));
        Assert.True(fcmIos.GetProperty("active").GetBoolean(), "FCM for ios has its own active slot");

        var baidu = await CreateAsync(admin, app, Baidu);
        Assert.Equal(BaiduApiKey[..4] + "…", S(baidu, "apiKeyHint"));

        var custom = await CreateAsync(admin, app, With(Custom, ("username", "herald"), ("password", CustomPassword)));
        Assert.Equal("any", S(custom, "platform"));
        Assert.Equal("https://push.example.com/herald", S(custom, "url"));
        Assert.Equal("herald", S(custom, "username"));
        Assert.True(custom.GetProperty("hasPassword").GetBoolean());

        var loopback = await CreateAsync(admin, app, With(Custom, ("url", "http://127.0.0.1:9/push")));
        Assert.False(loopback.GetProperty("hasPassword").GetBoolean());

        var listed = await admin.GetJsonAsync($"/v1/apps/{app}/push/credentials");
        Assert.Equal(7, listed.GetArrayLength());
        var got = await admin.GetJsonAsync($"/v1/apps/{app}/push/credentials/{S(cert, "id")}");
        Assert.Equal(S(cert, "expiresAt"), S(got, "expiresAt"));
    }

    [Fact]
    public async Task The_listing_shows_expiry_days_to_expiry_and_warnings()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var mismatched = await CreateAsync(admin, app, With(ApnsCert, ("environment", "production"), ("name", "sandbox cert marked production")));
        var expiring = await CreateAsync(admin, app, With(ApnsCert, ("p12", P12Base64(Now, ProductionSubject, daysLeft: 10)), ("environment", "production")));

        var list = (await admin.GetJsonAsync($"/v1/apps/{app}/push/credentials")).EnumerateArray().ToDictionary(c => S(c, "id"));

        var m = list[S(mismatched, "id")];
        Assert.Equal("sandbox", S(m, "certificateEnvironment"));
        var expiresAt = DateTimeOffset.Parse(S(m, "expiresAt"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, Now.AddDays(364), Now.AddDays(366));
        Assert.InRange(m.GetProperty("daysToExpiry").GetInt32(), 363, 365);
        var warning = Assert.Single(m.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.Contains("sandbox (development) certificate but is marked production", warning, StringComparison.Ordinal);

        var e = list[S(expiring, "id")];
        Assert.Equal("production", S(e, "certificateEnvironment"));
        Assert.InRange(e.GetProperty("daysToExpiry").GetInt32(), 9, 10);
        var renew = Assert.Single(e.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.Matches(@"^expires in (9|10) days", renew);
        Assert.Contains("renew at least 30 days ahead", renew, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_view_contains_secret_material_and_the_senders_get_it_back()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var p12 = P12Base64(Now);
        var serviceAccount = ServiceAccountJson();
        var ids = new List<string>
        {
            S(await CreateAsync(admin, app, ApnsToken), "id"),
            S(await CreateAsync(admin, app, With(ApnsCert, ("p12", p12))), "id"),
            S(await CreateAsync(admin, app, With(Fcm, ("serviceAccountJson", serviceAccount))), "id"),
            S(await CreateAsync(admin, app, Baidu), "id"),
            S(await CreateAsync(admin, app, With(Custom, ("username", "herald"), ("password", CustomPassword))), "id"),
        };

        var texts = new List<string> { await admin.GetStringAsync($"/v1/apps/{app}/push/credentials") };
        foreach (var id in ids) texts.Add(await admin.GetStringAsync($"/v1/apps/{app}/push/credentials/{id}"));
        foreach (var text in texts.SelectMany(t => new[] { t, Unescaped(t) }))
        {
            Assert.Contains("cred_", text, StringComparison.Ordinal); // the check sees plain text
            foreach (var (secret, what) in Secrets(p12))
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{what} is in a view: {text}");
        }

        // The stored material decrypts back to exactly what was uploaded.
        var secrets = fx.Herald.Services.GetRequiredService<CredentialSecrets>();
        var stored = (await fx.Herald.Store.ListCredentialsAsync(app, default)).ToDictionary(c => c.Provider + "/" + c.Details.AuthKind);
        Assert.Equal(P256Pem.Trim(), secrets.Reveal(stored["apns/token"]).P8Pem);
        var certMaterial = secrets.Reveal(stored["apns/certificate"]);
        Assert.Equal(Convert.FromBase64String(p12), certMaterial.P12Bytes);
        Assert.Equal(P12Password, certMaterial.P12Password);
        using (var cert = certMaterial.OpenP12Certificate()) Assert.True(cert.HasPrivateKey);
        using (var key = secrets.Reveal(stored["apns/token"]).OpenP8Key()) Assert.Equal(256, key.KeySize);
        Assert.Equal(serviceAccount, secrets.Reveal(stored["fcm/"]).ServiceAccountJson);
        var baidu = secrets.Reveal(stored["baidu/"]);
        Assert.Equal((BaiduApiKey, BaiduSecretKey), (baidu.ApiKey, baidu.SecretKey));
        Assert.Equal(CustomPassword, secrets.Reveal(stored["custom/"]).Password);
    }

    [Fact]
    public async Task Secrets_are_encrypted_in_the_database()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var p12 = P12Base64(Now);
        await CreateAsync(admin, app, ApnsToken);
        await CreateAsync(admin, app, With(ApnsCert, ("p12", p12)));
        await CreateAsync(admin, app, Fcm);
        await CreateAsync(admin, app, Baidu);
        await CreateAsync(admin, app, With(Custom, ("url", "https://secret-at-rest.example/push"), ("username", "herald"), ("password", CustomPassword)));

        var bytes = await fx.Herald.DatabaseBytesAsync();
        Assert.True(IndexOf(bytes, "https://secret-at-rest.example/push"u8.ToArray()) >= 0, "the scan should find the custom URL");
        foreach (var (secret, what) in Secrets(p12))
        {
            Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes(secret)) < 0, $"{what} is stored in plain text in the database");
            Assert.True(IndexOf(bytes, Encoding.Unicode.GetBytes(secret)) < 0, $"{what} is stored in plain UTF-16 text in the database");
        }
        Assert.True(IndexOf(bytes, Convert.FromBase64String(p12).AsSpan(100, 64).ToArray()) < 0, "the .p12 bytes are stored in clear");
    }

    /// <summary>Text that must never leave Herald or reach the disk in clear: parts of each secret, with what it is.</summary>
    private static IEnumerable<(string Secret, string What)> Secrets(string p12Base64) =>
    [
        (PemBodyLine(P256Pem), "the .p8 key"),
        (p12Base64[..80], "the .p12 base64"),
        (P12Password, "the .p12 password"),
        (PemBodyLine(ServiceAccountKeyPem), "the service account's private_key"),
        (BaiduSecretKey, "the Baidu secretKey"),
        (BaiduApiKey, "the Baidu apiKey"),
        (CustomPassword, "the custom provider password"),
    ];

    [Fact]
    public async Task Exactly_one_is_active_after_concurrent_activations()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(S(await CreateAsync(admin, app, With(ApnsToken, ("name", $"key {i}"))), "id"));
        var fcm = S(await CreateAsync(admin, app, Fcm), "id");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            admin.PostAsync($"/v1/apps/{app}/push/credentials/{ids[i % 3]}/activate", null)));
        foreach (var r in responses)
        {
            Assert.True((int)r.StatusCode == 200, $"activate: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            r.Dispose();
        }

        var list = (await admin.GetJsonAsync($"/v1/apps/{app}/push/credentials")).EnumerateArray().ToList();
        Assert.Single(list, c => S(c, "provider") == "apns" && c.GetProperty("active").GetBoolean());
        // Another provider's slot is untouched.
        Assert.True(list.Single(c => S(c, "id") == fcm).GetProperty("active").GetBoolean());

        // An explicit activate moves the slot, and the view says so.
        using var last = await admin.PostAsync($"/v1/apps/{app}/push/credentials/{ids[1]}/activate", null);
        Assert.True((await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
        var after = (await admin.GetJsonAsync($"/v1/apps/{app}/push/credentials")).EnumerateArray()
            .Where(c => S(c, "provider") == "apns" && c.GetProperty("active").GetBoolean()).Select(c => S(c, "id"));
        Assert.Equal([ids[1]], after);
    }

    [Fact]
    public async Task The_store_keeps_one_active_under_concurrent_activation()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        admin.Dispose();
        var store = fx.Herald.Store;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = Enumerable.Range(0, 4).Select(i => $"cred_store_{app}_{i}").ToArray();
        foreach (var id in ids)
            await store.CreateCredentialAsync(new CredentialRecord(id, app, id, "ios", "apns", "production", Active: true,
                new CredentialDetails(AuthKind: "token"), [1, 2, 3], null, now, now), default);
        // Each create took over the slot.
        Assert.Equal([ids[^1]], (await store.ListCredentialsAsync(app, default)).Where(c => c.Active).Select(c => c.Id));

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => store.ActivateCredentialAsync(app, ids[i % ids.Length], now + i, default))));
        Assert.All(results, Assert.True);
        Assert.Single(await store.ListCredentialsAsync(app, default), c => c.Active);

        Assert.False(await store.ActivateCredentialAsync(app, "cred_missing", now, default));
        Assert.False(await store.ActivateCredentialAsync(fx.AppId, ids[0], now, default), "another app's credential");
        var active = (await store.ListCredentialsAsync(app, default)).Single(c => c.Active);
        Assert.True(await store.DeleteCredentialAsync(app, active.Id, default));
        Assert.DoesNotContain(await store.ListCredentialsAsync(app, default), c => c.Active);
    }

    [Fact]
    public async Task Active_defaults_to_true_only_when_the_slot_is_empty()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var first = await CreateAsync(admin, app, ApnsToken);
        var second = await CreateAsync(admin, app, ApnsToken);
        var third = await CreateAsync(admin, app, With(ApnsToken, ("active", true)));
        var inactive = await CreateAsync(admin, app, With(Baidu, ("active", false)));
        Assert.True(first.GetProperty("active").GetBoolean());
        Assert.False(second.GetProperty("active").GetBoolean());
        Assert.True(third.GetProperty("active").GetBoolean(), "active: true takes over the slot");
        Assert.False(inactive.GetProperty("active").GetBoolean(), "active: false is honoured even for the first");
        Assert.False((await admin.GetJsonAsync($"/v1/apps/{app}/push/credentials/{S(first, "id")}")).GetProperty("active").GetBoolean());

        // Deleting the active one leaves none active; the next upload fills the slot.
        using (var d = await admin.DeleteAsync($"/v1/apps/{app}/push/credentials/{S(third, "id")}")) Assert.Equal(204, (int)d.StatusCode);
        var list = (await admin.GetJsonAsync($"/v1/apps/{app}/push/credentials")).EnumerateArray().ToList();
        Assert.DoesNotContain(list, c => S(c, "provider") == "apns" && c.GetProperty("active").GetBoolean());
        Assert.True((await CreateAsync(admin, app, ApnsToken)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Delete_removes_the_credential()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var id = S(await CreateAsync(admin, app, Baidu), "id");
        using (var r = await admin.DeleteAsync($"/v1/apps/{app}/push/credentials/{id}")) Assert.Equal(204, (int)r.StatusCode);
        using (var r = await admin.GetAsync($"/v1/apps/{app}/push/credentials/{id}")) await AssertProblemAsync(r, 404, id);
        using (var r = await admin.DeleteAsync($"/v1/apps/{app}/push/credentials/{id}")) await AssertProblemAsync(r, 404, id);
        using (var r = await admin.PostAsync($"/v1/apps/{app}/push/credentials/{id}/activate", null)) await AssertProblemAsync(r, 404, id);
        Assert.Equal(0, (await admin.GetJsonAsync($"/v1/apps/{app}/push/credentials")).GetArrayLength());
        Assert.Null(await fx.Herald.Store.GetCredentialAsync(app, id, default));
    }

    [Fact]
    public async Task Another_apps_credential_is_not_found()
    {
        var (appA, adminA) = await fx.Herald.CreateAppAsync();
        var (appB, adminB) = await fx.Herald.CreateAppAsync();
        using var a = adminA;
        using var b = adminB;
        var id = S(await CreateAsync(adminA, appA, ApnsToken), "id");

        // App B's key on app B's URLs with app A's credential id.
        using (var r = await adminB.GetAsync($"/v1/apps/{appB}/push/credentials/{id}")) await AssertProblemAsync(r, 404, id);
        using (var r = await adminB.PostAsync($"/v1/apps/{appB}/push/credentials/{id}/activate", null)) await AssertProblemAsync(r, 404, id);
        using (var r = await adminB.DeleteAsync($"/v1/apps/{appB}/push/credentials/{id}")) await AssertProblemAsync(r, 404, id);
        // App B's key on app A's URLs: the app itself is hidden.
        using (var r = await adminB.GetAsync($"/v1/apps/{appA}/push/credentials/{id}")) await AssertProblemAsync(r, 404, appA);
        using (var r = await adminB.GetAsync($"/v1/apps/{appA}/push/credentials")) await AssertProblemAsync(r, 404, appA);
        Assert.Equal(0, (await adminB.GetJsonAsync($"/v1/apps/{appB}/push/credentials")).GetArrayLength());
        Assert.True((await adminA.GetJsonAsync($"/v1/apps/{appA}/push/credentials/{id}")).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_key_is_required_and_it_must_be_an_admin_key()
    {
        var url = $"/v1/apps/{fx.AppId}/push/credentials";
        using var anonymous = fx.Herald.ClientWith(null);
        using (var r = await anonymous.GetAsync(url)) await AssertProblemAsync(r, 401, "Authorization");
        using (var r = await anonymous.PostAsJsonAsync(url, Baidu)) await AssertProblemAsync(r, 401, "Authorization");
        using (var r = await anonymous.PostAsync(url + "/cred_x/activate", null)) await AssertProblemAsync(r, 401, "Authorization");
        using var ingest = fx.Herald.ClientWith(await fx.Herald.CreateKeyAsync(fx.AppId, "ingest"));
        using (var r = await ingest.GetAsync(url)) await AssertProblemAsync(r, 403, "admin");
        using (var r = await ingest.PostAsJsonAsync(url, Baidu)) await AssertProblemAsync(r, 403, "admin");
        using (var r = await ingest.DeleteAsync(url + "/cred_x")) await AssertProblemAsync(r, 403, "admin");
        Assert.Empty(await fx.Herald.Store.ListCredentialsAsync(fx.AppId, default));
    }

    [Fact]
    public async Task Private_and_plain_http_custom_urls_are_refused_unless_private_networks_are_allowed()
    {
        using var strict = new HeraldHost(new Dictionary<string, string?> { ["Herald:Webhooks:AllowPrivateNetworks"] = "false" });
        var (app, admin) = await strict.CreateAppAsync();
        using var _ = admin;
        foreach (var (url, mention) in new[]
                 {
                     ("http://127.0.0.1:9/push", "AllowPrivateNetworks"),
                     ("http://localhost:9/push", "AllowPrivateNetworks"),
                     ("https://127.0.0.1/push", "loopback, private or reserved"),
                     ("https://10.1.2.3/push", "loopback, private or reserved"),
                     ("https://[::1]/push", "loopback, private or reserved"),
                 })
        {
            using var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", With(Custom, ("url", url)));
            var text = await r.Content.ReadAsStringAsync();
            Assert.True((int)r.StatusCode == 400, $"{url}: {(int)r.StatusCode} {text}");
            var message = JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty("url")[0].GetString()!;
            Assert.Contains(mention, message, StringComparison.Ordinal);
        }
        using (var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials",
                   With(Fcm, ("serviceAccountJson", ServiceAccountJson(f => f["token_uri"] = "https://192.168.1.5/token")))))
            Assert.Equal(400, (int)r.StatusCode);
        Assert.Empty(await strict.Store.ListCredentialsAsync(app, default));
    }

    private static async Task<JsonElement> CreateAsync(HttpClient admin, string app, Dictionary<string, object?> body)
    {
        using var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", body);
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((int)r.StatusCode == 201, $"create credential: {(int)r.StatusCode} {json}");
        Assert.Equal($"/v1/apps/{app}/push/credentials/{S(json, "id")}", r.Headers.Location?.OriginalString);
        return json;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage r, int status, string detailMentions)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == status, $"expected {status}, got {(int)r.StatusCode} {text}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailMentions, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    /// <summary>The JSON with no escapes left in its strings (the serializer writes '+' as \u002B), so a search sees the text itself.</summary>
    private static string Unescaped(string json) =>
        JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
