using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Push;
using Herald.Tests.Support;

namespace Herald.Tests.Monitoring;

/// <summary>Each diagnostic fires on its cause, names cause and fix, and clears after the fix.</summary>
public sealed class DiagnosticsTests
{
    private static HeraldHost Host(string customTimeout = "2s") => new(new Dictionary<string, string?>
    {
        ["Herald:Delivery:RetrySchedule"] = "0s", ["Herald:Monitoring:WatchInterval"] = "1h", ["Herald:Push:CustomTimeout"] = customTimeout,
    });

    private static async Task<JsonElement[]> FindingsAsync(HttpClient admin, string app) =>
        [.. (await admin.GetJsonAsync($"/v1/apps/{app}/diagnostics")).GetProperty("findings").EnumerateArray()];

    private static async Task<JsonElement?> FindingAsync(HttpClient admin, string app, string code) =>
        (await FindingsAsync(admin, app)).Cast<JsonElement?>().FirstOrDefault(f => f!.Value.GetProperty("code").GetString() == code);

    private static void AssertNamesCauseAndFix(JsonElement f)
    {
        foreach (var field in (string[])["severity", "subject", "cause", "fix", "fixAt", "evidence"])
            Assert.False(string.IsNullOrWhiteSpace(f.GetProperty(field).GetString()), $"{field} is empty in {f}");
    }

    [Fact]
    public async Task A_healthy_new_app_has_no_findings()
    {
        using var herald = Host();
        var (app, admin) = await herald.CreateAppAsync();
        Assert.Empty(await FindingsAsync(admin, app));
    }

