using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Herald.Catalog;
using Herald.Push;
using Herald.Storage;
using Herald.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Push;

/// <summary>One Herald with two apps: A, where everything happens, and B, whose key must see nothing of A.</summary>
public sealed class PushApiFixture : IAsyncLifetime
{
    public HeraldHost Herald { get; } = new();
    public string A { get; private set; } = "";
    public string B { get; private set; } = "";
    public HttpClient AdminA { get; private set; } = null!;
    public HttpClient AdminB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (A, AdminA) = await Herald.CreateAppAsync();
        (B, AdminB) = await Herald.CreateAppAsync();
    }

    public Task DisposeAsync()
    {
        AdminA.Dispose();
        AdminB.Dispose();
        Herald.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PushSettingsApiTests(PushApiFixture fx) : IClassFixture<PushApiFixture>
{
    private const string Apns1 = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private const string Apns2 = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    private string A => fx.A;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<(int Status, JsonElement Json)> SendAsync(HttpClient c, HttpMethod method, string url, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = Json(body);
        using var r = await c.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        return ((int)r.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private Task<(int Status, JsonElement Json)> Put(string url, string body) => SendAsync(fx.AdminA, HttpMethod.Put, url, body);

    private static async Task<JsonElement> Ok(Task<(int Status, JsonElement Json)> call, int status = 200)
    {
        var (s, json) = await call;
        Assert.True(s == status, $"expected {status}, got {s}: {json}");
        return json;
    }

    private static string Uid() => "u-" + Guid.NewGuid().ToString("N")[..8];

    // --- settings

    [Fact]
    public async Task Settings_start_as_the_defaults_and_a_put_changes_only_the_fields_given()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var initial = await admin.GetJsonAsync($"/v1/apps/{app}/push/settings");
        Assert.True(initial.GetProperty("enabled").GetBoolean());
        Assert.False(initial.GetProperty("includeBadgeCount").GetBoolean());
        Assert.Equal(JsonValueKind.Null, initial.GetProperty("custom").ValueKind);
        Assert.Equal(30, initial.GetProperty("throttle").GetProperty("maxPerWindow").GetInt32());
        Assert.Equal(60, initial.GetProperty("throttle").GetProperty("windowSeconds").GetInt32());
        Assert.True(initial.GetProperty("callsBreakQuietHours").GetBoolean());

        var url = $"/v1/apps/{app}/push/settings";
        var put = await Ok(SendAsync(admin, HttpMethod.Put, url,
            """{"enabled":false,"includeBadgeCount":true,"custom":{"brand":"acme","n":[1,2]},"throttle":{"maxPerWindow":5}}"""));
        Assert.False(put.GetProperty("enabled").GetBoolean());
        Assert.Equal(5, put.GetProperty("throttle").GetProperty("maxPerWindow").GetInt32());
        Assert.Equal(60, put.GetProperty("throttle").GetProperty("windowSeconds").GetInt32());

        // A second PUT merges on top: what it leaves out stays as saved.
        await Ok(SendAsync(admin, HttpMethod.Put, url, """{"includeMessageObject":true,"throttle":{"windowSeconds":120}}"""));
        var got = await admin.GetJsonAsync(url);
        Assert.False(got.GetProperty("enabled").GetBoolean());
        Assert.True(got.GetProperty("includeBadgeCount").GetBoolean());
        Assert.True(got.GetProperty("includeMessageObject").GetBoolean());
        Assert.Equal("acme", got.GetProperty("custom").GetProperty("brand").GetString());
        Assert.Equal(2, got.GetProperty("custom").GetProperty("n")[1].GetInt32());
        Assert.Equal(5, got.GetProperty("throttle").GetProperty("maxPerWindow").GetInt32());
        Assert.Equal(120, got.GetProperty("throttle").GetProperty("windowSeconds").GetInt32());

        var cleared = await Ok(SendAsync(admin, HttpMethod.Put, url, """{"custom":null,"callsBreakQuietHours":false}"""));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("custom").ValueKind);
        Assert.False(cleared.GetProperty("callsBreakQuietHours").GetBoolean());
        Assert.True(cleared.GetProperty("includeBadgeCount").GetBoolean());
    }

    [Fact]
    public async Task The_settings_cache_sees_this_nodes_changes_at_once_and_other_nodes_changes_within_five_seconds()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var served = fx.Herald.Services.GetRequiredService<PushSettingsCache>();
        Assert.True((await served.GetAsync(app, default)).Settings.Enabled);
        await Ok(SendAsync(admin, HttpMethod.Put, $"/v1/apps/{app}/push/settings", """{"enabled":false}"""));
        await Ok(SendAsync(admin, HttpMethod.Put, $"/v1/apps/{app}/push/events/call.initiated", """{"allowed":false}"""));
        var (settings, events) = await served.GetAsync(app, default);
        Assert.False(settings.Enabled);
        Assert.False(events.Single(e => e.Type == "call.initiated").Allowed);

        // Another node's write reaches the store only: this cache notices when its entry expires.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new PushSettingsCache(fx.Herald.Store, time);
        Assert.False((await cache.GetAsync(app, default)).Settings.Enabled);
        await fx.Herald.Store.SavePushSettingsAsync(app, PushSettings.Default, 0, default);
        Assert.False((await cache.GetAsync(app, default)).Settings.Enabled);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.True((await cache.GetAsync(app, default)).Settings.Enabled);
    }

    // --- bad input: 400 problem+json naming the field, nothing stored

    private sealed record Case(string Method, string Path, string Body, string[] Mentions);

    private const string Settings = "/v1/apps/{app}/push/settings", Events = "/v1/apps/{app}/push/events",
        Device = "/v1/apps/{app}/users/bad-user/devices/d1", Prefs = "/v1/apps/{app}/users/bad-user/preferences";

    private static readonly Dictionary<string, Case> BadCases = new()
    {
        ["settings: throttle.maxPerWindow -1"] = new("PUT", Settings, """{"enabled":false,"throttle":{"maxPerWindow":-1}}""", ["throttle.maxPerWindow"]),
        ["settings: throttle.maxPerWindow 10001"] = new("PUT", Settings, """{"throttle":{"maxPerWindow":10001}}""", ["throttle.maxPerWindow", "10000"]),
        ["settings: throttle.windowSeconds 0"] = new("PUT", Settings, """{"throttle":{"windowSeconds":0}}""", ["throttle.windowSeconds"]),
        ["settings: throttle.windowSeconds 86401"] = new("PUT", Settings, """{"throttle":{"windowSeconds":86401}}""", ["throttle.windowSeconds"]),
        ["settings: custom a string"] = new("PUT", Settings, """{"custom":"acme"}""", ["custom", "object"]),
        ["settings: custom over 4 KB"] = new("PUT", Settings, $$$"""{"custom":{"x":"{{{new string('x', 4100)}}}"}}""", ["custom", "4 KB"]),
        ["settings: enabled \"yes\""] = new("PUT", Settings, """{"enabled":"yes"}""", ["enabled"]),
        ["settings: unknown field"] = new("PUT", Settings, """{"enabled":true,"sound":"ding"}""", ["sound"]),
        ["settings: unknown throttle field"] = new("PUT", Settings, """{"throttle":{"burst":3}}""", ["burst"]),
        ["settings: malformed JSON"] = new("PUT", Settings, """{"enabled":""", ["JSON"]),

        ["events: template fixed text over 140"] = new("PUT", Events + "/message.created",
            $$$"""{"allowed":false,"template":{"title":"t","body":"{{{new string('w', 141)}}} {{text}}"}}""", ["template.body", "fixed text alone is 141"]),
        ["events: template unclosed brace"] = new("PUT", Events + "/message.created", """{"template":{"title":"{{senderName","body":"b"}}""",
            ["template.title", "character 1"]),
        ["events: bad locale tag"] = new("PUT", Events + "/message.created", """{"template":{"body":"b","locales":{"french!":{"body":"x"}}}}""",
            ["template.locales.french!"]),
        ["events: bad locale body"] = new("PUT", Events + "/message.created", """{"template":{"body":"b","locales":{"fr":{"body":"{{text"}}}}""",
            ["template.locales.fr.body"]),
        ["events: 11 loc args"] = new("PUT", Events + "/message.created",
            """{"template":{"bodyLocKey":"K","bodyLocArgs":["1","2","3","4","5","6","7","8","9","10","11"]}}""", ["template.bodyLocArgs"]),
        ["events: unknown template field"] = new("PUT", Events + "/message.created", """{"template":{"body":"b","sound":"x"}}""", ["template.sound"]),
        ["events: template a string"] = new("PUT", Events + "/message.created", """{"template":"{{text}}"}""", ["template", "object"]),
        ["events: template body a number"] = new("PUT", Events + "/message.created", """{"template":{"body":5}}""", ["template.body"]),
        ["events: empty template"] = new("PUT", Events + "/message.created", """{"template":{}}""", ["template", "null"]),
        ["events: conversationType for a type without variants"] = new("PUT", Events + "/reaction.added",
            """{"allowed":false,"conversationType":"group"}""", ["conversationType", "leave"]),
        ["events: unknown conversationType"] = new("PUT", Events + "/message.created", """{"allowed":false,"conversationType":"room"}""",
            ["conversationType", "group, user"]),
        ["events: nothing to change"] = new("PUT", Events + "/message.created", """{}""", ["allowed", "template"]),
        ["events: allowed \"no\""] = new("PUT", Events + "/message.created", """{"allowed":"no"}""", ["allowed"]),

        ["device: no token"] = new("PUT", Device, """{"platform":"ios","provider":"apns"}""", ["token"]),
        ["device: apns token not hex"] = new("PUT", Device, """{"platform":"ios","provider":"apns","token":"not-a-hex-token"}""", ["token", "hex"]),
        ["device: apns token too short"] = new("PUT", Device, """{"platform":"ios","provider":"apns","token":"abcdef"}""", ["token", "64"]),
        ["device: fcm token with spaces"] = new("PUT", Device, """{"platform":"android","provider":"fcm","token":"a b"}""", ["token"]),
        ["device: fcm token over 4096"] = new("PUT", Device, $$"""{"platform":"android","provider":"fcm","token":"{{new string('t', 4097)}}"}""", ["token", "4096"]),
        ["device: apns for android"] = new("PUT", Device, $$"""{"platform":"android","provider":"apns","token":"{{Apns1}}"}""", ["provider", "android"]),
        ["device: baidu for ios"] = new("PUT", Device, """{"platform":"ios","provider":"baidu","token":"tok"}""", ["provider", "apns or fcm"]),
        ["device: unknown platform"] = new("PUT", Device, """{"platform":"windows","provider":"fcm","token":"tok"}""", ["platform"]),
        ["device: unknown provider"] = new("PUT", Device, """{"platform":"android","provider":"gcm","token":"tok"}""", ["provider"]),
        ["device: bad environment"] = new("PUT", Device, """{"platform":"android","provider":"fcm","token":"tok","environment":"dev"}""", ["environment"]),
        ["device: bad locale"] = new("PUT", Device, """{"platform":"android","provider":"fcm","token":"tok","locale":"English (US)"}""", ["locale"]),
        ["device: device id over 200"] = new("PUT", "/v1/apps/{app}/users/bad-user/devices/" + new string('d', 201),
            """{"platform":"android","provider":"fcm","token":"tok"}""", ["deviceId"]),
        ["device: unknown field"] = new("PUT", Device, """{"platform":"android","provider":"fcm","token":"tok","model":"Pixel"}""", ["model"]),

        ["prefs: unknown time zone"] = new("PUT", Prefs, """{"quietHours":{"start":"22:00","end":"07:00","timeZone":"Mars/Olympus"}}""",
            ["quietHours.timeZone", "IANA"]),
        ["prefs: path as time zone"] = new("PUT", Prefs, """{"quietHours":{"start":"22:00","end":"07:00","timeZone":"../../etc/passwd"}}""",
            ["quietHours.timeZone"]),
        ["prefs: bad start time"] = new("PUT", Prefs, """{"quietHours":{"start":"25:00","end":"07:00","timeZone":"Europe/Paris"}}""",
            ["quietHours.start", "HH:mm"]),
        ["prefs: end time without minutes"] = new("PUT", Prefs, """{"quietHours":{"start":"22:00","end":"7","timeZone":"Europe/Paris"}}""",
            ["quietHours.end"]),
        ["prefs: start equals end"] = new("PUT", Prefs, """{"quietHours":{"start":"22:00","end":"22:00","timeZone":"UTC"}}""", ["quietHours.end"]),
        ["prefs: quietHours unknown field"] = new("PUT", Prefs, """{"quietHours":{"start":"22:00","end":"07:00","timeZone":"UTC","days":[1]}}""",
            ["quietHours.days"]),
        ["prefs: unknown category"] = new("PUT", Prefs, """{"mutedCategories":["call","sms"]}""", ["mutedCategories[1]", "chat, call, community, livestream"]),
        ["prefs: categories a string"] = new("PUT", Prefs, """{"mutedCategories":"call"}""", ["mutedCategories"]),
        ["prefs: mute until not a time"] = new("PUT", Prefs, """{"mutedConversations":{"group_hiking":"tomorrow"}}""",
            ["mutedConversations.group_hiking", "ISO 8601"]),
        ["prefs: bad locale"] = new("PUT", Prefs, """{"locale":"français"}""", ["locale"]),
        ["prefs: unknown field"] = new("PUT", Prefs, """{"doNotDisturb":true}""", ["doNotDisturb"]),
    };

    public static TheoryData<string> BadCaseNames() => new(BadCases.Keys);

    [Theory]
    [MemberData(nameof(BadCaseNames))]
    public async Task Bad_input_gets_a_400_problem_naming_the_field_and_stores_nothing(string name)
    {
        var c = BadCases[name];
        var before = await SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path.Replace("{app}", A, StringComparison.Ordinal)) { Content = Json(c.Body) };
        using var response = await fx.AdminA.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: expected 400, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        foreach (var mention in c.Mentions)
            Assert.True(detail.Contains(mention, StringComparison.Ordinal), $"{name}: the detail should mention '{mention}': {detail}");
        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task<string> SnapshotAsync() => string.Join("\n",
        (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/push/settings")).GetRawText(),
        (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/push/events")).GetRawText(),
        (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/users/bad-user/devices")).GetRawText(),
        (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/users/bad-user/preferences")).GetRawText());

    // --- event toggles and templates

    [Fact]
    public async Task The_events_list_has_every_catalog_type_and_a_row_per_message_created_variant()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var rows = (await admin.GetJsonAsync($"/v1/apps/{app}/push/events")).EnumerateArray().ToList();
        var catalog = EventCatalog.LoadEmbedded();
        Assert.NotEmpty(rows);
        Assert.Equal(catalog.Events.Where(e => !e.Internal).Select(e => e.Type).Order(), rows.Where(r => r.GetProperty("conversationType").ValueKind == JsonValueKind.Null)
            .Select(r => r.GetProperty("type").GetString()!).Order());
        Assert.All(rows, r =>
        {
            Assert.True(r.GetProperty("allowed").GetBoolean());
            Assert.True(r.GetProperty("isDefaultTemplate").GetBoolean());
            Assert.Contains(r.GetProperty("tab").GetString(), new[] { "chat", "community", "livestream" });
        });

        var message = rows.Where(r => r.GetProperty("type").GetString() == "message.created").ToList();
        Assert.Equal(3, message.Count);
        var group = message.Single(r => r.GetProperty("conversationType").GetString() == "group");
        Assert.Equal("When there is a new message in the users channel", group.GetProperty("description").GetString());
        Assert.Equal("{{conversationName}}", group.GetProperty("template").GetProperty("title").GetString());
        Assert.Equal("{{senderName}}: {{text}}", group.GetProperty("template").GetProperty("body").GetString());
        var user = message.Single(r => r.GetProperty("conversationType").GetString() == "user");
        Assert.Equal("When there is a new message in the users conversation", user.GetProperty("description").GetString());
        Assert.Equal("chat", user.GetProperty("category").GetString());
        Assert.Contains("text", user.GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()));

        var call = rows.Single(r => r.GetProperty("type").GetString() == "call.initiated");
        Assert.Equal(("call", "chat"), (call.GetProperty("category").GetString(), call.GetProperty("tab").GetString()));
    }

    private async Task<JsonElement> RowAsync(string app, HttpClient admin, string type, string? conversationType) =>
        (await admin.GetJsonAsync($"/v1/apps/{app}/push/events")).EnumerateArray().Single(r =>
            r.GetProperty("type").GetString() == type &&
            (conversationType is null ? r.GetProperty("conversationType").ValueKind == JsonValueKind.Null : r.GetProperty("conversationType").GetString() == conversationType));

    [Fact]
    public async Task Each_message_created_variant_has_its_own_toggle_and_template_and_a_reset_goes_back_to_the_default()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var url = $"/v1/apps/{app}/push/events/message.created";

        var off = await Ok(SendAsync(admin, HttpMethod.Put, url, """{"allowed":false,"conversationType":"group"}"""));
        Assert.False(off.GetProperty("allowed").GetBoolean());
        Assert.Equal("group", off.GetProperty("conversationType").GetString());
        Assert.True((await RowAsync(app, admin, "message.created", "user")).GetProperty("allowed").GetBoolean());

        var custom = await Ok(SendAsync(admin, HttpMethod.Put, url,
            """{"conversationType":"user","template":{"title":"{{senderName}} wrote","body":"{{text}}","locales":{"fr":{"title":"{{senderName}} a écrit"}}}}"""));
        Assert.False(custom.GetProperty("isDefaultTemplate").GetBoolean());
        Assert.True(custom.GetProperty("allowed").GetBoolean());
        Assert.Equal("{{senderName}} a écrit", custom.GetProperty("template").GetProperty("locales").GetProperty("fr").GetProperty("title").GetString());

        var group = await RowAsync(app, admin, "message.created", "group");
        Assert.False(group.GetProperty("allowed").GetBoolean());          // untouched by the user variant's PUT
        Assert.True(group.GetProperty("isDefaultTemplate").GetBoolean());
        var user = await RowAsync(app, admin, "message.created", "user");
        Assert.Equal("{{senderName}} wrote", user.GetProperty("template").GetProperty("title").GetString());

        var reset = await Ok(SendAsync(admin, HttpMethod.Put, url, """{"conversationType":"user","template":null}"""));
        Assert.True(reset.GetProperty("isDefaultTemplate").GetBoolean());
        Assert.Equal("{{senderName}}", reset.GetProperty("template").GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, reset.GetProperty("template").GetProperty("locales").ValueKind);
    }

    [Fact]
    public async Task A_type_without_variants_takes_a_template_and_an_unknown_type_is_a_404_that_points_to_the_catalog()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var _ = admin;
        var row = await Ok(SendAsync(admin, HttpMethod.Put, $"/v1/apps/{app}/push/events/reaction.added",
            """{"template":{"body":"{{senderName}} reacted {{reaction}}","bodyLocKey":"REACTED","bodyLocArgs":["{{senderName}}","{{reaction}}"]}}"""));
        Assert.Equal("{{senderName}}", row.GetProperty("template").GetProperty("title").GetString()); // filled from the default
        Assert.Equal("REACTED", row.GetProperty("template").GetProperty("bodyLocKey").GetString());
        Assert.Equal(2, row.GetProperty("template").GetProperty("bodyLocArgs").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("conversationType").ValueKind);

        var (status, problem) = await SendAsync(admin, HttpMethod.Put, $"/v1/apps/{app}/push/events/message.exploded", """{"allowed":false}""");
        Assert.Equal(404, status);
        Assert.Contains("/v1/catalog", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // --- devices

    [Fact]
    public async Task A_device_is_registered_listed_updated_and_unregistered()
    {
        var uid = Uid();
        var url = $"/v1/apps/{A}/users/{uid}/devices";
        var created = await Ok(Put($"{url}/iphone-1", $$"""{"platform":"ios","provider":"apns","token":"{{Apns1.ToUpperInvariant()}}","locale":"fr_CA","environment":"sandbox"}"""), 201);
        Assert.Equal(Apns1, created.GetProperty("token").GetString()); // hex is stored lowercased: one token, one row
        Assert.Equal("fr-CA", created.GetProperty("locale").GetString());
        Assert.Equal("sandbox", created.GetProperty("environment").GetString());

        var updated = await Ok(Put($"{url}/iphone-1", $$"""{"platform":"ios","provider":"apns","token":"{{Apns2}}"}"""));
        Assert.Equal(Apns2, updated.GetProperty("token").GetString());
        Assert.Equal("production", updated.GetProperty("environment").GetString());
        Assert.Equal(created.GetProperty("createdAt").GetString(), updated.GetProperty("createdAt").GetString());

        var list = await fx.AdminA.GetJsonAsync(url);
        Assert.Equal("iphone-1", list.EnumerateArray().Single().GetProperty("deviceId").GetString());

        using var del = await fx.AdminA.DeleteAsync($"{url}/iphone-1");
        Assert.Equal(HttpStatusCode.NoContent, del.StatusCode);
        Assert.Equal(0, (await fx.AdminA.GetJsonAsync(url)).GetArrayLength());
        using var again = await fx.AdminA.DeleteAsync($"{url}/iphone-1");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task One_user_has_many_devices_on_several_platforms()
    {
        var uid = Uid();
        var url = $"/v1/apps/{A}/users/{uid}/devices";
        await Ok(Put($"{url}/iphone", $$"""{"platform":"ios","provider":"apns","token":"{{Apns1}}"}"""), 201);
        await Ok(Put($"{url}/ipad", """{"platform":"ios","provider":"fcm","token":"fcm-ipad:APA91b"}"""), 201);
        await Ok(Put($"{url}/pixel", """{"platform":"android","provider":"fcm","token":"fcm-pixel:APA91b"}"""), 201);
        await Ok(Put($"{url}/xiaomi", """{"platform":"android","provider":"baidu","token":"baidu-channel-42"}"""), 201);
        await Ok(Put($"{url}/chrome", """{"platform":"web","provider":"fcm","token":"fcm-web:APA91b"}"""), 201);

        var list = (await fx.AdminA.GetJsonAsync(url)).EnumerateArray()
            .Select(d => $"{d.GetProperty("deviceId").GetString()}:{d.GetProperty("platform").GetString()}/{d.GetProperty("provider").GetString()}").Order();
        Assert.Equal(new[] { "chrome:web/fcm", "ipad:ios/fcm", "iphone:ios/apns", "pixel:android/fcm", "xiaomi:android/baidu" }, list);
        var stored = await fx.Herald.Store.ListDevicesAsync(A, [uid, "nobody"], default);
        Assert.Equal(5, stored.Count);
    }

    [Fact]
    public async Task A_token_registered_again_by_another_user_moves_to_that_user()
    {
        string alice = Uid(), bob = Uid();
        await Ok(Put($"/v1/apps/{A}/users/{alice}/devices/shared-phone", """{"platform":"android","provider":"fcm","token":"moving-token"}"""), 201);
        // Bob logs in on the same phone (same token, the app gave it a new device id).
        await Ok(Put($"/v1/apps/{A}/users/{bob}/devices/shared-phone-2", """{"platform":"android","provider":"fcm","token":"moving-token"}"""), 201);

        Assert.Equal(0, (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/users/{alice}/devices")).GetArrayLength());
        var bobs = await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/users/{bob}/devices");
        Assert.Equal("moving-token", bobs.EnumerateArray().Single().GetProperty("token").GetString());

        // The same device id registered by a third user moves too.
        var carol = Uid();
        await Ok(Put($"/v1/apps/{A}/users/{carol}/devices/shared-phone-2", """{"platform":"android","provider":"fcm","token":"moving-token"}"""), 201);
        Assert.Equal(0, (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/users/{bob}/devices")).GetArrayLength());
        Assert.Equal(1, (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/users/{carol}/devices")).GetArrayLength());
        using var notBobs = await fx.AdminA.DeleteAsync($"/v1/apps/{A}/users/{bob}/devices/shared-phone-2");
        Assert.Equal(HttpStatusCode.NotFound, notBobs.StatusCode);
    }

    [Fact]
    public async Task A_dead_token_is_pruned_only_while_the_device_still_has_it()
    {
        var uid = Uid();
        await Ok(Put($"/v1/apps/{A}/users/{uid}/devices/tab", """{"platform":"android","provider":"fcm","token":"old-token"}"""), 201);
        await Ok(Put($"/v1/apps/{A}/users/{uid}/devices/tab", """{"platform":"android","provider":"fcm","token":"new-token"}"""));
        Assert.False(await fx.Herald.Store.PruneDeviceAsync(A, "tab", "old-token", default));
        Assert.True(await fx.Herald.Store.PruneDeviceAsync(A, "tab", "new-token", default));
        Assert.Null(await fx.Herald.Store.GetDeviceAsync(A, "tab", default));
    }

    // --- preferences

    [Fact]
    public async Task Preferences_round_trip_and_a_put_changes_only_the_fields_given()
    {
        var url = $"/v1/apps/{A}/users/{Uid()}/preferences";
        var initial = await fx.AdminA.GetJsonAsync(url);
        Assert.Equal(0, initial.GetProperty("mutedCategories").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, initial.GetProperty("quietHours").ValueKind);

        var saved = await Ok(Put(url, """
            { "mutedConversations": { "group_hiking": "2026-11-22T10:00:00Z", "u1_user_u2": null },
              "mutedCategories": ["call", "community", "call"],
              "quietHours": { "start": "22:00", "end": "07:00", "timeZone": "Europe/Paris" }, "locale": "pt_BR" }
            """));
        var got = await fx.AdminA.GetJsonAsync(url);
        Assert.Equal(saved.GetRawText(), got.GetRawText());
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            got.GetProperty("mutedConversations").GetProperty("group_hiking").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, got.GetProperty("mutedConversations").GetProperty("u1_user_u2").ValueKind);
        Assert.Equal(new[] { "call", "community" }, got.GetProperty("mutedCategories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Europe/Paris", got.GetProperty("quietHours").GetProperty("timeZone").GetString());
        Assert.Equal("pt-BR", got.GetProperty("locale").GetString());

        var merged = await Ok(Put(url, """{"quietHours":null,"mutedCategories":["livestream"]}"""));
        Assert.Equal(JsonValueKind.Null, merged.GetProperty("quietHours").ValueKind);
        Assert.Equal("livestream", merged.GetProperty("mutedCategories")[0].GetString());
        Assert.Equal(2, merged.GetProperty("mutedConversations").EnumerateObject().Count());
        Assert.Equal("pt-BR", merged.GetProperty("locale").GetString());

        var prefs = await fx.Herald.Store.GetPreferencesAsync(A, [url.Split('/')[5], "nobody"], default);
        Assert.Single(prefs);
    }

    // --- isolation and auth

    [Fact]
    public async Task Another_apps_users_and_settings_look_exactly_like_missing_ones()
    {
        var uid = Uid();
        await Ok(Put($"/v1/apps/{A}/users/{uid}/devices/d1", """{"platform":"android","provider":"fcm","token":"isolated-token"}"""), 201);
        await Ok(Put($"/v1/apps/{A}/users/{uid}/preferences", """{"mutedCategories":["call"]}"""));

        // B's key on A's URLs: the app itself is not found, as for an app that does not exist.
        foreach (var path in new[] { $"users/{uid}/devices", $"users/{uid}/preferences", "push/settings", "push/events" })
        {
            var (status, problem) = await SendAsync(fx.AdminB, HttpMethod.Get, $"/v1/apps/{A}/{path}");
            Assert.Equal(404, status);
            var (ghostStatus, ghost) = await SendAsync(fx.AdminB, HttpMethod.Get, $"/v1/apps/no-such-app/{path}");
            Assert.Equal(404, ghostStatus);
            Assert.Equal(ghost.GetProperty("detail").GetString()!.Replace("no-such-app", A, StringComparison.Ordinal), problem.GetProperty("detail").GetString());
        }
        var (delStatus, _) = await SendAsync(fx.AdminB, HttpMethod.Delete, $"/v1/apps/{A}/users/{uid}/devices/d1");
        Assert.Equal(404, delStatus);

        // Under B's own URLs, A's user is like any user B never registered: no devices, default preferences.
        Assert.Equal(0, (await fx.AdminB.GetJsonAsync($"/v1/apps/{fx.B}/users/{uid}/devices")).GetArrayLength());
        Assert.Equal(0, (await fx.AdminB.GetJsonAsync($"/v1/apps/{fx.B}/users/{uid}/preferences")).GetProperty("mutedCategories").GetArrayLength());
        var (bDelete, _) = await SendAsync(fx.AdminB, HttpMethod.Delete, $"/v1/apps/{fx.B}/users/{uid}/devices/d1");
        Assert.Equal(404, bDelete);
        Assert.Equal(1, (await fx.AdminA.GetJsonAsync($"/v1/apps/{A}/users/{uid}/devices")).GetArrayLength());
    }

    [Theory]
    [InlineData("GET", "push/settings")]
    [InlineData("PUT", "push/settings")]
    [InlineData("GET", "push/events")]
    [InlineData("PUT", "push/events/message.created")]
    [InlineData("GET", "users/u1/devices")]
    [InlineData("PUT", "users/u1/devices/d1")]
    [InlineData("DELETE", "users/u1/devices/d1")]
    [InlineData("GET", "users/u1/preferences")]
    [InlineData("PUT", "users/u1/preferences")]
    public async Task Every_route_needs_an_admin_key(string method, string path)
    {
        var url = $"/v1/apps/{A}/{path}";
        const string body = """{"enabled":"not even valid"}""";
        using var anonymous = fx.Herald.ClientWith(null);
        var (status, problem) = await SendAsync(anonymous, new HttpMethod(method), url, method == "PUT" ? body : null);
        Assert.Equal(401, status);
        Assert.Contains("Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var ingest = fx.Herald.ClientWith(await fx.Herald.CreateKeyAsync(A, "ingest"));
        Assert.Equal(403, (await SendAsync(ingest, new HttpMethod(method), url, method == "PUT" ? body : null)).Status);
    }
}
