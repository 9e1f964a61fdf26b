using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Push.Providers.Fcm;

/// <summary>Set-up shared by the FCM end-to-end tests: Herald pointed at the mock, a credential whose token_uri is the mock's.</summary>
public static class FcmTestKit
{
    public static HeraldHost Herald(FcmMock mock, string retrySchedule = "0s,5s,5m") => new(new Dictionary<string, string?>
    {
        ["Herald:Push:Fcm:BaseUrl"] = mock.BaseUrl,
        ["Herald:Delivery:RetrySchedule"] = retrySchedule,
    });

    public static async Task AddFcmCredentialAsync(this HttpClient admin, string app, FcmMock mock)
    {
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials",
            new { name = "firebase", provider = "fcm", platform = "android", serviceAccountJson = mock.ServiceAccountJson(), active = true });
        Assert.True(r.IsSuccessStatusCode, $"add FCM credential: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    public static Task AddDeviceAsync(this HttpClient admin, string app, string uid, string deviceId, string token, string platform = "android") =>
        admin.PutOkAsync($"/v1/apps/{app}/users/{uid}/devices/{deviceId}", new { platform, provider = "fcm", token });

    public static async Task<string[]> DeviceIdsAsync(this HttpClient admin, string app, string uid) =>
        [.. (await admin.GetJsonAsync($"/v1/apps/{app}/users/{uid}/devices")).EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()!)];

    /// <summary>Waits until the only push job has <paramref name="status"/>, and returns it with its attempts.</summary>
    public static async Task<JsonElement> OnlyPushAsync(this HttpClient admin, string app, string status, TimeSpan? timeout = null)
    {
        JsonElement push = default;
        await ApiExtensions.Eventually(async () =>
        {
            var items = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push")).GetProperty("items");
            if (items.GetArrayLength() != 1) return false;
            push = items[0];
            return push.GetProperty("status").GetString() == status;
        }, timeout ?? TimeSpan.FromSeconds(10), $"the push job is {status}");
        return await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{push.GetProperty("id").GetString()}");
    }

    public static int[] StatusCodes(JsonElement detail) =>
        [.. detail.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").ValueKind == JsonValueKind.Number ? a.GetProperty("statusCode").GetInt32() : 0)];

    public static JsonElement Data(FcmSent sent) => sent.Message.GetProperty("data");
}
