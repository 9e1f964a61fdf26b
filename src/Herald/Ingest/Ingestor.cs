using System.Text.Json;
using Herald.Apps;
using Herald.Catalog;
using Herald.Kernel;
using Herald.Queue;
using Herald.Route;
using Herald.Storage;
using Herald.Telemetry;

namespace Herald.Ingest;

/// <summary>
/// Validate every event (and, for an app with strictEventSchemas, its data against its type's schema), route
/// each (<see cref="EventRouter"/>), store all in one transaction, and start the deliveries this node leased as it
/// stored them (<see cref="DirectDispatch"/>) or wake the workers for the rest. One bad event refuses the
/// whole request, every mistake named by its path; nothing is stored.
/// </summary>
public sealed class Ingestor(
    EventParser parser, EventRouter router, IHeraldStore store, DeliverySignal signal, DirectDispatch direct, TimeProvider time, HeraldMetrics metrics,
    AppDirectory apps, EventSchemas schemas)
{
    /// <returns>The results in input order, or null with <paramref name="errors"/> filled (nothing stored).</returns>
    public async Task<IReadOnlyList<IngestResult>?> IngestAsync(
        string appId, IReadOnlyList<JsonElement> items, string path, FieldErrors errors, CancellationToken ct, bool allowInternal = false)
    {
        using var activity = HeraldTracing.StartIngest(appId, items.Count);
        var parsed = new List<ParsedEvent>(items.Count);
        // Herald's own events are not held to an app's strictness: the app cannot fix them.
        var strict = !allowInternal && (await apps.FindAsync(appId, ct))?.StrictEventSchemas == true;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = path.Length == 0 ? "" : $"{path}[{i}]";
            var p = parser.Parse(items[i], itemPath, errors, allowInternal);
            if (p is null) continue;
            parsed.Add(p);
            if (strict)
                foreach (var (field, fix) in schemas.Check(p.Type, p.Version, p.Source.TryGetProperty("data", out var data) ? data : default, itemPath))
                    errors.Add(field, fix);
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
        // With free slots, this node leases the new deliveries as it stores them and starts them at once (no claim).
        var wanted = toStore.Sum(e => e.Deliveries.Count);
        var lease = direct.OfferLease(wanted);
        IReadOnlyList<IngestResult> results;
        try
        {
            results = await store.IngestAsync(appId, toStore, ct, EventRepeats.Difference, lease);
        }
        catch
        {
            if (lease is not null) direct.ReturnLease(lease);
            throw;
        }
        if (lease is not null) await direct.StartLeasedAsync(lease);
        // After the events are durable, and again for a repeat (harmless): a deleted message leaves every unread count.
        foreach (var e in parsed)
            if (PushRouting.DeletedMessageOf(e) is { } messageId) await store.ForgetUnreadMessageAsync(appId, messageId, ct);
        for (var i = 0; i < results.Count; i++) metrics.Ingested(toStore[i].Type, results[i].Duplicate); // results are in input order
        HeraldTracing.Ingested(activity, results);
        if (wanted > (lease?.Leased.Count ?? 0)) signal.Notify(); // some wait in the table for a claim
        return results;
    }
}
