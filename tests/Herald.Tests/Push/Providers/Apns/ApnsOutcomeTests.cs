using System.Net.Http.Json;
using System.Text.Json;
using Herald.Push.Providers.Apns;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Push.Providers.Apns;

/// <summary>Each class of APNs answer end to end: dead tokens prune the device, credential problems fail with the fix, throttling and outages retry.</summary>
public sealed class ApnsOutcomeTests
{
    private const string FastRetries = "0s,300ms,300ms";

    private static async Task<(ApnsMock Mock, HeraldHost Herald, string App, HttpClient Admin, string Token)> StartAsync(string retrySchedule = FastRetries)
    {
        var mock = await ApnsMock.StartH2cAsync();
        mock.TokenKey = ApnsTestKit.PublicKey();
        var herald = ApnsTestKit.Herald(mock, retrySchedule: retrySchedule);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddTokenCredentialAsync(app);
        var token = ApnsTestKit.DeviceToken(Guid.NewGuid().ToString());
        await admin.RegisterIphoneAsync(app, "u2", "iphone", token);
        return (mock, herald, app, admin, token);
    }

    [Fact]
    public async Task Unregistered_prunes_the_device_and_fails_the_push_with_the_reason()
    {
        var (mock, herald, app, admin, token) = await StartAsync();
        await using var _ = mock;
        using var __ = herald;
        mock.ReplyAlways(token, new ApnsReply(410, "Unregistered"));

        await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2"));
        var detail = await admin.SettledPushAsync(app, "u2");

        var delivery = detail.GetProperty("delivery");
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Contains("410 Unregistered", delivery.GetProperty("lastError").GetString());
        Assert.Contains("uninstalled", delivery.GetProperty("lastError").GetString());
        Assert.Equal(410, Assert.Single(detail.GetProperty("attempts").EnumerateArray()).GetProperty("statusCode").GetInt32());
        await ApiExtensions.Eventually(async () => (await admin.DeviceIdsAsync(app, "u2")).Length == 0, TimeSpan.FromSeconds(5), "the device is pruned");
        Assert.Single(mock.Requests);
    }

    [Fact]
    public async Task BadDeviceToken_prunes_the_device_and_says_a_sandbox_token_sent_to_production_is_the_usual_cause()
    {
        var (mock, herald, app, admin, token) = await StartAsync();
        await using var _ = mock;
        using var __ = herald;
        mock.ReplyAlways(token, new ApnsReply(400, "BadDeviceToken"));

        await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2"));
        var detail = await admin.SettledPushAsync(app, "u2");

        Assert.Equal("failed", detail.GetProperty("delivery").GetProperty("status").GetString());
        var error = Assert.Single(detail.GetProperty("attempts").EnumerateArray()).GetProperty("error").GetString();
        Assert.Contains("a sandbox (development) token sent to production, or the reverse, is the usual cause", error);
        Assert.Contains("check the device's environment ('production') and the credential's ('production')", error);
        await ApiExtensions.Eventually(async () => (await admin.DeviceIdsAsync(app, "u2")).Length == 0, TimeSpan.FromSeconds(5), "the device is pruned");
    }

