using System.Runtime.InteropServices;
using System.Text.Json;
using Herald.Apps;
using Herald.Kernel;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Herald.Ingest;

public static class EventsApi
{
    public sealed record EventAccepted(string Id, bool Duplicate);
    public sealed record BatchAccepted(int Accepted, int Duplicates, IReadOnlyList<EventAccepted> Events);

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/events").WithTags("Events").RequireApp(KeyScopes.Ingest);
        // Both read and check their own body (JsonBodyGuard would buffer it a second time).
        // 409: an id already used for another event (see EventRepeats).
        g.MapPost("/", IngestOne).WithName("ingestEvent").WithSummary("Ingest one event (its id is an idempotency key)").Accepts<IngestEventBody>("application/json").WithMetadata(JsonBodyGuard.ReadsOwnBody)
            .ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPost("/batch", IngestBatch).WithName("ingestEventBatch").WithSummary("Ingest up to 1,000 events / 16 MB at once").Accepts<IngestBatchBody>("application/json").WithMetadata(JsonBodyGuard.ReadsOwnBody)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    /// <summary>409: the id names another event. Nothing of the request was stored; the first event stands.</summary>
    private static ProblemHttpResult IdTaken(EventIdConflictException conflict, string path) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The event id is already taken",
            detail: $"{path}id: '{conflict.Id}' was already used for another event ({conflict.Difference}). The stored event is kept and " +
                    "nothing of this request was stored. Send the identical body to repeat it safely, or give this event a new id.",
            extensions: new Dictionary<string, object?> { ["field"] = $"{path}id", ["differences"] = conflict.Difference });

    private static async Task<Results<Accepted<EventAccepted>, ValidationProblem, ProblemHttpResult>> IngestOne(
        string app, HttpRequest request, Ingestor ingestor, IOptions<IngestOptions> limits, CancellationToken ct)
    {
        var max = limits.Value.MaxEventBytes;
        var body = await BodyReader.ReadAsync(request, max, ct);
        if (body is null) return Problems.TooLarge($"An event may be at most {max / 1024} KB; move large content out of the event and link to it.");
        using var doc = BodyReader.TryParse(body.Value, "Send the event as a JSON object with at least a 'type'.", out var parseError);
        if (doc is null) return Problems.Invalid(parseError!.Path, parseError.Fix);

        var errors = new FieldErrors();
        IReadOnlyList<IngestResult>? results;
        try { results = await ingestor.IngestAsync(app, [doc.RootElement], "", errors, ct); }
        catch (EventIdConflictException conflict) { return IdTaken(conflict, ""); }
        if (results is null) return errors.ToProblem();
        return TypedResults.Accepted((string?)null, new EventAccepted(results[0].Id, results[0].Duplicate));
    }

    private static async Task<Results<Accepted<BatchAccepted>, ValidationProblem, ProblemHttpResult>> IngestBatch(
        string app, HttpRequest request, Ingestor ingestor, IOptions<IngestOptions> limits, CancellationToken ct)
    {
        var o = limits.Value;
        var body = await BodyReader.ReadAsync(request, o.MaxBatchBytes, ct);
        if (body is null) return Problems.TooLarge($"A batch request may be at most {o.MaxBatchBytes / (1024 * 1024)} MB; split it into smaller batches.");
        using var doc = BodyReader.TryParse(body.Value, "Send { \"events\": [ ... ] } with 1 to " + o.MaxBatchEvents + " events.", out var parseError);
        if (doc is null) return Problems.Invalid(parseError!.Path, parseError.Fix);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            return Problems.Invalid("body", "The body is not a JSON object. Send { \"events\": [ ... ] } with 1 to " + o.MaxBatchEvents + " events.");
        if (!doc.RootElement.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
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
        IReadOnlyList<IngestResult>? results;
        try { results = await ingestor.IngestAsync(app, events, "events", errors, ct); }
        catch (EventIdConflictException conflict) { return IdTaken(conflict, $"events[{conflict.Index}]."); }
        if (results is null) return errors.ToProblem();
        var duplicates = results.Count(r => r.Duplicate);
        return TypedResults.Accepted((string?)null,
            new BatchAccepted(results.Count - duplicates, duplicates, results.Select(r => new EventAccepted(r.Id, r.Duplicate)).ToList()));
    }
}
