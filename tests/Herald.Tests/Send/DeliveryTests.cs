using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using Herald.Webhooks;

namespace Herald.Tests.Send;

public sealed class DeliveryTests
{
    private static object Message(string? id = null, string type = "message.created") => new
    {
        id, type,
        sender = new { uid = "cometchat-uid-1", name = "Andrew Joseph" },
        conversation = new { id = "hiking", type = "group", name = "Hiking group" },
        recipients = new[] { "cometchat-uid-2" },
        data = new { text = "Hello!", messageId = "123" },
    };

    [Fact]
    public async Task Delivers_a_signed_webhook_that_the_receiver_library_verifies()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        var ep = await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        receiver.Verifier = new WebhookVerifier(ep.Secret);

        var eventId = await admin.PostEventAsync(app, Message("evt-1"));
        await ApiExtensions.Eventually(() => Task.FromResult(!receiver.Requests.IsEmpty), TimeSpan.FromSeconds(10), "the webhook arrives");

        var got = Assert.Single(receiver.Requests);
        Assert.True(got.SignatureValid, got.VerifyError);
        Assert.StartsWith("msg_", got.WebhookId);
        using var body = JsonDocument.Parse(got.Body);
        Assert.Equal(eventId, body.RootElement.GetProperty("id").GetString());
        Assert.Equal("message.created", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(app, body.RootElement.GetProperty("appId").GetString());
        Assert.Equal("Hello!", body.RootElement.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("Andrew Joseph", body.RootElement.GetProperty("sender").GetProperty("name").GetString());

        // The delivery log shows the success with its attempt.
        await ApiExtensions.Eventually(async () =>
        {
            var page = await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?status=succeeded");
            return page.GetProperty("items").GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(5), "the delivery is recorded as succeeded");
        var detail = await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{got.WebhookId}");
        var attempt = Assert.Single(detail.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task The_same_event_id_twice_is_accepted_once_and_delivered_once()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url });

        var first = await admin.PostAsJsonAsync($"/v1/apps/{app}/events", Message("dup-1"));
        var second = await admin.PostAsJsonAsync($"/v1/apps/{app}/events", Message("dup-1"));
        Assert.Equal(202, (int)first.StatusCode);
        Assert.Equal(202, (int)second.StatusCode);
        var secondBody = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("dup-1", secondBody.GetProperty("id").GetString());
        Assert.True(secondBody.GetProperty("duplicate").GetBoolean());

        await ApiExtensions.Eventually(() => Task.FromResult(!receiver.Requests.IsEmpty), TimeSpan.FromSeconds(10), "the webhook arrives");
        await Task.Delay(500);
        Assert.Single(receiver.Requests);
        Assert.Equal(1, (await herald.Store.CountAsync(default)).Events);
    }
}
