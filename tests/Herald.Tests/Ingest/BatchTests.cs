using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using static Herald.Tests.Support.WebhookFlow;

namespace Herald.Tests.Ingest;

public sealed class BatchTests
{
    [Fact]
    public async Task A_batch_is_stored_whole_and_reports_duplicates()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        await admin.PostEventAsync(app, Evt("b0", "message.created"));
        var batch = new { events = new[] { Evt("b0", "message.created"), Evt("b1", "message.created"), Evt("b1", "message.created"), Evt("b2", "call.ended") } };
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch);
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(202, (int)r.StatusCode);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.GetProperty("duplicates").GetInt32());
        Assert.Equal([true, false, true, false], body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("duplicate").GetBoolean()));
        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count == 3), TimeSpan.FromSeconds(10), "three distinct events arrive");
        await Task.Delay(300);
        Assert.Equal(3, receiver.Requests.Count);
    }
}
