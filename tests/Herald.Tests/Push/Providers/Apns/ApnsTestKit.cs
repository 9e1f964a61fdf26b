using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Push.Providers.Apns;

/// <summary>Set-up shared by the APNs tests: Herald pointed at the mock, credentials uploaded and devices registered through the API.</summary>
public static class ApnsTestKit
{
    public const string KeyId = "ABCDE12345", TeamId = "TEAM123456";

    /// <summary>A device token as iOS gives it: 32 bytes as 64 hex characters, distinct per name.</summary>
    public static string DeviceToken(string name) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    /// <summary>The public half of TestCredentials.P256Pem, which the mock checks signatures with.</summary>
    public static ECDsa PublicKey()
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(TestCredentials.P256Pem);
        var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return publicKey;
    }

    public static HeraldHost Herald(ApnsMock mock, string? trustedCaFile = null, string? retrySchedule = null) => new(new Dictionary<string, string?>
    {
        ["Herald:Push:Apns:ProductionUrl"] = mock.Url,
        ["Herald:Push:Apns:SandboxUrl"] = mock.Url,
        ["Herald:Push:Apns:TrustedCaFile"] = trustedCaFile,
        ["Herald:Delivery:RetrySchedule"] = retrySchedule ?? "0s,5s,5m",
    });

    /// <summary>Token auth: the .p8 with its key id, team id and topic.</summary>
    public static async Task<string> AddTokenCredentialAsync(this HttpClient admin, string app, string environment = "production")
    {
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", new
        {
            name = "APNs key", platform = "ios", provider = "apns", environment, p8 = TestCredentials.P256Pem,
            keyId = KeyId, teamId = TeamId, topic = TestCredentials.BundleId, active = true,
        });
        return await IdOf(r);
    }

    /// <summary>Certificate auth: a .p12; returns the certificate's thumbprint, which the mock expects on the TLS connection.</summary>
    public static async Task<string> AddCertificateCredentialAsync(this HttpClient admin, string app, string environment = "sandbox")
    {
        var now = DateTimeOffset.UtcNow;
        var p12 = TestCredentials.P12(now.AddDays(-1), now.AddDays(300));
        using var cert = X509CertificateLoader.LoadPkcs12(p12, TestCredentials.P12Password);
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", new
        {
            name = "APNs certificate", platform = "ios", provider = "apns", environment,
            p12 = Convert.ToBase64String(p12), p12Password = TestCredentials.P12Password, active = true,
        });
        await IdOf(r);
        return cert.Thumbprint;
    }

    private static async Task<string> IdOf(HttpResponseMessage r)
    {
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.IsSuccessStatusCode, $"add APNs credential: {(int)r.StatusCode} {json}");
        return json.GetProperty("id").GetString()!;
    }

    public static Task RegisterIphoneAsync(this HttpClient admin, string app, string uid, string deviceId, string token, string environment = "production") =>
        admin.PutOkAsync($"/v1/apps/{app}/users/{uid}/devices/{deviceId}", new { platform = "ios", provider = "apns", token, environment });

    /// <summary>A one-on-one message from u1 to <paramref name="to"/>.</summary>
    public static object DirectMessage(string to, string text = "Hi there", string from = "u1") => new
    {
        type = "message.created", occurredAt = "2025-03-13T06:30:53Z",
        sender = new { uid = from, name = "Andrew Joseph" },
        conversation = new { type = "user", name = "George Alan" },
        recipients = new[] { to },
        data = new { text, messageId = "m-" + Guid.NewGuid().ToString("N")[..8] },
    };

    public static async Task<IReadOnlyList<ApnsReceived>> ExpectRequestsAsync(ApnsMock mock, int count, string? token = null, TimeSpan? timeout = null)
    {
        IReadOnlyList<ApnsReceived> Got() => token is null ? mock.Requests.ToList() : mock.For(token);
        await ApiExtensions.Eventually(() => Task.FromResult(Got().Count >= count), timeout ?? TimeSpan.FromSeconds(15),
            $"{count} request(s) reach the APNs mock (got {Got().Count})");
        return Got();
    }

    /// <summary>The one push job of <paramref name="uid"/> once it is no longer pending, with its attempts.</summary>
    public static async Task<JsonElement> SettledPushAsync(this HttpClient admin, string app, string uid, TimeSpan? timeout = null)
    {
        JsonElement item = default;
        await ApiExtensions.Eventually(async () =>
        {
            var items = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push&provider=apns&uid={uid}")).GetProperty("items");
            if (items.GetArrayLength() == 0) return false;
            item = items[0];
            return item.GetProperty("status").GetString() != "pending";
        }, timeout ?? TimeSpan.FromSeconds(15), $"the push to {uid} settles");
        return await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{item.GetProperty("id").GetString()}");
    }

    public static async Task<string[]> DeviceIdsAsync(this HttpClient admin, string app, string uid)
    {
        var json = await admin.GetJsonAsync($"/v1/apps/{app}/users/{uid}/devices");
        var list = json.ValueKind == JsonValueKind.Array ? json : json.GetProperty("items");
        return [.. list.EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()!)];
    }
}