    [Fact]
    public async Task InvalidProviderToken_fails_at_once_keeps_the_device_and_names_the_fix_on_the_credential()
    {
        var (mock, herald, app, admin, token) = await StartAsync();
        await using var _ = mock;
        using var __ = herald;
        mock.ReplyAlways(token, new ApnsReply(403, "InvalidProviderToken"));

        await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2"));
        var detail = await admin.SettledPushAsync(app, "u2");

        var delivery = detail.GetProperty("delivery");
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32()); // retrying cannot fix a credential
        var error = delivery.GetProperty("lastError").GetString();
        Assert.Contains("InvalidProviderToken", error);
        Assert.Contains($"key {ApnsTestKit.KeyId} for team {ApnsTestKit.TeamId}", error);
        Assert.Contains("upload the credential again", error);
        Assert.Equal(["iphone"], await admin.DeviceIdsAsync(app, "u2"));
    }

    [Fact]
    public async Task TooManyRequests_then_ServiceUnavailable_are_retried_under_the_same_apns_id_until_delivered()
    {
        var (mock, herald, app, admin, token) = await StartAsync();
        await using var _ = mock;
        using var __ = herald;
        mock.Reply(token, new ApnsReply(429, "TooManyRequests"), new ApnsReply(503, "ServiceUnavailable", RetryAfter: "1"));

        await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2"));
        var requests = await ApnsTestKit.ExpectRequestsAsync(mock, 3, token);
        var detail = await admin.SettledPushAsync(app, "u2");

        Assert.Equal([429, 503, 200], requests.Select(r => r.Status).ToArray());
        Assert.All(requests, r => Assert.Empty(r.Problems));
        Assert.Single(requests.Select(r => r.Header("apns-id")).Distinct()); // Apple (and the app) can tell it is one push
        Assert.Equal("succeeded", detail.GetProperty("delivery").GetProperty("status").GetString());
        var attempts = detail.GetProperty("attempts").EnumerateArray().ToArray();
        Assert.Equal([429, 503, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()).ToArray());
        Assert.Contains("TooManyRequests", attempts[0].GetProperty("error").GetString());
        Assert.Contains("ServiceUnavailable", attempts[1].GetProperty("error").GetString());
        Assert.Equal(["iphone"], await admin.DeviceIdsAsync(app, "u2"));
    }

    [Fact]
    public async Task ExpiredProviderToken_makes_a_new_token_for_the_retry_once_the_old_one_is_20_minutes_old()
    {
        await using var mock = await ApnsMock.StartH2cAsync();
        mock.TokenKey = ApnsTestKit.PublicKey();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        mock.Clock = clock;
        using var herald = ApnsTestKit.Herald(mock, retrySchedule: FastRetries);
        using var factory = herald.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(sp => new ApnsTokenCache(clock, sp.GetRequiredService<Herald.Storage.IHeraldStore>(), sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()))));
        var admin = await CreateAppAsync(factory, "expired");
        await admin.AddTokenCredentialAsync("expired");
        var token = ApnsTestKit.DeviceToken("expired");
        await admin.RegisterIphoneAsync("expired", "u2", "iphone", token);
        mock.Reply(token, new ApnsReply(403, "ExpiredProviderToken"));
        var advanced = 0;
        // Apple calls the token expired after 21 minutes of (fake) time: a new one is then allowed.
        mock.OnRequest = _ => { if (Interlocked.Exchange(ref advanced, 1) == 0) clock.Advance(TimeSpan.FromMinutes(21)); };

        await admin.PostEventAsync("expired", ApnsTestKit.DirectMessage("u2"));
        var requests = await ApnsTestKit.ExpectRequestsAsync(mock, 2, token);
        var detail = await admin.SettledPushAsync("expired", "u2");

        Assert.Equal([403, 200], requests.Select(r => r.Status).ToArray());
        Assert.NotEqual(requests[0].Jwt, requests[1].Jwt);
        Assert.InRange(requests[1].JwtClaims!.Value.GetProperty("iat").GetInt64() - requests[0].JwtClaims!.Value.GetProperty("iat").GetInt64(), 21 * 60 - 2, 21 * 60 + 5);
        Assert.Empty(requests[1].Problems);
        Assert.Equal("succeeded", detail.GetProperty("delivery").GetProperty("status").GetString());
        Assert.Contains("a new token was made", detail.GetProperty("attempts")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task ExpiredProviderToken_for_a_token_under_20_minutes_old_keeps_it_and_points_at_the_clock()
    {
        var (mock, herald, app, admin, token) = await StartAsync();
        await using var _ = mock;
        using var __ = herald;
        mock.Reply(token, new ApnsReply(403, "ExpiredProviderToken"));

        await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2"));
        var requests = await ApnsTestKit.ExpectRequestsAsync(mock, 2, token);
        var detail = await admin.SettledPushAsync(app, "u2");

        Assert.Equal(requests[0].Jwt, requests[1].Jwt); // Apple answers 429 TooManyProviderTokenUpdates to faster refreshes
        Assert.Equal("succeeded", detail.GetProperty("delivery").GetProperty("status").GetString());
        var error = detail.GetProperty("attempts")[0].GetProperty("error").GetString();
        Assert.Contains("clock", error);
        Assert.Contains("every 20 minutes", error);
    }

    [Fact]
    public async Task A_payload_over_4096_bytes_is_refused_before_sending_with_a_clear_error()
    {
        var (mock, herald, app, admin, _) = await StartAsync();
        await using var __ = mock;
        using var ___ = herald;
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { includeMessageObject = true });

        await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2", text: new string('x', 5000)));
        var detail = await admin.SettledPushAsync(app, "u2");

        var delivery = detail.GetProperty("delivery");
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        var error = delivery.GetProperty("lastError").GetString()!;
        Assert.Matches(@"^payload is \d+ bytes; APNs accepts at most 4096 \(5120 for VoIP\)", error);
        Assert.Contains("includeMessageObject", error);
        Assert.Empty(detail.GetProperty("attempts").EnumerateArray());
        await Task.Delay(300);
        Assert.Empty(mock.Requests);
    }

    /// <summary>CreateAppAsync for a derived factory: its own server, so its own clients.</summary>
    private static async Task<HttpClient> CreateAppAsync(WebApplicationFactory<Program> factory, string id)
    {
        var root = factory.CreateClient();
        root.DefaultRequestHeaders.Authorization = new("Bearer", HeraldHost.RootKey);
        (await root.PostAsJsonAsync("/v1/apps", new { id, name = id })).EnsureSuccessStatusCode();
        var key = await root.PostAsJsonAsync($"/v1/apps/{id}/keys", new { name = "admin", scope = "admin" });
        key.EnsureSuccessStatusCode();
        var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
        return admin;
    }
}
