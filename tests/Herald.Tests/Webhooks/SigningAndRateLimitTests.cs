using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using Herald.Webhooks;
using static Herald.Tests.Support.WebhookFlow;

namespace Herald.Tests.Webhooks;

public sealed class SigningAndRateLimitTests
{
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
}
