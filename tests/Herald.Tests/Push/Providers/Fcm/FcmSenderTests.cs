using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Push.Providers.Fcm;

/// <summary>FCM end to end: credential upload → device registration → event → the loopback FCM mock, for every class of answer.</summary>
public sealed class FcmSenderTests
{
    private static readonly string[] Recipients = ["u2", "u3", "u4"];

    [Fact]
    public async Task The_send_goes_to_the_project_of_the_uploaded_service_account()
    {
        // A project other than the test credentials' default: the project in the send's path (the Firebase
        // project Google checks the device token against) comes from the uploaded file, not from configuration.
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem,
            clientEmail: "push@herald-other-project.iam.gserviceaccount.com", projectId: "herald-other-project");
        using var herald = FcmTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        var detail = await admin.OnlyPushAsync(app, "succeeded");

        Assert.Empty(mock.Problems); // a send to another project would be answered PERMISSION_DENIED and recorded there
        var sent = Assert.Single(mock.Sent);
        Assert.Equal(("herald-other-project", "fcm-token-u2:APA91b"), (sent.Project, sent.Token));
        Assert.Contains("projects/herald-other-project/messages/", detail.GetProperty("attempts")[0].GetProperty("response").GetString());
    }

    [Fact]
    public async Task Messages_reach_each_device_with_string_data_and_one_access_token_serves_every_send()
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        using var herald = FcmTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { includeBadgeCount = true, includeMessageObject = true, custom = new { campaign = "spring" } });
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");
        await admin.AddDeviceAsync(app, "u3", "galaxy", "fcm-token-u3:APA91b"); // device ids are per app: one device, one owner
        await admin.AddDeviceAsync(app, "u4", "ipad", "fcm-token-u4:APA91b", platform: "ios");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: Recipients));
        await ApiExtensions.Eventually(() => Task.FromResult(mock.Sent.Count >= 3), TimeSpan.FromSeconds(10), "three sends arrive");

        Assert.Empty(mock.Problems);
        Assert.Equal(["fcm-token-u2:APA91b", "fcm-token-u3:APA91b", "fcm-token-u4:APA91b"], mock.Sent.Select(s => s.Token).Order().ToArray());
        var pixel = mock.Sent.Single(s => s.Token.StartsWith("fcm-token-u2", StringComparison.Ordinal)).Message;
        Assert.Equal("Hiking group", pixel.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal("Andrew Joseph: Hello!", pixel.GetProperty("notification").GetProperty("body").GetString());
        var android = pixel.GetProperty("android");
        Assert.Equal("normal", android.GetProperty("priority").GetString());
        Assert.Equal("group_hiking", android.GetProperty("collapse_key").GetString());
        Assert.Equal("86400s", android.GetProperty("ttl").GetString());
        Assert.False(pixel.TryGetProperty("apns", out _));

        // Every data value is a string: numbers as their text, objects as their JSON.
        var data = pixel.GetProperty("data");
        Assert.Equal("group_hiking", data.GetProperty("conversationId").GetString());
        Assert.Equal("u1", data.GetProperty("sender").GetString());
        Assert.Equal("chat", data.GetProperty("type").GetString());
        Assert.Equal("1", data.GetProperty("unreadMessageCount").GetString());
        Assert.Equal("Hello!", JsonDocument.Parse(data.GetProperty("message").GetString()!).RootElement.GetProperty("text").GetString());
        Assert.Equal("spring", JsonDocument.Parse(data.GetProperty("custom").GetString()!).RootElement.GetProperty("campaign").GetString());

        var ipad = mock.Sent.Single(s => s.Token.StartsWith("fcm-token-u4", StringComparison.Ordinal)).Message;
        Assert.Equal("5", ipad.GetProperty("apns").GetProperty("headers").GetProperty("apns-priority").GetString());
        Assert.Equal("group_hiking", ipad.GetProperty("apns").GetProperty("payload").GetProperty("aps").GetProperty("thread-id").GetString());

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", text: "Second", recipients: Recipients));
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", text: "Third", recipients: Recipients));
        await ApiExtensions.Eventually(() => Task.FromResult(mock.Sent.Count >= 9), TimeSpan.FromSeconds(10), "nine sends arrive");
        Assert.Equal(1, mock.TokenRequests);

        JsonElement[] pushes = [];
        await ApiExtensions.Eventually(async () =>
        {
            pushes = [.. (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push&provider=fcm&status=succeeded")).GetProperty("items").EnumerateArray()];
            return pushes.Length == 9;
        }, TimeSpan.FromSeconds(5), "nine pushes are logged as succeeded");
        var detail = await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{pushes[0].GetProperty("id").GetString()}");
        Assert.Contains("projects/herald-test-project/messages/", detail.GetProperty("attempts")[0].GetProperty("response").GetString());
    }

    [Fact]
    public async Task A_ringing_call_is_sent_with_high_priority_and_no_time_to_live()
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        using var herald = FcmTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");

        await admin.PostEventAsync(app, new
        {
            type = "call.initiated", sender = new { uid = "u1", name = "Andrew Joseph" },
            conversation = new { type = "user", name = "George Alan" }, recipients = new[] { "u2" },
            data = new { callType = "video", sessionId = "v1.123.aik2" },
        });
        await ApiExtensions.Eventually(() => Task.FromResult(!mock.Sent.IsEmpty), TimeSpan.FromSeconds(10), "the call push arrives");

        Assert.Empty(mock.Problems);
        var message = Assert.Single(mock.Sent).Message;
        Assert.Equal("high", message.GetProperty("android").GetProperty("priority").GetString());
        Assert.Equal("0s", message.GetProperty("android").GetProperty("ttl").GetString());
        var data = message.GetProperty("data");
        Assert.Equal("call", data.GetProperty("type").GetString());
        Assert.Equal("initiated", data.GetProperty("callAction").GetString());
        Assert.Equal("v1.123.aik2", data.GetProperty("sessionId").GetString());
    }

    public static TheoryData<string, bool, string[]> DeadAnswers => new()
    {
        { "UNREGISTERED", true, ["UNREGISTERED", "the device was removed"] },
        { "invalid token", true, ["not a valid FCM registration token", "the device was removed"] },
        { "INVALID_ARGUMENT", false, ["INVALID_ARGUMENT", "4 KB"] },
        { "SENDER_ID_MISMATCH", false, ["SENDER_ID_MISMATCH", "another Firebase project than 'herald-test-project'"] },
        { "THIRD_PARTY_AUTH_ERROR", false, ["THIRD_PARTY_AUTH_ERROR", "APNs credential", "Apple app configuration"] },
        { "bare 404", false, ["HTTP 404", "Herald:Push:Fcm:BaseUrl", "device is kept"] },
    };

    private static FcmReply ReplyFor(string name) => name switch
    {
        "UNREGISTERED" => FcmReply.Unregistered,
        "invalid token" => FcmReply.Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token"),
        "INVALID_ARGUMENT" => FcmReply.InvalidArgument,
        "SENDER_ID_MISMATCH" => FcmReply.SenderIdMismatch,
        "THIRD_PARTY_AUTH_ERROR" => FcmReply.ThirdPartyAuth,
        _ => new FcmReply(404, "<html><body>Not Found</body></html>"),
    };

    [Theory]
    [MemberData(nameof(DeadAnswers))]
    public async Task A_permanent_answer_fails_the_push_at_once_with_its_cause_and_fix(string answer, bool pruned, string[] explained)
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        mock.Respond = (_, _) => ReplyFor(answer);
        using var herald = FcmTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        var detail = await admin.OnlyPushAsync(app, "failed");

        Assert.Single(detail.GetProperty("attempts").EnumerateArray()); // not retried: another try cannot succeed
        var error = detail.GetProperty("delivery").GetProperty("lastError").GetString()!;
        Assert.All(explained, e => Assert.Contains(e, error));
        Assert.Equal(pruned ? [] : ["pixel"], await admin.DeviceIdsAsync(app, "u2"));

        // Diagnostics turn the configuration answers into findings with the fix.
        var codes = (await admin.GetJsonAsync($"/v1/apps/{app}/diagnostics")).GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("code").GetString()).ToList();
        if (answer == "THIRD_PARTY_AUTH_ERROR") Assert.Contains("fcm-third-party-auth", codes);
        if (answer == "SENDER_ID_MISMATCH") Assert.Contains("fcm-sender-mismatch", codes);
    }

    [Fact]
    public async Task A_revoked_service_account_key_fails_the_push_with_the_way_to_a_new_key()
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        mock.TokenFailure = (400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");
        using var herald = FcmTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        var detail = await admin.OnlyPushAsync(app, "failed");

        var error = detail.GetProperty("delivery").GetProperty("lastError").GetString()!;
        Assert.Contains("invalid_grant", error);
        Assert.Contains("deleted or revoked", error);
        Assert.Contains("Create a new key for the service account", error);
        Assert.Empty(mock.Sent);
        Assert.Equal(["pixel"], await admin.DeviceIdsAsync(app, "u2"));
    }

    [Fact]
    public async Task A_token_endpoint_outage_is_retried_not_failed()
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        mock.TokenFailure = (503, """{"error":"internal_failure"}""");
        using var herald = FcmTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        await ApiExtensions.Eventually(() => Task.FromResult(mock.TokenRequests >= 1), TimeSpan.FromSeconds(10), "a token is asked for");
        JsonElement detail = default;
        await ApiExtensions.Eventually(async () =>
        {
            detail = await admin.OnlyPushAsync(app, "pending");
            return detail.GetProperty("attempts").GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(5), "the attempt is recorded and a retry scheduled");
        Assert.Contains("HTTP 503", detail.GetProperty("delivery").GetProperty("lastError").GetString());
        Assert.Empty(mock.Sent);
    }

    [Fact]
    public async Task A_refused_access_token_is_dropped_and_the_retry_gets_a_new_one()
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        mock.Respond = (n, _) => n == 0 ? FcmReply.Unauthenticated : FcmReply.Ok(mock.ProjectId, n);
        using var herald = FcmTestKit.Herald(mock, retrySchedule: "0s,300ms,300ms");
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        var detail = await admin.OnlyPushAsync(app, "succeeded");

        Assert.Equal([401, 200], FcmTestKit.StatusCodes(detail));
        Assert.Equal(2, mock.TokenRequests);
    }

    [Fact]
    public async Task An_unavailable_fcm_is_retried_and_the_push_then_delivered()
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        mock.Respond = (n, _) => n == 0 ? FcmReply.Unavailable(retryAfter: 1) : FcmReply.Ok(mock.ProjectId, n);
        using var herald = FcmTestKit.Herald(mock, retrySchedule: "0s,300ms,300ms");
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        var detail = await admin.OnlyPushAsync(app, "succeeded");

        Assert.Equal([503, 200], FcmTestKit.StatusCodes(detail));
        Assert.Contains("UNAVAILABLE", detail.GetProperty("attempts")[0].GetProperty("error").GetString());
        Assert.Equal(["pixel"], await admin.DeviceIdsAsync(app, "u2"));
    }

    [Fact]
    public async Task An_exceeded_quota_parks_the_push_for_at_least_a_minute()
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        mock.Respond = (_, _) => FcmReply.QuotaExceeded;
        using var herald = FcmTestKit.Herald(mock, retrySchedule: "0s,300ms,300ms");
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddFcmCredentialAsync(app, mock);
        await admin.AddDeviceAsync(app, "u2", "pixel", "fcm-token-u2:APA91b");

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        await ApiExtensions.Eventually(() => Task.FromResult(!mock.Sent.IsEmpty), TimeSpan.FromSeconds(10), "the push is tried");
        JsonElement detail = default;
        await ApiExtensions.Eventually(async () =>
        {
            detail = await admin.OnlyPushAsync(app, "pending");
            return detail.GetProperty("attempts").GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(5), "the attempt is recorded");

        var attempted = detail.GetProperty("attempts")[0].GetProperty("startedAt").GetDateTimeOffset();
        var next = detail.GetProperty("delivery").GetProperty("nextAttemptAt").GetDateTimeOffset();
        Assert.True(next - attempted >= TimeSpan.FromSeconds(60), $"next attempt {next:O} is at least 60 s after {attempted:O}");
        Assert.Contains("QUOTA_EXCEEDED", detail.GetProperty("delivery").GetProperty("lastError").GetString());
        Assert.Single(mock.Sent);
    }
}
