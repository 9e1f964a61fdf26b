using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Push;
using Herald.Tests.Support;
using Herald.Webhooks;

namespace Herald.Tests.Monitoring;

/// <summary>Herald's own events reach the endpoints that subscribe to them, signed, once per transition.</summary>
public sealed class OperationalEventsTests
{
    private static List<JsonElement> OfType(Receiver r, string type) =>
        r.Requests.Select(x => JsonDocument.Parse(x.Body).RootElement).Where(b => b.GetProperty("type").GetString() == type).ToList();

    [Fact]
    public async Task A_disabled_endpoint_is_announced_once_to_subscribers_only()
    {
        await using var failing = await Receiver.StartAsync();
        failing.Respond = (_, _) => Task.FromResult(500);
        await using var ops = await Receiver.StartAsync();
        await using var everything = await Receiver.StartAsync();
        using var herald = new HeraldHost(new Dictionary<string, string?>
        {
            ["Herald:Delivery:RetrySchedule"] = "0s,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
            ["Herald:Delivery:DisableEndpointAfter"] = "1s", ["Herald:Delivery:RetryJitter"] = "0", ["Herald:Monitoring:WatchInterval"] = "1h",
        });
        var (app, admin) = await herald.CreateAppAsync();
        var doomed = await admin.CreateEndpointAsync(app, new { url = failing.Url, eventTypes = new[] { "message.created" } });
        var subscriber = await admin.CreateEndpointAsync(app, new { url = ops.Url, eventTypes = new[] { "herald.endpoint.disabled" } });
        ops.Verifier = new WebhookVerifier(subscriber.Secret);
        await admin.CreateEndpointAsync(app, new { url = everything.Url }); // empty filter: the product's events, not Herald's own

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: "doomed"));
        await ApiExtensions.Eventually(() => Task.FromResult(OfType(ops, "herald.endpoint.disabled").Count == 1), TimeSpan.FromSeconds(15), "the disabling is announced");
        await Task.Delay(1000);
        var announced = Assert.Single(OfType(ops, "herald.endpoint.disabled"));
        Assert.Equal(doomed.Id, announced.GetProperty("data").GetProperty("endpointId").GetString());
        Assert.Contains("HTTP 500", announced.GetProperty("data").GetProperty("reason").GetString());
        Assert.All(ops.Requests, r => Assert.True(r.SignatureValid, r.VerifyError));
        Assert.Empty(OfType(everything, "herald.endpoint.disabled"));
        Assert.Single(everything.Requests); // only the message itself
    }

    [Fact]
    public async Task A_metric_alert_is_sent_when_the_threshold_is_crossed_and_once_more_when_it_recovers()
    {
        await using var backend = await Receiver.StartAsync();
        var fail = true;
        backend.Respond = (_, _) => Task.FromResult(fail ? 500 : 200);
        await using var ops = await Receiver.StartAsync();
        using var herald = new HeraldHost(new Dictionary<string, string?>
        {
            ["Herald:Delivery:RetrySchedule"] = "0s", ["Herald:Monitoring:WatchInterval"] = "200ms",
        });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = backend.Url, eventTypes = new[] { "message.created" } });
        await admin.CreateEndpointAsync(app, new { url = ops.Url, eventTypes = new[] { "herald.*" } });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: "m0"));
        await ApiExtensions.Eventually(() => Task.FromResult(OfType(ops, "herald.metric.alert").Count == 1), TimeSpan.FromSeconds(10), "the alert is sent");
        var alert = OfType(ops, "herald.metric.alert")[0].GetProperty("data");
        Assert.Equal("webhookFailureRatePercent", alert.GetProperty("metric").GetString());
        Assert.Equal("alert", alert.GetProperty("state").GetString());

        fail = false;
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", new { events = Enumerable.Range(1, 120).Select(i => PushTestKit.GroupMessage(id: $"m{i}")).ToArray() });
        Assert.Equal(202, (int)r.StatusCode);
        await ApiExtensions.Eventually(() => Task.FromResult(OfType(ops, "herald.metric.alert").Count == 2), TimeSpan.FromSeconds(15), "the recovery is sent");
        await Task.Delay(1000); // several more watch cycles: no flood
        var events = OfType(ops, "herald.metric.alert");
        Assert.Equal(2, events.Count);
        Assert.Equal("ok", events[1].GetProperty("data").GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_expiring_credential_is_announced_once()
    {
        await using var ops = await Receiver.StartAsync();
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Monitoring:WatchInterval"] = "200ms" });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = ops.Url, eventTypes = new[] { "herald.credential.expiring" } });
        var created = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", new
        {
            name = "old cert", platform = "ios", provider = "apns", environment = "sandbox",
            p12 = TestCredentials.P12Base64(DateTimeOffset.UtcNow, daysLeft: 5), p12Password = TestCredentials.P12Password,
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        await ApiExtensions.Eventually(() => Task.FromResult(ops.Requests.Count == 1), TimeSpan.FromSeconds(10), "the expiry is announced");
        await Task.Delay(1000);
        var e = Assert.Single(OfType(ops, "herald.credential.expiring")).GetProperty("data");
        Assert.Equal("old cert", e.GetProperty("name").GetString());
        Assert.InRange(e.GetProperty("daysToExpiry").GetDouble(), 4, 5);
    }

    [Fact]
    public async Task Clients_cannot_post_Heralds_own_events()
    {
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events", new { type = "herald.endpoint.disabled", data = new { } });
        Assert.Equal(400, (int)r.StatusCode);
        Assert.Contains("operational", await r.Content.ReadAsStringAsync());
        Assert.Equal(0, (await herald.Store.CountAsync(default)).Events);
    }
}
