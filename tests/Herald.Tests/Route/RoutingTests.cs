using System.Text.Json;
using Herald.Tests.Support;
using static Herald.Tests.Support.WebhookFlow;

namespace Herald.Tests.Route;

public sealed class RoutingTests
{
    [Fact]
    public async Task Filters_route_each_event_type_to_the_endpoints_that_asked_for_it()
    {
        await using var messages = await Receiver.StartAsync();
        await using var calls = await Receiver.StartAsync();
        await using var everything = await Receiver.StartAsync();
        await using var disabled = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = messages.Url, eventTypes = new[] { "message.created" } });
        await admin.CreateEndpointAsync(app, new { url = calls.Url, eventTypes = new[] { "call.*" } });
        await admin.CreateEndpointAsync(app, new { url = everything.Url });
        await admin.CreateEndpointAsync(app, new { url = disabled.Url, enabled = false });

        await admin.PostEventAsync(app, Evt("m1", "message.created"));
        await admin.PostEventAsync(app, Evt("c1", "call.initiated"));
        await admin.PostEventAsync(app, Evt("r1", "reaction.added"));

        await ApiExtensions.Eventually(() => Task.FromResult(everything.Requests.Count == 3), TimeSpan.FromSeconds(10), "all three reach the catch-all");
        await Task.Delay(300);
        string Types(Receiver r) => string.Join(",", r.Requests.Select(q => JsonDocument.Parse(q.Body).RootElement.GetProperty("type").GetString()).Order());
        Assert.Equal("message.created", Types(messages));
        Assert.Equal("call.initiated", Types(calls));
        Assert.Equal("call.initiated,message.created,reaction.added", Types(everything));
        Assert.Empty(disabled.Requests);
    }
}