    [Fact]
    public async Task Devices_without_an_active_credential_are_found_until_one_is_activated()
    {
        using var herald = Host();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.PutOkAsync($"/v1/apps/{app}/users/u1/devices/phone", new { platform = "android", provider = "baidu", token = "channel-1" });
        var f = await FindingAsync(admin, app, "no-active-credential");
        Assert.NotNull(f);
        AssertNamesCauseAndFix(f.Value);
        Assert.Contains("1 registered android device", f.Value.GetProperty("evidence").GetString());

        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials",
            new { name = "baidu", platform = "android", provider = "baidu", apiKey = "key", secretKey = "secret", active = true });
        Assert.True(r.IsSuccessStatusCode);
        Assert.Null(await FindingAsync(admin, app, "no-active-credential"));
    }

    [Fact]
    public async Task Master_toggle_and_event_toggles_that_silence_sent_events_are_found_and_clear()
    {
        using var herald = Host();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.PutOkAsync($"/v1/apps/{app}/push/events/reaction.added", new { allowed = false });
        await admin.PostEventAsync(app, new { type = "reaction.added", sender = new { uid = "u1" }, conversation = new { type = "user" }, recipients = new[] { "u2" }, data = new { reaction = "👍" } });
        var toggle = await FindingAsync(admin, app, "event-toggle-off");
        Assert.NotNull(toggle);
        Assert.Equal("reaction.added", toggle.Value.GetProperty("subject").GetString());
        Assert.Contains("Chat Events", toggle.Value.GetProperty("fix").GetString());
        await admin.PutOkAsync($"/v1/apps/{app}/push/events/reaction.added", new { allowed = true });
        Assert.Null(await FindingAsync(admin, app, "event-toggle-off"));

        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { enabled = false });
        AssertNamesCauseAndFix((await FindingAsync(admin, app, "push-disabled"))!.Value);
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { enabled = true });
        Assert.Null(await FindingAsync(admin, app, "push-disabled"));
    }

    [Fact]
    public async Task A_conversation_variant_switched_off_is_found_by_name_with_its_fix_and_clears()
    {
        using var herald = Host();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.PutOkAsync($"/v1/apps/{app}/push/events/message.created", new { allowed = false, conversationType = "group" });
        await admin.PostEventAsync(app, PushTestKit.GroupMessage());
        var f = await FindingAsync(admin, app, "event-toggle-off");
        Assert.NotNull(f);
        AssertNamesCauseAndFix(f.Value);
        Assert.Equal("message.created (group)", f.Value.GetProperty("subject").GetString());
        Assert.Contains("group conversations", f.Value.GetProperty("cause").GetString());
        Assert.Contains("\"conversationType\": \"group\"", f.Value.GetProperty("fix").GetString());
        Assert.Contains("Chat Events", f.Value.GetProperty("fix").GetString());
        Assert.EndsWith("/push/events/message.created", f.Value.GetProperty("fixAt").GetString());

        await admin.PutOkAsync($"/v1/apps/{app}/push/events/message.created", new { allowed = true, conversationType = "group" });
        Assert.Null(await FindingAsync(admin, app, "event-toggle-off"));
    }

    [Fact]
    public async Task An_endpoint_answering_401_is_a_secret_mismatch_until_it_accepts_again()
    {
        await using var backend = await Receiver.StartAsync();
        var accept = false;
        backend.Respond = (_, _) => Task.FromResult(accept ? 200 : 401);
        using var herald = Host();
        var (app, admin) = await herald.CreateAppAsync();
        var ep = await admin.CreateEndpointAsync(app, new { url = backend.Url });
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: "a"));
        JsonElement? f = null;
        await ApiExtensions.Eventually(async () => (f = await FindingAsync(admin, app, "webhook-unauthorized")) is not null, TimeSpan.FromSeconds(10), "the 401 is found");
        Assert.Contains("regenerate", f!.Value.GetProperty("fix").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(ep.Id, f.Value.GetProperty("fixAt").GetString());

        accept = true; // the backend got the new secret
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: "b"));
        await ApiExtensions.Eventually(async () => await FindingAsync(admin, app, "webhook-unauthorized") is null, TimeSpan.FromSeconds(10), "the finding clears after a success");
    }

    /// <summary>Pushes one message through a custom gateway and waits for the finding <paramref name="code"/>.</summary>
    private static async Task<JsonElement> GatewayFindingAsync(HttpClient admin, string app, Receiver gateway, string code, string eventId)
    {
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: eventId, sender: "sender", recipients: new[] { "u1" }));
        JsonElement? f = null;
        await ApiExtensions.Eventually(async () => (f = await FindingAsync(admin, app, code)) is not null, TimeSpan.FromSeconds(15), $"{code} is found");
        AssertNamesCauseAndFix(f!.Value);
        Assert.Equal(gateway.Url, f.Value.GetProperty("subject").GetString());
        Assert.Contains(gateway.Url, f.Value.GetProperty("evidence").GetString());
        Assert.Contains("'gateway'", f.Value.GetProperty("cause").GetString()); // the credential's name…
        return f.Value;
    }

    [Theory]
    [InlineData(401, "custom-gateway-unauthorized", "Basic Auth", "password")]
    [InlineData(403, "custom-gateway-unauthorized", "Basic Auth", "password")]
    [InlineData(503, "custom-gateway-server-error", "503", "gateway's logs")]
    public async Task A_custom_gateway_refusing_pushes_is_found_with_its_url_credential_cause_and_fix_until_it_accepts(int status, string code, string cause, string fix)
    {
        await using var gateway = await Receiver.StartAsync();
        var accept = false;
        gateway.Respond = (_, _) => Task.FromResult(accept ? 200 : status);
        using var herald = Host();
        var (app, admin) = await herald.CreateAppAsync();
        var credential = await admin.AddCustomProviderAsync(app, gateway);

        var f = await GatewayFindingAsync(admin, app, gateway, code, "first");
        Assert.Equal("error", f.GetProperty("severity").GetString());
        Assert.Contains(cause, f.GetProperty("cause").GetString());
        Assert.Contains(credential, f.GetProperty("cause").GetString()); // …and its id
        Assert.Contains(fix, f.GetProperty("fix").GetString());
        Assert.EndsWith($"/push/credentials/{credential}", f.GetProperty("fixAt").GetString());
        Assert.Contains($"answered {(status >= 500 ? "5xx" : "401/403")}", f.GetProperty("evidence").GetString());

        accept = true;
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: "second", sender: "sender", recipients: new[] { "u1" }));
        await ApiExtensions.Eventually(async () => await FindingAsync(admin, app, code) is null, TimeSpan.FromSeconds(15), "the finding clears once the gateway accepts");
    }

    [Fact]
    public async Task A_custom_gateway_slower_than_the_timeout_is_told_to_answer_first()
    {
        await using var gateway = await Receiver.StartAsync();
        gateway.Respond = async (_, _) => { await Task.Delay(1500); return 200; };
        using var herald = Host(customTimeout: "300ms");
        var (app, admin) = await herald.CreateAppAsync();
        var credential = await admin.AddCustomProviderAsync(app, gateway);

        var f = await GatewayFindingAsync(admin, app, gateway, "custom-gateway-slow", "slow");
        Assert.Contains(credential, f.GetProperty("cause").GetString());
        Assert.Contains("0.3 s", f.GetProperty("cause").GetString());
        Assert.Contains("answer 200 at once", f.GetProperty("fix").GetString());
        Assert.Contains("Herald:Push:CustomTimeout", f.GetProperty("fix").GetString());
        Assert.Null(await FindingAsync(admin, app, "custom-gateway-server-error"));
    }

    [Fact]
    public async Task A_slow_endpoint_that_times_out_is_told_to_answer_first_and_work_after()
    {
        await using var backend = await Receiver.StartAsync();
        backend.Respond = async (_, _) => { await Task.Delay(1500); return 200; };
        using var herald = Host();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = backend.Url, timeoutSeconds = 0.5 });
        await admin.PostEventAsync(app, PushTestKit.GroupMessage());
        JsonElement? f = null;
        await ApiExtensions.Eventually(async () => (f = await FindingAsync(admin, app, "webhook-slow")) is not null, TimeSpan.FromSeconds(10), "the timeout is found");
        Assert.Contains("Return 200 quickly", f!.Value.GetProperty("fix").GetString());
        AssertNamesCauseAndFix(f.Value);
    }

    [Fact]
    public async Task Dead_letters_are_found_until_they_are_retried_and_repeated_ids_are_reported()
    {
        await using var backend = await Receiver.StartAsync();
        backend.Respond = (n, _) => Task.FromResult(n == 0 ? 500 : 200);
        using var herald = Host();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = backend.Url });
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: "same"));
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: "same"));

        JsonElement? dead = null;
        await ApiExtensions.Eventually(async () => (dead = await FindingAsync(admin, app, "dead-letters")) is not null, TimeSpan.FromSeconds(10), "the dead letter is found");
        Assert.Contains("1 failed delivery", dead!.Value.GetProperty("evidence").GetString());
        var duplicate = await FindingAsync(admin, app, "duplicate-event-ids");
        Assert.NotNull(duplicate);
        Assert.Equal("info", duplicate.Value.GetProperty("severity").GetString());

        var failed = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?status=failed")).GetProperty("items")[0].GetProperty("id").GetString();
        Assert.Equal(202, (int)(await admin.PostAsync($"/v1/apps/{app}/deliveries/{failed}/retry", null)).StatusCode);
        await ApiExtensions.Eventually(async () => await FindingAsync(admin, app, "dead-letters") is null, TimeSpan.FromSeconds(10), "the finding clears after the retry");
    }

    [Fact]
    public async Task An_expiring_active_certificate_is_found_until_another_credential_is_active()
    {
        using var herald = Host();
        var (app, admin) = await herald.CreateAppAsync();
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", new
        {
            name = "old cert", platform = "ios", provider = "apns", environment = "sandbox",
            p12 = TestCredentials.P12Base64(DateTimeOffset.UtcNow, daysLeft: 5), p12Password = TestCredentials.P12Password,
        });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        var f = await FindingAsync(admin, app, "credential-expiring");
        Assert.NotNull(f);
        Assert.Equal("old cert", f.Value.GetProperty("subject").GetString());

        var p8 = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", new
        {
            name = "token key", platform = "ios", provider = "apns", environment = "sandbox", active = true,
            p8 = TestCredentials.P256Pem, keyId = "ABCDE12345", teamId = "TEAM123456", topic = TestCredentials.BundleId,
        });
        Assert.True(p8.IsSuccessStatusCode, await p8.Content.ReadAsStringAsync());
        Assert.Null(await FindingAsync(admin, app, "credential-expiring"));
    }
}
