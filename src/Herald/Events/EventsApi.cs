using System.Runtime.InteropServices;
using System.Text.Json;
using Herald.Apps;
using Herald.Delivery;
using Herald.Hosting;
using Herald.Monitoring.Telemetry;
using Herald.Push;
using Herald.Storage;
using Herald.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Herald.Events;

public static class EventsApi
{
    public sealed record EventAccepted(string Id, bool Duplicate);
    public sealed record BatchAccepted(int Accepted, int Duplicates, IReadOnlyList<EventAccepted> Events);

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/events").WithTags("Events").RequireApp(KeyScopes.Ingest);
        g.MapPost("/", IngestOne).Accepts<JsonElement>("application/json");
        g.MapPost("/batch", IngestBatch).Accepts<JsonElement>("application/json");
        return routes;
    }

    private static async Task<Results<Accepted<EventAccepted>, ValidationProblem, ProblemHttpResult>> IngestOne(
        string app, HttpRequest request, Ingestor ingestor, IOptions<IngestOptions> limits, CancellationToken ct)
    {
        var max = limits.Value.MaxEventBytes;
        var body = await BodyReader.ReadAsync(request, max, ct);
        if (body is null) return Problems.TooLarge($"An event may be at most {max / 1024} KB; move large content out of the event and link to it.");
        using var doc = BodyReader.TryParse(body.Value, out var parseError, "Send the event as a JSON object with at least a 'type'.");
        if (doc is null) return Problems.Invalid("body", parseError!);

        var errors = new FieldErrors();
        var results = await ingestor.IngestAsync(app, [doc.RootElement], "", errors, ct);
        if (results is null) return errors.ToProblem();
        return TypedResults.Accepted((string?)null, new EventAccepted(results[0].Id, results[0].Duplicate));
    }

    private static async Task<Results<Accepted<BatchAccepted>, ValidationProblem, ProblemHttpResult>> IngestBatch(
        string app, HttpRequest request, Ingestor ingestor, IOptions<IngestOptions> limits, CancellationToken ct)
    {
        var o = limits.Value;
        var body = await BodyReader.ReadAsync(request, o.MaxBatchBytes, ct);
        if (body is null) return Problems.TooLarge($"A batch request may be at most {o.MaxBatchBytes / (1024 * 1024)} MB; split it into smaller batches.");
        using var doc = BodyReader.TryParse(body.Value, out var parseError, "Send { \"events\": [ ... ] } with 1 to " + o.MaxBatchEvents + " events.");
        if (doc is null) return Problems.Invalid("body", parseError!);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
            return Problems.Invalid("events", "Send { \"events\": [ ... ] } with 1 to " + o.MaxBatchEvents + " events.");
        var count = list.GetArrayLength();
        if (count > o.MaxBatchEvents)
            return Problems.TooLarge($"events: {count} events in one batch; the limit is {o.MaxBatchEvents}. Split it into several batches.");
        if (count == 0) return Problems.Invalid("events", $"The batch is empty; send 1 to {o.MaxBatchEvents} events.");

        var events = new List<JsonElement>(count);
        var index = 0;
        foreach (var e in list.EnumerateArray())
        {
            if (JsonMarshal.GetRawUtf8Value(e).Length > o.MaxEventBytes)
                return Problems.TooLarge($"events[{index}] is larger than {o.MaxEventBytes / 1024} KB; move large content out of the event and link to it.");
            events.Add(e);
            index++;
        }
        var errors = new FieldErrors();
        var results = await ingestor.IngestAsync(app, events, "events", errors, ct);
        if (results is null) return errors.ToProblem();
        var duplicates = results.Count(r => r.Duplicate);
        return TypedResults.Accepted((string?)null,
            new BatchAccepted(results.Count - duplicates, duplicates, results.Select(r => new EventAccepted(r.Id, r.Duplicate)).ToList()));
    }
}

/// <summary>Validate every event, route each to its webhook endpoints, store all in one transaction, wake the workers.</summary>
public sealed class Ingestor(
    EventParser parser, EndpointRegistry endpoints, PushRouting push, IHeraldStore store, DeliverySignal signal, TimeProvider time, HeraldMetrics metrics)
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
            var targets = await endpoints.RouteAsync(appId, e.Type, ct);
            var deliveries = targets.Count == 0 ? [] : targets.Select(t => new NewDelivery(Ids.New("msg"), t.Id)).ToList();
            if (await push.ShouldFanOutAsync(appId, e, ct)) deliveries.Add(new NewDelivery(Ids.New("fan"), "fanout", "fanout"));
            toStore.Add(new NewEvent(e.Id, e.Type, e.Version, e.SenderUid, ms, EventParser.RenderWebhookBody(e, appId, receivedAt), deliveries,
                PushRouting.MembershipOf(e)));
        }
        var results = await store.IngestAsync(appId, toStore, ct);
        for (var i = 0; i < results.Count; i++) metrics.Ingested(toStore[i].Type, results[i].Duplicate); // results are in input order
        HeraldTracing.Ingested(activity, results);
        if (toStore.Any(e => e.Deliveries.Count > 0)) signal.Notify();
        return results;
    }
}

/// <summary>Reads a request body up to a limit, refusing larger ones without buffering them whole.</summary>
public static class BodyReader
{
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        var buffer = new MemoryStream(request.ContentLength is { } n ? (int)n : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body, out string? error, string expected)
    {
        error = null;
        if (body.Length == 0)
        {
            error = $"The body is empty. {expected}";
            return null;
        }
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            error = $"The body is not valid JSON ({ex.Message}). {expected}";
            return null;
        }
    }
}
