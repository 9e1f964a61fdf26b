using System.Text.Json;
using Herald.Tests.Support;
using static Herald.Tests.Support.WebhookFlow;

namespace Herald.Tests.Queue;

public sealed class RetryTests
{
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
}
