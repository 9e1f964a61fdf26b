using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using Herald.Webhooks;

namespace Herald.Tests.Webhooks;

public sealed class RoutingAndSigningTests
{
    private static object Evt(string id, string type) => new { id, type, sender = new { uid = "u1", name = "Ann" }, data = new { text = "hi" } };

    [Fact]
    public async Task Filters_route_each_event_type_to_the_endpoints_that_asked_for_it()
    {
        await using var messages = await Receiver.StartAsync();
        await using var calls = await Receiver.StartAsync();
        await using var everything = await Receiver.StartAsync();
        await using var disabled = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = messages.Url, eventTypes = new[] { "message.created" } });
        await admin.CreateEndpointAsync(app, new { url = calls.Url, eventTypes = new[] { "call.*" } });
        await admin.CreateEndpointAsync(app, new { url = everything.Url });
        await admin.CreateEndpointAsync(app, new { url = disabled.Url, enabled = false });

        await admin.PostEventAsync(app, Evt("m1", "message.created"));
        await admin.PostEventAsync(app, Evt("c1", "call.initiated"));
        await admin.PostEventAsync(app, Evt("r1", "reaction.added"));

        await ApiExtensions.Eventually(() => Task.FromResult(everything.Requests.Count == 3), TimeSpan.FromSeconds(10), "all three reach the catch-all");
        await Task.Delay(300);
        string Types(Receiver r) => string.Join(",", r.Requests.Select(q => JsonDocument.Parse(q.Body).RootElement.GetProperty("type").GetString()).Order());
        Assert.Equal("message.created", Types(messages));
        Assert.Equal("call.initiated", Types(calls));
        Assert.Equal("call.initiated,message.created,reaction.added", Types(everything));
        Assert.Empty(disabled.Requests);
    }

    [Fact]
    public async Task Rotation_signs_with_old_and_new_secret_during_the_grace_period()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        var ep = await admin.CreateEndpointAsync(app, new { url = receiver.Url });

        var rotate = await admin.PostAsync($"/v1/apps/{app}/endpoints/{ep.Id}/secret/rotate", null);
        var rotated = await rotate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(200, (int)rotate.StatusCode);
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(ep.Secret, newSecret);
        Assert.Equal(1, rotated.GetProperty("previousSecretsStillSigning").GetInt32());

        var revealed = await admin.GetJsonAsync($"/v1/apps/{app}/endpoints/{ep.Id}/secret");
        Assert.Equal(newSecret, revealed.GetProperty("secret").GetString());

        await admin.PostEventAsync(app, Evt("rot", "message.created"));
        await ApiExtensions.Eventually(() => Task.FromResult(!receiver.Requests.IsEmpty), TimeSpan.FromSeconds(10), "the webhook arrives");
        var got = Assert.Single(receiver.Requests);
        Assert.Equal(2, got.Signature!.Split(' ').Length);
        // A backend still on the old secret and one already on the new both accept it.
        new WebhookVerifier(ep.Secret).Verify(got.Body, got.WebhookId, got.Timestamp, got.Signature);
        new WebhookVerifier(newSecret).Verify(got.Body, got.WebhookId, got.Timestamp, got.Signature);
    }

    [Fact]
    public async Task After_the_grace_period_only_the_new_secret_signs()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Webhooks:SecretRotationGrace"] = "0s" });
        var (app, admin) = await herald.CreateAppAsync();
        var ep = await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        var custom = WebhookSecrets.Generate();
        var rotate = await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints/{ep.Id}/secret/rotate", new { secret = custom });
        Assert.Equal(200, (int)rotate.StatusCode);

        await admin.PostEventAsync(app, Evt("rot2", "message.created"));
        await ApiExtensions.Eventually(() => Task.FromResult(!receiver.Requests.IsEmpty), TimeSpan.FromSeconds(10), "the webhook arrives");
        var got = Assert.Single(receiver.Requests);
        Assert.Single(got.Signature!.Split(' '));
        new WebhookVerifier(custom).Verify(got.Body, got.WebhookId, got.Timestamp, got.Signature);
        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(ep.Secret).Verify(got.Body, got.WebhookId, got.Timestamp, got.Signature));
    }

    [Fact]
    public async Task The_rate_limit_of_an_endpoint_is_enforced()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url, rateLimitPerSecond = 5 });
        var batch = new { events = Enumerable.Range(0, 15).Select(i => Evt($"rl{i}", "message.created")).ToArray() };
        var posted = DateTimeOffset.UtcNow;
        Assert.Equal(202, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch)).StatusCode);

        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count == 15), TimeSpan.FromSeconds(15), "all 15 arrive");
        // Measured from the post, not between arrivals: a send held up on a busy machine lands next to the
        // following one (two arrivals a few ms apart look like a burst) although the limit held them apart.
        receiver.AssertPacedAtMost(5, posted);
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

    [Fact]
    public async Task A_batch_is_stored_whole_and_reports_duplicates()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        await admin.PostEventAsync(app, Evt("b0", "message.created"));
        var batch = new { events = new[] { Evt("b0", "message.created"), Evt("b1", "message.created"), Evt("b1", "message.created"), Evt("b2", "call.ended") } };
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch);
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(202, (int)r.StatusCode);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.GetProperty("duplicates").GetInt32());
        Assert.Equal([true, false, true, false], body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("duplicate").GetBoolean()));
        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count == 3), TimeSpan.FromSeconds(10), "three distinct events arrive");
        await Task.Delay(300);
        Assert.Equal(3, receiver.Requests.Count);
    }
}
