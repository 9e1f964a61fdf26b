using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Ingest;

/// <summary>An app's strictEventSchemas: off by default (as before), on → data that misses its schema is refused with its path.</summary>
public sealed class StrictEventSchemaTests(HeraldHostFixture host) : IClassFixture<HeraldHostFixture>
{
    private readonly HeraldHost _herald = host.Herald;

    private static object Message(string? id, object data) => new { id, type = "message.created", sender = new { uid = "u1" }, recipients = new[] { "u2" }, data };

    private static async Task<JsonElement> SetStrictAsync(HttpClient admin, string app, bool strict)
    {
        var r = await admin.PatchAsJsonAsync($"/v1/apps/{app}", new { strictEventSchemas = strict });
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.IsSuccessStatusCode, $"PATCH app: {(int)r.StatusCode} {body}");
        return body;
    }

    [Fact]
    public async Task Off_by_default_an_event_with_nonconforming_data_is_accepted_as_before()
    {
        var (app, admin) = await _herald.CreateAppAsync();
        using var _ = admin;
        Assert.False((await admin.GetJsonAsync($"/v1/apps/{app}")).GetProperty("strictEventSchemas").GetBoolean());
        await admin.PostEventAsync(app, Message(null, new { text = 42 }));
        await admin.PostEventAsync(app, new { type = "call.ended", data = new { callType = "fax" } });
    }

    [Fact]
    public async Task Strict_refuses_a_bad_event_naming_the_path_and_accepts_a_good_one()
    {
        var (app, admin) = await _herald.CreateAppAsync();
        using var _ = admin;
        Assert.True((await SetStrictAsync(admin, app, true)).GetProperty("strictEventSchemas").GetBoolean());
        Assert.True((await admin.GetJsonAsync($"/v1/apps/{app}")).GetProperty("strictEventSchemas").GetBoolean());

        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events", Message("bad-1", new { messageId = "m1" }));
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, (int)r.StatusCode);
        Assert.Contains("Required by message.created", problem.GetProperty("errors").GetProperty("data.text")[0].GetString());
        Assert.Contains("data.text", problem.GetProperty("detail").GetString());

        r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events", Message("bad-2", new { text = 42 }));
        problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, (int)r.StatusCode);
        Assert.StartsWith("Expected a string", problem.GetProperty("errors").GetProperty("data.text")[0].GetString());

        await admin.PostEventAsync(app, Message("good-1", new { text = "Hello", messageId = "m1", ownField = new { any = "thing" } }));

        // Off again: the same bad event is accepted (and was not stored before: it is no duplicate).
        Assert.False((await SetStrictAsync(admin, app, false)).GetProperty("strictEventSchemas").GetBoolean());
        r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events", Message("bad-1", new { messageId = "m1" }));
        Assert.Equal(202, (int)r.StatusCode);
        Assert.False((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task In_a_strict_batch_one_bad_event_refuses_the_batch_naming_its_index_and_nothing_is_stored()
    {
        var (app, admin) = await _herald.CreateAppAsync();
        using var _ = admin;
        await SetStrictAsync(admin, app, true);
        var batch = new
        {
            events = new object[]
            {
                Message("b-0", new { text = "fine" }),
                new { id = "b-1", type = "call.initiated", data = new { callType = "fax" } },
                Message("b-2", new { text = "fine too" }),
            },
        };
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, (int)r.StatusCode);
        var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value[0].GetString()!);
        Assert.Equal(["events[1].data.callType", "events[1].data.sessionId"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("\"audio\", \"video\"", errors["events[1].data.callType"]);

        // The good events of the refused batch were not stored: sent again, they are new.
        r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", new { events = new[] { batch.events[0], batch.events[2] } });
        var accepted = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(202, (int)r.StatusCode);
        Assert.Equal(2, accepted.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task The_setting_is_refused_when_misspelt_and_kept_when_absent()
    {
        var (app, admin) = await _herald.CreateAppAsync();
        using var _ = admin;
        var r = await admin.PatchAsJsonAsync($"/v1/apps/{app}", new { strictSchemas = true });
        Assert.Equal(400, (int)r.StatusCode);
        await SetStrictAsync(admin, app, true);
        Assert.True((await SetStrictAsync(admin, app, true)).GetProperty("strictEventSchemas").GetBoolean());
        r = await admin.PatchAsJsonAsync($"/v1/apps/{app}", new { });
        Assert.True((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("strictEventSchemas").GetBoolean());
    }
}
