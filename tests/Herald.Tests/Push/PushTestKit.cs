using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Push;

/// <summary>Set-up shared by the push tests: a custom provider pointed at a loopback receiver, members, settings.</summary>
public static class PushTestKit
{
    public const string User = "herald-push", Password = "s3cret-pass";

    public static async Task<string> AddCustomProviderAsync(this HttpClient admin, string app, Receiver receiver, bool basicAuth = true)
    {
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", basicAuth
            ? new { name = "gateway", provider = "custom", url = receiver.Url, username = User, password = Password, active = true }
            : (object)new { name = "gateway", provider = "custom", url = receiver.Url, active = true });
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.IsSuccessStatusCode, $"add custom provider: {(int)r.StatusCode} {json}");
        return json.GetProperty("id").GetString()!;
    }

    public static async Task PutOkAsync(this HttpClient admin, string url, object body)
    {
        var r = await admin.PutAsJsonAsync(url, body);
        Assert.True(r.IsSuccessStatusCode, $"PUT {url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    public static string ExpectedBasicAuth => "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}"));

    public static JsonElement Details(Received r) =>
        JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("notificationDetails");

    public static string To(Received r) =>
        JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("to").GetProperty("uid").GetString()!;

    public static object GroupMessage(string? id = null, string text = "Hello!", string sender = "cometchat-uid-1", object? recipients = null) => new
    {
        id, type = "message.created", occurredAt = "2025-03-13T06:30:53Z",
        sender = new { uid = sender, name = "Andrew Joseph", avatar = "https://example.test/u1.webp" },
        conversation = new { id = "hiking", type = "group", name = "Hiking group" },
        recipients,
        data = new { text, messageId = "123" },
    };

    /// <summary>George Alan's one-on-one message to Andrew Joseph (cometchat-uid-2 to cometchat-uid-1): one push, to uid-1.</summary>
    public static object DirectMessage() => new
    {
        type = "message.created",
        sender = new { uid = "cometchat-uid-2", name = "George Alan" },
        conversation = new { type = "user", name = "Andrew Joseph" },
        recipients = new[] { "cometchat-uid-1" },
        data = new { text = "Hi Andrew", messageId = "77" },
    };

    /// <summary>Waits until the receiver has had <paramref name="count"/> requests, then a little longer to catch any extra.</summary>
    public static async Task ExpectExactlyAsync(Receiver receiver, int count, TimeSpan? timeout = null)
    {
        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count >= count), timeout ?? TimeSpan.FromSeconds(15),
            $"{count} POSTs arrive (got {receiver.Requests.Count})");
        await Task.Delay(700);
        Assert.Equal(count, receiver.Requests.Count);
    }
}
