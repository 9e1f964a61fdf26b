using System.Text.Json;
using Herald.Catalog;
using Herald.Kernel;
using Herald.Queue;
using Herald.Route;
using Herald.Storage;
using Herald.Telemetry;

namespace Herald.Ingest;

/// <summary>Validate every event, route each (<see cref="EventRouter"/>), store all in one transaction, wake the workers.</summary>
public sealed class Ingestor(
    EventParser parser, EventRouter router, IHeraldStore store, DeliverySignal signal, TimeProvider time, HeraldMetrics metrics)
{
    /// <returns>The results in input order, or null with <paramref name="errors"/> filled (nothing stored).</returns>
    public async Task<IReadOnlyList<IngestResult>?> IngestAsync(
        string appId, IReadOnlyList<JsonElement> items, string path, FieldErrors errors, CancellationToken ct, bool allowInternal = false)
    {
        using var activity = HeraldTracing.StartIngest(appId, items.Count);
        var parsed = new List<ParsedEvent>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var p = parser.Parse(items[i], path.Length == 0 ? "" : $"{path}[{i}]", errors, allowInternal);
            if (p is not null) parsed.Add(p);
        }
        if (errors.Any) return null;

        var receivedAt = time.GetUtcNow();
        var ms = receivedAt.ToUnixTimeMilliseconds();
        var toStore = new List<NewEvent>(parsed.Count);
        foreach (var e in parsed)
        {
            var deliveries = await router.RouteAsync(appId, e, ct);
            toStore.Add(new NewEvent(e.Id, e.Type, e.Version, e.SenderUid, ms, EventParser.RenderWebhookBody(e, appId, receivedAt), deliveries,
                PushRouting.MembershipOf(e)));
        }
        var results = await store.IngestAsync(appId, toStore, ct, EventRepeats.Difference);
        // After the events are durable, and again for a repeat (harmless): a deleted message leaves every unread count.
        foreach (var e in parsed)
            if (PushRouting.DeletedMessageOf(e) is { } messageId) await store.ForgetUnreadMessageAsync(appId, messageId, ct);
        for (var i = 0; i < results.Count; i++) metrics.Ingested(toStore[i].Type, results[i].Duplicate); // results are in input order
        HeraldTracing.Ingested(activity, results);
        if (toStore.Any(e => e.Deliveries.Count > 0)) signal.Notify();
        return results;
    }
}
