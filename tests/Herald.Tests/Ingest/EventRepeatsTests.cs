using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Ingest;

/// <summary>An event id reused for another event is a 409 that keeps the original (Ingest/EventRepeats).</summary>
public sealed class EventRepeatsTests : OneAppTest
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private const string Original = """{"id":"m-1","type":"message.created","sender":{"uid":"u1"},"conversation":{"id":"hiking","type":"group"},"data":{"text":"Hello!"}}""";

    [Fact]
    public async Task The_identical_event_again_is_a_duplicate_and_another_body_under_its_id_is_409_keeping_the_original()
    {
        var events = $"/v1/apps/{App}/events";
        // An endpoint (nowhere: its attempts fail) so the stored webhook body can be read back.
        using (var endpoint = await Root.PostAsync($"/v1/apps/{App}/endpoints", Json("""{"url":"http://127.0.0.1:9/hook"}""")))
            Assert.Equal(201, (int)endpoint.StatusCode);
        using (var first = await Root.PostAsync(events, Json(Original))) Assert.Equal(202, (int)first.StatusCode);

        // The same event, with its fields in another order and the default version spelled out: a repeat.
        using (var again = await Root.PostAsync(events, Json(
            """{"data":{"text":"Hello!"},"version":1,"conversation":{"type":"group","id":"hiking"},"sender":{"uid":"u1"},"type":"message.created","id":"m-1"}""")))
        {
            Assert.Equal(202, (int)again.StatusCode);
            Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        }

        var before = await Herald.Store.CountAsync(default);
        using var changed = await Root.PostAsync(events, Json(
            """{"id":"m-1","type":"message.updated","sender":{"uid":"u1"},"conversation":{"id":"hiking","type":"group"},"data":{"text":"Bye"}}"""));
        var text = await changed.Content.ReadAsStringAsync();
        Assert.Equal(409, (int)changed.StatusCode);
        Assert.Equal("application/problem+json", changed.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("id", problem.GetProperty("field").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'m-1'", detail);
        Assert.Contains("type is \"message.created\" in the stored event, \"message.updated\" in this one", detail);
        Assert.Contains("data differs", detail);
        Assert.Equal(before, await Herald.Store.CountAsync(default));

        // The original stands: its one delivery still carries what was first sent.
        var page = await Root.GetFromJsonAsync<JsonElement>($"/v1/apps/{App}/deliveries");
        var delivery = Assert.Single(page.GetProperty("items").EnumerateArray());
        var detail2 = await Root.GetFromJsonAsync<JsonElement>($"/v1/apps/{App}/deliveries/{delivery.GetProperty("id").GetString()}");
        var payload = detail2.GetProperty("payload");
        Assert.Equal("m-1", payload.GetProperty("id").GetString());
        Assert.Equal("message.created", payload.GetProperty("type").GetString());
        Assert.Equal("Hello!", payload.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_batch_with_one_reused_id_stores_nothing_and_names_that_event()
    {
        using (var first = await Root.PostAsync($"/v1/apps/{App}/events", Json(Original))) Assert.Equal(202, (int)first.StatusCode);
        var before = await Herald.Store.CountAsync(default);
        var fresh = """{"id":"m-2","type":"message.created","sender":{"uid":"u1"},"data":{"text":"new"}}""";
        var reused = """{"id":"m-1","type":"message.created","sender":{"uid":"u2"},"conversation":{"id":"hiking","type":"group"},"data":{"text":"Hello!"}}""";
        using var batch = await Root.PostAsync($"/v1/apps/{App}/events/batch", Json($"{{\"events\":[{fresh},{reused}]}}"));
        var text = await batch.Content.ReadAsStringAsync();
        Assert.Equal(409, (int)batch.StatusCode);
        Assert.Equal("events[1].id", JsonDocument.Parse(text).RootElement.GetProperty("field").GetString());
        Assert.Contains("sender differs", text);
        Assert.Equal(before, await Herald.Store.CountAsync(default));

        // Two different events under one id inside one batch are refused the same way.
        using var inside = await Root.PostAsync($"/v1/apps/{App}/events/batch", Json($"{{\"events\":[{fresh},{fresh.Replace("new", "other")}]}}"));
        Assert.Equal(409, (int)inside.StatusCode);
        Assert.Equal(before, await Herald.Store.CountAsync(default));
        // And m-2 was never stored: posting it now is new, not a duplicate.
        using var now = await Root.PostAsync($"/v1/apps/{App}/events", Json(fresh));
        Assert.False((await now.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
    }
}
