using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Push;
using Herald.Tests.Support;

namespace Herald.Tests.FanOut;

/// <summary>Fan-out to devices: one job per recipient × device for providers with an active credential, rendered per device locale.</summary>
public sealed class DeviceFanOutTests
{
    [Fact]
    public async Task Each_device_of_each_recipient_gets_a_job_in_its_own_locale_and_devices_without_a_credential_none()
    {
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        var baidu = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials",
            new { name = "baidu", platform = "android", provider = "baidu", apiKey = "Ljc710pzAa99GULCo8y48NvB", secretKey = "87772555E1C16715EBA5C85341684C58", active = true });
        Assert.True(baidu.IsSuccessStatusCode, await baidu.Content.ReadAsStringAsync());
        await admin.PutOkAsync($"/v1/apps/{app}/push/events/message.created", new
        {
            conversationType = "group",
            template = new { title = "{{conversationName}}", body = "{{senderName}}: {{text}}", locales = new { fr = new { body = "{{senderName}} a écrit : {{text}}" } } },
        });
        // u2 has two Baidu devices (French and English) and an APNs device (no APNs credential: no job).
        await admin.PutOkAsync($"/v1/apps/{app}/users/u2/devices/phone-fr", new { platform = "android", provider = "baidu", token = "channel-fr", locale = "fr-FR" });
        await admin.PutOkAsync($"/v1/apps/{app}/users/u2/devices/tablet-en", new { platform = "android", provider = "baidu", token = "channel-en", locale = "en" });
        await admin.PutOkAsync($"/v1/apps/{app}/users/u2/devices/iphone", new { platform = "ios", provider = "apns", token = new string('a', 64) });
        await admin.PutOkAsync($"/v1/apps/{app}/users/u3/devices/phone", new { platform = "android", provider = "baidu", token = "channel-u3" });
        await admin.PutOkAsync($"/v1/apps/{app}/channels/hiking/members", new { members = new[] { "u1", "u2", "u3", "u4" } });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1"));

        JsonElement[] jobs = [];
        await ApiExtensions.Eventually(async () =>
        {
            jobs = [.. (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push")).GetProperty("items").EnumerateArray()];
            return jobs.Length >= 3;
        }, TimeSpan.FromSeconds(10), "the fan-out writes the push jobs");
        await Task.Delay(300);
        jobs = [.. (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push")).GetProperty("items").EnumerateArray()];
        Assert.Equal(["u2/phone-fr", "u2/tablet-en", "u3/phone"],
            jobs.Select(j => $"{j.GetProperty("uid").GetString()}/{j.GetProperty("deviceId").GetString()}").Order().ToArray());
        Assert.All(jobs, j => Assert.Equal("baidu", j.GetProperty("provider").GetString()));

        async Task<JsonElement> PayloadOf(string deviceId) =>
            (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{jobs.Single(j => j.GetProperty("deviceId").GetString() == deviceId).GetProperty("id").GetString()}"))
                .GetProperty("payload");
        var fr = await PayloadOf("phone-fr");
        Assert.Equal("Andrew Joseph a écrit : Hello!", fr.GetProperty("body").GetString());
        Assert.Equal("Hiking group", fr.GetProperty("title").GetString()); // the fr variant overrides only the body
        Assert.Equal("group_hiking", fr.GetProperty("collapseId").GetString());
        Assert.Equal("alert", fr.GetProperty("pushType").GetString());
        Assert.Equal("Andrew Joseph: Hello!", (await PayloadOf("tablet-en")).GetProperty("body").GetString());

        var fanOut = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=fanout")).GetProperty("items")[0];
        var report = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{fanOut.GetProperty("id").GetString()}")).GetProperty("attempts")[0].GetProperty("response").GetString();
        Assert.Contains("3 push job(s) for 3 recipient(s)", report);
        Assert.Contains("1 with no device for an active credential", report); // u4
    }

    [Fact]
    public async Task A_device_unregistered_before_its_push_is_sent_is_cancelled_with_the_reason()
    {
        await using var gateway = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        var baidu = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials",
            new { name = "baidu", platform = "android", provider = "baidu", apiKey = "key", secretKey = "secret", active = true });
        Assert.True(baidu.IsSuccessStatusCode);
        await admin.PutOkAsync($"/v1/apps/{app}/users/u2/devices/phone", new { platform = "android", provider = "baidu", token = "channel-1" });
        // Park the job: the first attempt is due only after the device is gone.
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { throttle = new { maxPerWindow = 1, windowSeconds = 2 } });
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" }));
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "u1", recipients: new[] { "u2" })); // → a summary due in 2 s
        await ApiExtensions.Eventually(async () =>
            (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=summary")).GetProperty("items").GetArrayLength() == 1,
            TimeSpan.FromSeconds(5), "the summary is queued");
        Assert.Equal(204, (int)(await admin.DeleteAsync($"/v1/apps/{app}/users/u2/devices/phone")).StatusCode);

        JsonElement summary = default;
        await ApiExtensions.Eventually(async () =>
        {
            summary = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=summary")).GetProperty("items")[0];
            return summary.GetProperty("status").GetString() == "cancelled";
        }, TimeSpan.FromSeconds(10), "the summary is cancelled when it falls due");
        Assert.Contains("unregistered", summary.GetProperty("lastError").GetString());
    }
}
