using System.Text.Json;

namespace Herald.Tests.Support;

/// <summary>
/// The events and the wait the webhook-flow tests share (Queue/RetryTests, Record/DeliveriesApiTests, Webhooks/EndpointHealthTests,
/// Route/RoutingTests, Ingest/BatchTests, Webhooks/SigningAndRateLimitTests), used through <c>using static</c>.
/// </summary>
public static class WebhookFlow
{
    public static object Message(string id) => new { id, type = "message.created", sender = new { uid = "u1", name = "Ann" }, data = new { text = "hi" } };

    public static async Task<JsonElement> OnlyDeliveryAsync(HttpClient admin, string app, string status)
    {
        JsonElement item = default;
        await ApiExtensions.Eventually(async () =>
        {
            var items = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?status={status}")).GetProperty("items");
            if (items.GetArrayLength() != 1) return false;
            item = items[0];
            return true;
        }, TimeSpan.FromSeconds(15), $"one delivery reaches status {status}");
        return await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{item.GetProperty("id").GetString()}");
    }

    public static object Evt(string id, string type) => new { id, type, sender = new { uid = "u1", name = "Ann" }, data = new { text = "hi" } };
}
