using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Push.Providers.Fcm;
using Herald.Tests.Support;

namespace Herald.Tests.Push.Providers.Baidu;

/// <summary>Baidu end to end: credential upload → device registration → event → the loopback Baidu mock, which checks every sign.</summary>
public sealed class BaiduSenderTests
{
    private static HeraldHost Herald(BaiduMock mock, string retrySchedule = "0s,5s,5m") => new(new Dictionary<string, string?>
    {
        ["Herald:Push:Baidu:BaseUrl"] = mock.BaseUrl,
        ["Herald:Delivery:RetrySchedule"] = retrySchedule,
    });

    private static async Task<(string App, HttpClient Admin)> SetUpAsync(HeraldHost herald, string secretKey = TestCredentials.BaiduSecretKey)
    {
        var (app, admin) = await herald.CreateAppAsync();
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials",
            new { name = "baidu", platform = "android", provider = "baidu", apiKey = TestCredentials.BaiduApiKey, secretKey, active = true });
        Assert.True(r.IsSuccessStatusCode, $"add Baidu credential: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        await admin.PutOkAsync($"/v1/apps/{app}/users/u2/devices/phone", new { platform = "android", provider = "baidu", token = "3871262837562811" });
        return (app, admin);
    }

    [Fact]
    public async Task A_baidu_that_cannot_be_reached_is_retried_on_the_schedule_and_the_device_kept()
    {
        // Nothing listens on the discard port: a refused connection says nothing against the credential or
        // the device, so the push waits for its next scheduled attempt and the device stays registered.
        using var herald = new HeraldHost(new Dictionary<string, string?>
        {
            ["Herald:Push:Baidu:BaseUrl"] = "http://127.0.0.1:9/rest/3.0",
            ["Herald:Delivery:RetrySchedule"] = "0s,5m",
            ["Herald:Delivery:RetryJitter"] = "0",
        });
        var (app, admin) = await SetUpAsync(herald);

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        JsonElement detail = default;
        await ApiExtensions.Eventually(async () =>
        {
            detail = await admin.OnlyPushAsync(app, "pending");
            return detail.GetProperty("attempts").GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(10), "the attempt is recorded and a retry scheduled");

        var attempt = detail.GetProperty("attempts")[0];
        Assert.Equal("failed", attempt.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind); // no answer, so no Baidu error code to act on
        Assert.False(string.IsNullOrWhiteSpace(detail.GetProperty("delivery").GetProperty("lastError").GetString()));
        var next = detail.GetProperty("delivery").GetProperty("nextAttemptAt").GetDateTimeOffset();
        Assert.True(next - attempt.GetProperty("startedAt").GetDateTimeOffset() >= TimeSpan.FromMinutes(5), $"the retry is due at {next:O}, not 5 minutes on");
        Assert.Equal(["phone"], await admin.DeviceIdsAsync(app, "u2"));
    }

    [Fact]
    public async Task A_signed_notification_reaches_each_channel_with_the_details_as_strings()
    {
        await using var mock = await BaiduMock.StartAsync();
        using var herald = Herald(mock);
        var (app, admin) = await SetUpAsync(herald);
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { includeBadgeCount = true });
        await admin.PutOkAsync($"/v1/apps/{app}/users/u3/devices/tablet", new { platform = "android", provider = "baidu", token = "4455667788990011" });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2", "u3" }));
        await ApiExtensions.Eventually(() => Task.FromResult(mock.Pushes.Count >= 2), TimeSpan.FromSeconds(10), "two pushes arrive");

        Assert.Empty(mock.Problems); // every sign verified
        Assert.Equal(["3871262837562811", "4455667788990011"], mock.Pushes.Select(p => p.ChannelId).Order().ToArray());
        var push = mock.Pushes.First();
        Assert.Equal("Hiking group", push.Msg.GetProperty("title").GetString());
        Assert.Equal("Andrew Joseph: Hello!", push.Msg.GetProperty("description").GetString());
        Assert.Equal("86400", push.Form["msg_expires"]);
        var custom = push.Msg.GetProperty("custom_content");
        Assert.Equal("group_hiking", custom.GetProperty("conversationId").GetString());
        Assert.Equal("1", custom.GetProperty("unreadMessageCount").GetString());

        await ApiExtensions.Eventually(async () =>
            (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push&provider=baidu&status=succeeded")).GetProperty("items").GetArrayLength() == 2,
            TimeSpan.FromSeconds(5), "both pushes are logged as succeeded");

        // A ringing call is not worth delivering a minute later.
        await admin.PostEventAsync(app, new
        {
            type = "call.initiated", sender = new { uid = "u1", name = "Andrew Joseph" },
            conversation = new { type = "user", name = "George Alan" }, recipients = new[] { "u2" }, data = new { callType = "audio", sessionId = "s1" },
        });
        await ApiExtensions.Eventually(() => Task.FromResult(mock.Pushes.Count >= 3), TimeSpan.FromSeconds(10), "the call push arrives");
        Assert.Equal("60", mock.Pushes.Last().Form["msg_expires"]);
        Assert.Empty(mock.Problems);
    }

    [Fact]
    public async Task A_secret_key_that_is_not_the_api_keys_pair_fails_with_the_credential_named_as_the_cause()
    {
        await using var mock = await BaiduMock.StartAsync();
        using var herald = Herald(mock);
        var (app, admin) = await SetUpAsync(herald, secretKey: "not-the-secret-of-this-api-key");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        var detail = await admin.OnlyPushAsync(app, "failed");

        Assert.Equal(["sign"], mock.Problems.ToArray());
        Assert.Single(detail.GetProperty("attempts").EnumerateArray());
        var error = detail.GetProperty("delivery").GetProperty("lastError").GetString()!;
        Assert.Contains("30603", error);
        Assert.Contains("API Key and Secret Key are not a pair", error);
        Assert.Contains("Baidu Push console", error);
        Assert.Equal(["phone"], await admin.DeviceIdsAsync(app, "u2")); // the device is fine; the credential is not

        // Monitoring counts the failure under Baidu's code, and diagnostics names the credential as the cause.
        var findings = (await admin.GetJsonAsync($"/v1/apps/{app}/diagnostics")).GetProperty("findings").EnumerateArray().ToList();
        var finding = Assert.Single(findings, f => f.GetProperty("code").GetString() == "baidu-credential");
        Assert.Contains("30603", finding.GetProperty("cause").GetString());
        var success = (await admin.GetJsonAsync($"/v1/apps/{app}/monitoring")).GetProperty("deliverySuccessPercent");
        Assert.Equal(0, success.GetProperty("value").GetDouble());
        Assert.Equal("alert", success.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_channel_not_bound_to_the_application_is_pruned()
    {
        await using var mock = await BaiduMock.StartAsync();
        mock.Respond = (_, _) => 30608;
        using var herald = Herald(mock);
        var (app, admin) = await SetUpAsync(herald);

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        var detail = await admin.OnlyPushAsync(app, "failed");

        Assert.Empty(mock.Problems);
        var error = detail.GetProperty("delivery").GetProperty("lastError").GetString()!;
        Assert.Contains("30608", error);
        Assert.Contains("the device was removed", error);
        Assert.Empty(await admin.DeviceIdsAsync(app, "u2"));
    }

    [Fact]
    public async Task An_internal_error_is_retried_and_the_push_then_delivered()
    {
        await using var mock = await BaiduMock.StartAsync();
        mock.Respond = (n, _) => n == 0 ? 30600 : null;
        using var herald = Herald(mock, retrySchedule: "0s,300ms,300ms");
        var (app, admin) = await SetUpAsync(herald);

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        var detail = await admin.OnlyPushAsync(app, "succeeded");

        Assert.Equal([500, 200], FcmTestKit.StatusCodes(detail));
        Assert.Empty(mock.Problems);
        // Each attempt is signed anew; both verified.
        Assert.Equal(2, mock.Pushes.Count);
        Assert.Contains("msg_id", detail.GetProperty("attempts")[1].GetProperty("response").GetString());
    }
}
