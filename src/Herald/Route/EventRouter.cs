using Herald.Catalog;
using Herald.Kernel;
using Herald.Storage;
using Herald.Webhooks;

namespace Herald.Route;

/// <summary>
/// The route stage: which deliveries one event makes. One per webhook endpoint of the app whose filter
/// matches its type, and one fan-out job when push applies (master toggle, the type's Allow toggle, an
/// active credential); the fan-out stage later expands that job into one push job per device.
/// </summary>
public sealed class EventRouter(EndpointRegistry endpoints, PushRouting push)
{
    public async Task<List<NewDelivery>> RouteAsync(string appId, ParsedEvent e, CancellationToken ct)
    {
        var targets = await endpoints.RouteAsync(appId, e.Type, ct);
        var deliveries = targets.Count == 0 ? [] : targets.Select(t => new NewDelivery(Ids.New("msg"), t.Id)).ToList();
        if (await push.ShouldFanOutAsync(appId, e, ct)) deliveries.Add(new NewDelivery(Ids.New("fan"), "fanout", "fanout"));
        return deliveries;
    }
}
