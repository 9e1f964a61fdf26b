using System.Text.Json;
using Herald.Tests.Push;
using Herald.Tests.Push.Providers.Fcm;
using Herald.Tests.Support;
using Herald.Webhooks;

namespace Herald.Tests.Monitoring;

/// <summary>
/// Feedback to the app's backend: a dead token and a push given up reach the endpoints subscribed to
/// herald.device.pruned / herald.push.failed as signed webhooks, and no other endpoint.
/// </summary>
public sealed class PushFeedbackEventsTests
{
    private static List<JsonElement> DataOf(Receiver r, string type) =>
        [.. r.Requests.Select(x => JsonDocument.Parse(x.Body).RootElement).Where(b => b.GetProperty("type").GetString() == type).Select(b => b.GetProperty("data"))];

    /// <summary>Routing happens at ingest, so the log's deliveries of a type are every endpoint that will ever get it.</summary>
    private static async Task<string[]> EndpointsSentAsync(HttpClient admin, string app, string type) =>
        [.. (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=webhook&type={type}")).GetProperty("items").EnumerateArray()
            .Select(d => d.GetProperty("endpointId").GetString()!)];

    [Fact]
    public async Task A_dead_token_is_told_to_the_subscribed_endpoint_as_herald_device_pruned_and_the_push_as_failed()
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        mock.Respond = (_, _) => FcmReply.Unregistered;
        await using var pruned = await Receiver.StartAsync();
        await using var failed = await Receiver.StartAsync();
        await using var everything = await Receiver.StartAsync();
        using var herald = FcmTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        var prunedEndpoint = await admin.CreateEndpointAsync(app, new { url = pruned.Url, eventTypes = new[] { "herald.device.pruned" } });
        pruned.Verifier = new WebhookVerifier(prunedEndpoint.Secret);
        var failedEndpoint = await admin.CreateEndpointAsync(app, new { url = failed.Url, eventTypes = new[] { "herald.push.*" } });
        await admin.CreateEndpointAsync(app, new { url = everything.Url }); // every product event, none of Herald's own
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: "evt-dead", sender: "u1", recipients: new[] { "u2" }));
        var push = (await admin.OnlyPushAsync(app, "failed")).GetProperty("delivery");
        await ApiExtensions.Eventually(() => Task.FromResult(DataOf(pruned, "herald.device.pruned").Count == 1 && DataOf(failed, "herald.push.failed").Count == 1),
            TimeSpan.FromSeconds(10), "both feedback events arrive");

        var request = Assert.Single(pruned.Requests);
        Assert.True(request.SignatureValid, request.VerifyError);
        var data = DataOf(pruned, "herald.device.pruned")[0];
        Assert.Equal("u2", data.GetProperty("uid").GetString());
        Assert.Equal("pixel", data.GetProperty("deviceId").GetString());
        Assert.Equal("fcm", data.GetProperty("provider").GetString());
        Assert.Contains("UNREGISTERED", data.GetProperty("reason").GetString());
        Assert.Empty(await admin.DeviceIdsAsync(app, "u2"));

        var gaveUp = DataOf(failed, "herald.push.failed")[0];
        Assert.Equal("evt-dead", gaveUp.GetProperty("eventId").GetString());
        Assert.Equal("message.created", gaveUp.GetProperty("eventType").GetString());
        Assert.Equal(push.GetProperty("id").GetString(), gaveUp.GetProperty("deliveryId").GetString());
        Assert.Equal("pixel", gaveUp.GetProperty("deviceId").GetString());

        Assert.Equal([prunedEndpoint.Id], await EndpointsSentAsync(admin, app, "herald.device.pruned"));
        Assert.Equal([failedEndpoint.Id], await EndpointsSentAsync(admin, app, "herald.push.failed"));
        Assert.DoesNotContain(everything.Requests, r => r.Body.Contains("\"herald.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_push_whose_retries_run_out_is_told_as_herald_push_failed_with_the_providers_reason()
    {
        await using var gateway = await Receiver.StartAsync();
        gateway.Respond = (_, _) => Task.FromResult(503);
        await using var ops = await Receiver.StartAsync();
        await using var other = await Receiver.StartAsync();
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Delivery:RetrySchedule"] = "0s,0s", ["Herald:Delivery:RetryJitter"] = "0" });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddCustomProviderAsync(app, gateway);
        var subscriber = await admin.CreateEndpointAsync(app, new { url = ops.Url, eventTypes = new[] { "herald.push.failed" } });
        ops.Verifier = new WebhookVerifier(subscriber.Secret);
        await admin.CreateEndpointAsync(app, new { url = other.Url, eventTypes = new[] { "herald.endpoint.disabled", "message.created" } });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: "evt-503", sender: "u1", recipients: new[] { "u2" }));
        await admin.OnlyPushAsync(app, "failed");
        await ApiExtensions.Eventually(() => Task.FromResult(DataOf(ops, "herald.push.failed").Count == 1), TimeSpan.FromSeconds(10), "the give-up arrives");

        Assert.Equal(2, gateway.Requests.Count); // both attempts made before giving up
        var request = Assert.Single(ops.Requests);
        Assert.True(request.SignatureValid, request.VerifyError);
        var data = DataOf(ops, "herald.push.failed")[0];
        Assert.Equal("u2", data.GetProperty("uid").GetString());
        Assert.Equal("custom", data.GetProperty("provider").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("deviceId").ValueKind); // custom: one POST per recipient, no device
        Assert.Contains("HTTP 503", data.GetProperty("reason").GetString());
        Assert.Contains("gave up after 2 attempts", data.GetProperty("reason").GetString());
        Assert.Equal(503, data.GetProperty("status").GetInt32());
        Assert.Equal(2, data.GetProperty("attempts").GetInt32());
        Assert.Equal("evt-503", data.GetProperty("eventId").GetString());
        Assert.Equal([subscriber.Id], await EndpointsSentAsync(admin, app, "herald.push.failed"));
        Assert.Empty(await EndpointsSentAsync(admin, app, "herald.device.pruned")); // the gateway names no device to prune
    }
}
