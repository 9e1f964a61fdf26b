using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Apps;

/// <summary>
/// Nothing fails after commit, and a retry never makes a second record: ids at the edges of their
/// patterns come back in a valid Location and a repeated request changes nothing (an event id reused
/// for another event: Ingest/EventRepeatsTests).
/// </summary>
public sealed class IdempotencyTests : OneAppTest
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // ------------------------------------------------------------ ids at the edges of their patterns

    public static TheoryData<string> EdgeAppIds() => new() { "a", "7", new string('z', 64), "A-_9", "x-", "y_" };

    [Theory]
    [MemberData(nameof(EdgeAppIds))]
    public async Task AnApp_id_at_the_edge_of_its_pattern_is_created_once_with_a_valid_location(string id)
    {
        using var created = await Root.PostAsync("/v1/apps", Json(JsonSerializer.Serialize(new { id, name = "Edge" })));
        Assert.Equal(201, (int)created.StatusCode);
        await AssertLocationServesAsync(created);
        // Resources under it are created and located too (the bug made each of these commit, then 500).
        using var key = await Root.PostAsync($"/v1/apps/{id}/keys", Json("""{"name":"ci","scope":"ingest"}"""));
        Assert.Equal(201, (int)key.StatusCode);
        Assert.StartsWith($"/v1/apps/{id}/keys/", key.Headers.Location!.OriginalString);

        using var again = await Root.PostAsync("/v1/apps", Json(JsonSerializer.Serialize(new { id, name = "Edge" })));
        Assert.Equal(409, (int)again.StatusCode);
        Assert.Single((await Root.GetFromJsonAsync<JsonElement[]>("/v1/apps"))!, a => a.GetProperty("id").GetString() == id);
    }

    public static TheoryData<string> BadAppIds() => new() { "appnl\n", "app\r\n", "\napp", "app\t", "app id", "-app", "", new string('z', 65), "app\u0085" };

    [Theory]
    [MemberData(nameof(BadAppIds))]
    public async Task AnApp_id_outside_its_pattern_is_refused_before_anything_is_stored(string id)
    {
        var before = await Herald.Store.CountAsync(default);
        using var refused = await Root.PostAsync("/v1/apps", Json(JsonSerializer.Serialize(new { id, name = "Bad" })));
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("\"id\"", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await Herald.Store.CountAsync(default));
    }

    public static TheoryData<string, string> EdgeDeviceIds() => new()
    {
        { "u", "d" },
        { "user with spaces", "device/with/slashes" },
        { "Zoë-😀", "ünïcode-😀" },
        { new string('u', 200), new string('d', 200) },
        { "a?b#c", "%41%" },
    };

    [Theory]
    [MemberData(nameof(EdgeDeviceIds))]
    public async Task A_device_with_ids_at_the_edges_is_created_once_with_a_valid_location(string uid, string deviceId)
    {
        var url = $"/v1/apps/{App}/users/{Uri.EscapeDataString(uid)}/devices/{Uri.EscapeDataString(deviceId)}";
        var body = """{"platform":"android","provider":"fcm","token":"fcm-token-0123456789abcdef","locale":"fr-FR"}""";
        using var created = await Root.PutAsync(url, Json(body));
        Assert.True((int)created.StatusCode == 201, await created.Content.ReadAsStringAsync());
        using var again = await Root.PutAsync(url, Json(body));
        Assert.Equal(200, (int)again.StatusCode); // the same registration, not a second device
        var listed = await Root.GetFromJsonAsync<JsonElement[]>($"/v1/apps/{App}/users/{Uri.EscapeDataString(uid)}/devices");
        var device = Assert.Single(listed!);
        // The Location names the stored ids, each segment escaped (an id holding "%2F" keeps it literally).
        var location = created.Headers.Location!.OriginalString;
        Assert.DoesNotContain(location, char.IsControl);
        var segments = location.Split('/');
        Assert.Equal(["", "v1", "apps", App, "users"], segments[..5]);
        Assert.Equal(device.GetProperty("uid").GetString(), Uri.UnescapeDataString(segments[5]));
        Assert.Equal(device.GetProperty("deviceId").GetString(), Uri.UnescapeDataString(segments[7]));
    }

    [Theory]
    [InlineData("fr\n")]
    [InlineData("fr\r\n")]
    [InlineData("\nfr")]
    [InlineData("fr-FR\n")]
    public async Task A_locale_with_a_newline_is_refused_on_devices_and_templates(string locale)
    {
        var device = JsonSerializer.Serialize(new { platform = "android", provider = "fcm", token = "fcm-token-0123456789abcdef", locale });
        using var refused = await Root.PutAsync($"/v1/apps/{App}/users/u1/devices/d1", Json(device));
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("locale", await refused.Content.ReadAsStringAsync());
        Assert.Empty((await Root.GetFromJsonAsync<JsonElement[]>($"/v1/apps/{App}/users/u1/devices"))!);

        var template = JsonSerializer.Serialize(new
        {
            allowed = true,
            template = new { title = "T", body = "B", locales = new Dictionary<string, object> { [locale] = new { title = "T", body = "B" } } },
        });
        using var templateRefused = await Root.PutAsync($"/v1/apps/{App}/push/events/message.created", Json(template));
        Assert.Equal(400, (int)templateRefused.StatusCode);
        Assert.Contains("locales", await templateRefused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_created_resource_answers_201_with_a_location_that_serves_it()
    {
        using var endpoint = await Root.PostAsync($"/v1/apps/{App}/endpoints", Json("""{"url":"http://127.0.0.1:9/hook"}"""));
        Assert.Equal(201, (int)endpoint.StatusCode);
        await AssertLocationServesAsync(endpoint);

        using var credential = await Root.PostAsync($"/v1/apps/{App}/push/credentials",
            Json("""{"name":"gateway","provider":"custom","url":"http://127.0.0.1:9/push","username":"herald","password":"secret-1"}"""));
        Assert.True((int)credential.StatusCode == 201, await credential.Content.ReadAsStringAsync());
        await AssertLocationServesAsync(credential);

        using var app = await Root.PostAsync("/v1/apps", Json("""{"id":"located","name":"Located"}"""));
        await AssertLocationServesAsync(app);
    }

    private async Task AssertLocationServesAsync(HttpResponseMessage created)
    {
        // Answers that may carry a secret (a new endpoint's whsec_, a new key) are kept by no cache.
        Assert.True(created.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Equal("nosniff", created.Headers.GetValues("X-Content-Type-Options").Single());
        var location = created.Headers.Location;
        Assert.NotNull(location);
        Assert.False(location!.IsAbsoluteUri);
        Assert.DoesNotContain(location.OriginalString, char.IsControl);
        using var get = await Root.GetAsync(location);
        Assert.Equal(200, (int)get.StatusCode);
    }
}
