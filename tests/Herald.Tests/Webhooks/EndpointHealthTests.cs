using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using static Herald.Tests.Support.WebhookFlow;

namespace Herald.Tests.Webhooks;

public sealed class EndpointHealthTests
{
    [Fact]
    public async Task An_endpoint_failing_longer_than_the_limit_is_disabled_with_its_reason()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(500);
        using var herald = new HeraldHost(new Dictionary<string, string?>
        {
            ["Herald:Delivery:RetrySchedule"] = "0s,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
            ["Herald:Delivery:DisableEndpointAfter"] = "1s",
            ["Herald:Delivery:RetryJitter"] = "0",
        });
        var (app, admin) = await herald.CreateAppAsync();
        var ep = await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        await admin.PostEventAsync(app, Message("doomed"));

        JsonElement endpoint = default;
        await ApiExtensions.Eventually(async () =>
        {
            endpoint = await admin.GetJsonAsync($"/v1/apps/{app}/endpoints/{ep.Id}");
            return !endpoint.GetProperty("enabled").GetBoolean();
        }, TimeSpan.FromSeconds(15), "the endpoint is disabled");
        Assert.Contains("failed continuously since", endpoint.GetProperty("disabledReason").GetString());
        Assert.Contains("HTTP 500", endpoint.GetProperty("disabledReason").GetString());

        // Nothing more is sent to it; the remaining delivery is cancelled, not left hanging.
        await OnlyDeliveryAsync(admin, app, "cancelled");
        var sent = receiver.Requests.Count;
        await admin.PostEventAsync(app, Message("after"));
        await Task.Delay(800);
        Assert.Equal(sent, receiver.Requests.Count);

        // Turning it back on clears the reason and delivers new events again.
        receiver.Respond = (_, _) => Task.FromResult(200);
        var patch = await admin.PatchAsJsonAsync($"/v1/apps/{app}/endpoints/{ep.Id}", new { enabled = true });
        var reenabled = await patch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(reenabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, reenabled.GetProperty("disabledReason").ValueKind);
        await admin.PostEventAsync(app, Message("back"));
        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Any(r => r.Body.Contains("\"back\"", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), "new events reach the re-enabled endpoint");
    }
}
