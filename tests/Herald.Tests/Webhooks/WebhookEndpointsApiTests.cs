using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Webhooks;

public sealed class WebhookEndpointsApiTests(HeraldHostFixture host) : IClassFixture<HeraldHostFixture>
{
    private readonly HeraldHost _herald = host.Herald;

    [Fact]
    public async Task The_endpoint_listing_never_shows_the_signing_secret()
    {
        var (app, admin) = await _herald.CreateAppAsync();
        var ep = await admin.CreateEndpointAsync(app, new { url = "http://127.0.0.1:9/hook", description = "billing" });
        var list = await admin.GetStringAsync($"/v1/apps/{app}/endpoints");
        var one = await admin.GetStringAsync($"/v1/apps/{app}/endpoints/{ep.Id}");
        Assert.DoesNotContain(ep.Secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(ep.Secret, one, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", list, StringComparison.Ordinal);
        var view = JsonDocument.Parse(one).RootElement;
        Assert.Equal("billing", view.GetProperty("description").GetString());
        Assert.Equal(5, view.GetProperty("timeoutSeconds").GetDouble());
    }

    [Fact]
    public async Task Deleting_an_endpoint_cancels_its_queued_deliveries()
    {
        var (app, admin) = await _herald.CreateAppAsync();
        // Port 9 (discard) on loopback refuses connections: the delivery stays queued for a retry.
        var ep = await admin.CreateEndpointAsync(app, new { url = "http://127.0.0.1:9/hook" });
        await admin.PostEventAsync(app, new { id = "gone", type = "message.created", data = new { text = "x" } });
        await ApiExtensions.Eventually(async () =>
            (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries")).GetProperty("items")[0].GetProperty("attempts").GetInt32() >= 1,
            TimeSpan.FromSeconds(10), "the first attempt fails");
        Assert.Equal(204, (int)(await admin.DeleteAsync($"/v1/apps/{app}/endpoints/{ep.Id}")).StatusCode);
        var item = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries")).GetProperty("items")[0];
        Assert.Equal("cancelled", item.GetProperty("status").GetString());
        Assert.Equal(404, (int)(await admin.GetAsync($"/v1/apps/{app}/endpoints/{ep.Id}")).StatusCode);
    }
}
