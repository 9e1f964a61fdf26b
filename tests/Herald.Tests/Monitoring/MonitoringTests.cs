using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Push;
using Herald.Tests.Support;

namespace Herald.Tests.Monitoring;

/// <summary>The four metrics, from real traffic to loopback receivers: value, threshold, state, breakdowns.</summary>
public sealed class MonitoringTests
{
    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var s = new Dictionary<string, string?> { ["Herald:Delivery:RetrySchedule"] = "0s", ["Herald:Monitoring:WatchInterval"] = "1h" };
        foreach (var (k, v) in extra) s[k] = v;
        return s;
    }

    private static async Task<JsonElement> MonitoringAsync(HttpClient admin, string app, string query = "") =>
        await admin.GetJsonAsync($"/v1/apps/{app}/monitoring{query}");

    /// <summary>Pushes to 100 recipients through the custom provider, <paramref name="failing"/> of which the gateway refuses.</summary>
    private static async Task PushToHundredAsync(HttpClient admin, string app, Receiver gateway, int failing)
    {
        var failUids = Enumerable.Range(0, failing).Select(i => $"u{i}").ToHashSet();
        gateway.Respond = (_, r) => Task.FromResult(failUids.Contains(PushTestKit.To(r)) ? 500 : 200);
        await admin.AddCustomProviderAsync(app, gateway);
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "sender", recipients: Enumerable.Range(0, 100).Select(i => $"u{i}").ToArray()));
        await ApiExtensions.Eventually(async () =>
        {
            var m = (await MonitoringAsync(admin, app)).GetProperty("deliverySuccessPercent");
            return m.GetProperty("succeeded").GetInt64() + m.GetProperty("failed").GetInt64() == 100;
        }, TimeSpan.FromSeconds(15), "100 pushes are finished and rolled up");
    }

    [Theory]
    [InlineData(3, 97.0, "ok")]
    [InlineData(10, 90.0, "alert")]
    public async Task Delivery_success_is_successful_pushes_over_all_per_provider(int failing, double expected, string state)
    {
        await using var gateway = await Receiver.StartAsync();
        using var herald = new HeraldHost(Settings());
        var (app, admin) = await herald.CreateAppAsync();
        Assert.Equal("no-data", (await MonitoringAsync(admin, app)).GetProperty("deliverySuccessPercent").GetProperty("state").GetString());

        await PushToHundredAsync(admin, app, gateway, failing);
        var m = (await MonitoringAsync(admin, app)).GetProperty("deliverySuccessPercent");
        Assert.Equal(expected, m.GetProperty("value").GetDouble());
        Assert.Equal(95, m.GetProperty("threshold").GetDouble());
        Assert.Equal(state, m.GetProperty("state").GetString());
        var custom = Assert.Single(m.GetProperty("byProvider").EnumerateArray());
        Assert.Equal("custom", custom.GetProperty("provider").GetString());
        Assert.Equal(100 - failing, custom.GetProperty("succeeded").GetInt64());
        Assert.Equal(state == "alert" ? "alert" : "ok", custom.GetProperty("state").GetString());
        if (state == "alert") Assert.Contains("inspect the credentials", m.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task A_provider_refusing_every_attempt_alerts_at_its_first_attempts_not_when_the_default_retry_schedule_ends()
    {
        await using var gateway = await Receiver.StartAsync();
        gateway.Respond = (_, _) => Task.FromResult(500);
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Monitoring:WatchInterval"] = "1h" }); // the default schedule: 0s,5s,5m,…,10h
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddCustomProviderAsync(app, gateway);
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "sender", recipients: new[] { "u1", "u2", "u3" }));

        JsonElement m = default;
        await ApiExtensions.Eventually(async () =>
        {
            m = (await MonitoringAsync(admin, app)).GetProperty("deliverySuccessPercent");
            return m.GetProperty("failed").GetInt64() >= 3;
        }, TimeSpan.FromSeconds(15), "the first three refused attempts are rolled up");

        // Every job is still in its retry schedule: nothing has finished, yet the metric already alerts.
        var pushes = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, pushes.Count);
        Assert.DoesNotContain(pushes, d => d.GetProperty("status").GetString() is "failed" or "succeeded");
        Assert.Equal(0.0, m.GetProperty("value").GetDouble());
        Assert.Equal("alert", m.GetProperty("state").GetString());
        Assert.Equal(0, m.GetProperty("succeeded").GetInt64());
        var custom = Assert.Single(m.GetProperty("byProvider").EnumerateArray());
        Assert.Equal("custom", custom.GetProperty("provider").GetString());
        Assert.Equal(0.0, custom.GetProperty("value").GetDouble());
        Assert.Equal("alert", custom.GetProperty("state").GetString());
        Assert.Contains("custom", m.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task A_retry_that_succeeds_still_counts_the_attempt_that_failed()
    {
        await using var gateway = await Receiver.StartAsync();
        gateway.Respond = (n, _) => Task.FromResult(n == 0 ? 500 : 200);
        using var herald = new HeraldHost(Settings(("Herald:Delivery:RetrySchedule", "0s,0s")));
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddCustomProviderAsync(app, gateway);
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "sender", recipients: new[] { "u1" }));

        JsonElement m = default;
        await ApiExtensions.Eventually(async () =>
        {
            m = (await MonitoringAsync(admin, app)).GetProperty("deliverySuccessPercent");
            return m.GetProperty("succeeded").GetInt64() == 1;
        }, TimeSpan.FromSeconds(15), "the retry's success is rolled up");
        Assert.Equal(1, m.GetProperty("failed").GetInt64());
        Assert.Equal(50.0, m.GetProperty("value").GetDouble());
    }

    [Theory]
    [InlineData(1, 1.0, "ok")]
    [InlineData(5, 5.0, "alert")]
    public async Task Webhook_failure_rate_counts_failed_attempts_over_all_attempts_per_endpoint(int failing, double expected, string state)
    {
        await using var backend = await Receiver.StartAsync();
        backend.Respond = (n, _) => Task.FromResult(n < failing ? 500 : 200);
        using var herald = new HeraldHost(Settings());
        var (app, admin) = await herald.CreateAppAsync();
        var ep = await admin.CreateEndpointAsync(app, new { url = backend.Url });
        for (var i = 0; i < 100; i += 50)
        {
            var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", new { events = Enumerable.Range(i, 50).Select(n => PushTestKit.GroupMessage(id: $"e{n}")).ToArray() });
            Assert.Equal(202, (int)r.StatusCode);
            await PushTestKit.ExpectExactlyAsync(backend, i + 50);
        }
        JsonElement m = default;
        await ApiExtensions.Eventually(async () =>
        {
            m = (await MonitoringAsync(admin, app)).GetProperty("webhookFailureRatePercent");
            return m.GetProperty("attempts").GetInt64() == 100;
        }, TimeSpan.FromSeconds(10), "100 attempts are rolled up");
        Assert.Equal(expected, m.GetProperty("value").GetDouble());
        Assert.Equal(state, m.GetProperty("state").GetString());
        Assert.Equal(failing, m.GetProperty("failed5xx").GetInt64());
        var byEndpoint = Assert.Single(m.GetProperty("byEndpoint").EnumerateArray());
        Assert.Equal(ep.Id, byEndpoint.GetProperty("endpointId").GetString());

        var series = await admin.GetJsonAsync($"/v1/apps/{app}/monitoring/series?metric=webhookFailures&window=1h&step=5m");
        var points = Assert.Single(series.GetProperty("series").EnumerateArray()).GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(100, points.Sum(p => p.GetProperty("values").GetProperty("attempts").GetDouble()));
        Assert.Equal(failing, points.Sum(p => p.GetProperty("values").GetProperty("failures").GetDouble()));
        var latency = await admin.GetJsonAsync($"/v1/apps/{app}/monitoring/series?metric=webhookLatency&window=1h&step=1h");
        var p95 = Assert.Single(latency.GetProperty("series").EnumerateArray()).GetProperty("points")[0].GetProperty("values").GetProperty("p95");
        Assert.True(p95.GetDouble() > 0);
    }

    [Fact]
    public async Task Credential_days_to_expiry_is_the_soonest_active_expiry_and_alerts_under_thirty_days()
    {
        using var herald = new HeraldHost(Settings());
        var (app, admin) = await herald.CreateAppAsync();
        Assert.Equal("no-data", (await MonitoringAsync(admin, app)).GetProperty("credentialDaysToExpiry").GetProperty("state").GetString());

        async Task<string> UploadAsync(string name, int daysLeft, bool active)
        {
            var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", new
            {
                name, platform = "ios", provider = "apns", environment = "sandbox", active,
                p12 = TestCredentials.P12Base64(DateTimeOffset.UtcNow, daysLeft: daysLeft), p12Password = TestCredentials.P12Password,
            });
            var json = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(r.IsSuccessStatusCode, json.ToString());
            return json.GetProperty("id").GetString()!;
        }
        var soon = await UploadAsync("dev cert", 10, active: true);
        await UploadAsync("next year", 365, active: false); // inactive credentials do not count

        var m = (await MonitoringAsync(admin, app)).GetProperty("credentialDaysToExpiry");
        Assert.InRange(m.GetProperty("value").GetDouble(), 9, 10);
        Assert.Equal("alert", m.GetProperty("state").GetString());
        Assert.Equal(soon, m.GetProperty("credential").GetProperty("id").GetString());
        Assert.Contains("schedule its renewal", m.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task Event_coverage_is_enabled_over_intended_types_with_the_gaps_listed()
    {
        using var herald = new HeraldHost(Settings());
        var (app, admin) = await herald.CreateAppAsync();
        Assert.Equal("no-data", (await MonitoringAsync(admin, app)).GetProperty("eventCoverage").GetProperty("state").GetString());

        await admin.PostEventAsync(app, PushTestKit.GroupMessage());               // chat
        await admin.PostEventAsync(app, new { type = "livestream.started", sender = new { uid = "host" } }); // livestream
        var m = (await MonitoringAsync(admin, app)).GetProperty("eventCoverage");
        Assert.Equal("ok", m.GetProperty("state").GetString());
        var intended = m.GetProperty("intended").GetInt32();
        Assert.True(intended > 10, "every chat and live-stream type is intended by default");

        await admin.PutOkAsync($"/v1/apps/{app}/push/events/livestream.ended", new { allowed = false });
        m = (await MonitoringAsync(admin, app)).GetProperty("eventCoverage");
        Assert.Equal("alert", m.GetProperty("state").GetString());
        Assert.Equal(["livestream.ended"], m.GetProperty("gaps").EnumerateArray().Select(g => g.GetString()!).ToArray());
        Assert.Equal(intended - 1, m.GetProperty("enabled").GetInt32());
        Assert.Equal(Math.Round(100.0 * (intended - 1) / intended, 2), m.GetProperty("value").GetDouble());

        await admin.PutOkAsync($"/v1/apps/{app}/monitoring/settings", new { intendedEventTypes = new[] { "message.created", "call.initiated" } });
        m = (await MonitoringAsync(admin, app)).GetProperty("eventCoverage");
        Assert.Equal("ok", m.GetProperty("state").GetString());
        Assert.Equal(3, m.GetProperty("intended").GetInt32()); // message.created has two switches: one-on-one and group
        Assert.True(m.GetProperty("intendedConfigured").GetBoolean());
    }

    [Fact]
    public async Task Event_coverage_counts_every_switch_the_console_shows_and_names_a_conversation_variant_that_is_off()
    {
        using var herald = new HeraldHost(Settings());
        var (app, admin) = await herald.CreateAppAsync();
        // The console shows a type's variants in place of its own row: that is the list to cover.
        var rows = (await admin.GetJsonAsync($"/v1/apps/{app}/push/events")).EnumerateArray().ToList();
        static string? VariantOf(JsonElement r) => r.GetProperty("conversationType").ValueKind == JsonValueKind.String ? r.GetProperty("conversationType").GetString() : null;
        var switches = rows.Where(r => VariantOf(r) is not null || !rows.Any(o => o.GetProperty("type").GetString() == r.GetProperty("type").GetString() && VariantOf(o) is not null)).ToList();
        var types = rows.Select(r => r.GetProperty("type").GetString()!).Distinct().ToArray();
        Assert.True(switches.Count > types.Length, "some type has conversation variants");
        await admin.PutOkAsync($"/v1/apps/{app}/monitoring/settings", new { intendedEventTypes = types });
        var m = (await MonitoringAsync(admin, app)).GetProperty("eventCoverage");
        Assert.Equal(switches.Count, m.GetProperty("intended").GetInt32());
        Assert.Equal("ok", m.GetProperty("state").GetString());

        await admin.PutOkAsync($"/v1/apps/{app}/push/events/message.created", new { allowed = false, conversationType = "group" });
        m = (await MonitoringAsync(admin, app)).GetProperty("eventCoverage");
        Assert.Equal("alert", m.GetProperty("state").GetString());
        Assert.True(m.GetProperty("value").GetDouble() < 100);
        Assert.Equal(["message.created (group)"], m.GetProperty("gaps").EnumerateArray().Select(g => g.GetString()!).ToArray());
        Assert.Equal(switches.Count - 1, m.GetProperty("enabled").GetInt32());
        Assert.Contains("message.created (group)", m.GetProperty("hint").GetString());
    }

    [Theory]
    [InlineData("/monitoring?window=2d", "window")]
    [InlineData("/monitoring/series?window=24h", "metric")]
    [InlineData("/monitoring/series?metric=deliveries&window=7d&step=1m", "step")]
    [InlineData("/monitoring/series?metric=nope", "metric")]
    public async Task Bad_monitoring_queries_name_the_parameter(string path, string field)
    {
        using var herald = new HeraldHost(Settings());
        var (app, admin) = await herald.CreateAppAsync();
        var r = await admin.GetAsync($"/v1/apps/{app}{path}");
        Assert.Equal(400, (int)r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.True((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Intended_types_must_be_types_that_can_notify()
    {
        using var herald = new HeraldHost(Settings());
        var (app, admin) = await herald.CreateAppAsync();
        var r = await admin.PutAsJsonAsync($"/v1/apps/{app}/monitoring/settings", new { intendedEventTypes = new[] { "message.created", "herald.metric.alert" } });
        Assert.Equal(400, (int)r.StatusCode);
        Assert.Contains("intendedEventTypes[1]", await r.Content.ReadAsStringAsync());
    }
}
