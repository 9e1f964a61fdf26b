using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using static Herald.Tests.Support.WebhookFlow;

namespace Herald.Tests.Record;

public sealed class DeliveriesApiTests
{
    [Fact]
    public async Task A_dead_lettered_delivery_can_be_retried_by_hand_and_a_queued_one_cannot()
    {
        await using var receiver = await Receiver.StartAsync();
        // The third request (the deliberate re-send) is held, so the delivery is surely still queued when the
        // second retry call arrives; without that the re-send could finish first and the call rightly succeed.
        receiver.Respond = async (n, _) =>
        {
            if (n == 2) await Task.Delay(1500);
            return n == 0 ? 503 : 200;
        };
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Delivery:RetrySchedule"] = "0s" });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        await admin.PostEventAsync(app, Message("dead"));

        var dead = await OnlyDeliveryAsync(admin, app, "failed");
        var id = dead.GetProperty("delivery").GetProperty("id").GetString();
        var retry = await admin.PostAsync($"/v1/apps/{app}/deliveries/{id}/retry", null);
        Assert.Equal(202, (int)retry.StatusCode);

        var done = await OnlyDeliveryAsync(admin, app, "succeeded");
        Assert.Equal([503, 200], done.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal(id, r.WebhookId));

        var again = await admin.PostAsync($"/v1/apps/{app}/deliveries/{id}/retry", null);
        Assert.Equal(202, (int)again.StatusCode); // a succeeded delivery may be sent again on purpose
        var conflict = await admin.PostAsync($"/v1/apps/{app}/deliveries/{id}/retry", null);
        Assert.Equal(409, (int)conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Replay_sends_past_events_again_with_their_original_webhook_id()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        var ep = await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        await admin.PostEventAsync(app, Evt("p1", "message.created"));
        await admin.PostEventAsync(app, Evt("p2", "message.created"));
        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count == 2), TimeSpan.FromSeconds(10), "both arrive");
        var firstIds = receiver.Requests.Select(r => r.WebhookId).Order().ToArray();
        await ApiExtensions.Eventually(async () =>
            (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?status=succeeded")).GetProperty("items").GetArrayLength() == 2,
            TimeSpan.FromSeconds(5), "both recorded");

        var replay = await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints/{ep.Id}/replay", new { since });
        Assert.Equal(202, (int)replay.StatusCode);
        Assert.Equal(2, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32());
        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count == 4), TimeSpan.FromSeconds(10), "both arrive again");
        Assert.Equal(firstIds, receiver.Requests.Skip(2).Select(r => r.WebhookId).Order().ToArray());

        // An endpoint created later can be back-filled the same way.
        await using var late = await Receiver.StartAsync();
        var lateEp = await admin.CreateEndpointAsync(app, new { url = late.Url });
        var backfill = await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints/{lateEp.Id}/replay", new { since });
        Assert.Equal(2, (await backfill.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32());
        await ApiExtensions.Eventually(() => Task.FromResult(late.Requests.Count == 2), TimeSpan.FromSeconds(10), "the new endpoint gets both");
    }
}
