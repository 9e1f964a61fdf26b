using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Queue;

public sealed class RetryAndHealthTests
{
    private static object Message(string id) => new { id, type = "message.created", sender = new { uid = "u1", name = "Ann" }, data = new { text = "hi" } };

    private static async Task<JsonElement> OnlyDeliveryAsync(HttpClient admin, string app, string status)
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

    [Fact]
    public async Task A_receiver_answering_500_500_200_gets_exactly_three_attempts_on_the_configured_delays()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (n, _) => Task.FromResult(n < 2 ? 500 : 200);
        using var herald = new HeraldHost(new Dictionary<string, string?>
        {
            ["Herald:Delivery:RetrySchedule"] = "0s,1s,2s,4s",
            ["Herald:Delivery:RetryJitter"] = "0",
        });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        await admin.PostEventAsync(app, Message("e1"));

        var detail = await OnlyDeliveryAsync(admin, app, "succeeded");
        await Task.Delay(1000); // nothing more may arrive after the success
        var got = receiver.Requests.ToArray();
        Assert.Equal(3, got.Length);
        Assert.Single(got.Select(r => r.WebhookId).Distinct());

        var attempts = detail.GetProperty("attempts").EnumerateArray().ToArray();
        Assert.Equal([500, 500, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal("HTTP 500", attempts[0].GetProperty("error").GetString());
        // The schedule as the delivery log recorded it: each retry started no sooner than its delay (1 s, then
        // 2 s, no jitter) after the previous attempt ended. Only a lower bound: a busy machine makes retries
        // late, never early, and the delays themselves are pinned by the RetryPolicy unit tests.
        for (var i = 1; i < attempts.Length; i++)
        {
            var previousEnd = attempts[i - 1].GetProperty("startedAt").GetDateTimeOffset()
                              + TimeSpan.FromMilliseconds(attempts[i - 1].GetProperty("durationMs").GetDouble());
            var gap = attempts[i].GetProperty("startedAt").GetDateTimeOffset() - previousEnd;
            Assert.True(gap >= TimeSpan.FromSeconds(i) - TimeSpan.FromMilliseconds(2), $"attempt {i + 1} started {gap.TotalMilliseconds:0} ms after attempt {i} ended");
        }
    }

    [Fact]
    public async Task A_receiver_slower_than_the_endpoint_timeout_is_a_failed_attempt()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = async (_, _) => { await Task.Delay(2000); return 200; };
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Delivery:RetrySchedule"] = "0s" });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url, timeoutSeconds = 1 });
        await admin.PostEventAsync(app, Message("slow"));

        var detail = await OnlyDeliveryAsync(admin, app, "failed");
        var attempt = Assert.Single(detail.GetProperty("attempts").EnumerateArray());
        Assert.Equal("failed", attempt.GetProperty("outcome").GetString());
        // The recorded outcome, not the clock: the timeout (not an answer) ended the attempt, so there is no status.
        // How long it took is no evidence here: on a loaded machine a 1 s timeout has been measured at 3 s.
        Assert.Contains("timed out after 1s", attempt.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
        Assert.Contains("gave up after 1 attempts", detail.GetProperty("delivery").GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_is_not_followed()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(302);
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Delivery:RetrySchedule"] = "0s" });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        await admin.PostEventAsync(app, Message("redirect"));

        var detail = await OnlyDeliveryAsync(admin, app, "failed");
        var attempt = Assert.Single(detail.GetProperty("attempts").EnumerateArray());
        Assert.Equal(302, attempt.GetProperty("statusCode").GetInt32());
        Assert.Contains("redirects are not followed", attempt.GetProperty("error").GetString());
        Assert.Single(receiver.Requests);
    }

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
