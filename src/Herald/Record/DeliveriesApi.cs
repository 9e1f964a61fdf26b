using System.ComponentModel;
using System.Text.Json;
using Herald.Apps;
using Herald.Kernel;
using Herald.Push.Providers;
using Herald.Queue;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Record;

public static class DeliveriesApi
{
    /// <summary>
    /// One delivery: a webhook (endpointId), a push job (provider, uid = the recipient, deviceId, target),
    /// a throttle summary (collapsed = how many pushes it stands for) or an event's fan-out.
    /// </summary>
    public sealed record DeliveryView(
        string Id, [property: ClosedSet(typeof(DeliveriesApi), nameof(Kinds))] string Kind, string EventId, string EventType, string? EndpointId, string? Provider, string? Uid, string? DeviceId,
        string? Target, int? Collapsed, [property: ClosedSet(typeof(DeliveriesApi), nameof(Statuses))] string Status, int Attempts,
        DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
    public sealed record AttemptView(int Attempt, DateTimeOffset StartedAt, double DurationMs, int? StatusCode, string Outcome, string? Error, string? Response);
    public sealed record DeliveryDetailView(DeliveryView Delivery, JsonElement Payload, IReadOnlyList<AttemptView> Attempts);
    public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, string? Next);

    /// <summary>How many deliveries a page filtered by time, HTTP status or attempts reads at most.</summary>
    internal const int ScanWindow = 10_000;

    private static readonly string[] Statuses = ["pending", "succeeded", "failed", "cancelled"];
    private static readonly string[] Kinds = ["webhook", "push", "summary", "fanout"];
    // The registered push providers, in the order the fan-out writes a recipient's jobs.
    private static string[] Providers => PushProviders.ListedNames;

    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/deliveries").WithTags("Deliveries").RequireApp(KeyScopes.Admin);
        g.MapGet("/", List).WithName("listDeliveries").WithSummary("Search the delivery log (paged by cursor)");
        g.MapGet("/{id}", Get).WithName("getDelivery").WithSummary("Get a delivery with its payload and every attempt");
        g.MapPost("/{id}/retry", Retry).WithName("retryDelivery").WithSummary("Queue a delivery again now")
            .ProducesProblem(StatusCodes.Status409Conflict); // already queued
        return routes;
    }

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    internal static DeliveryView View(DeliverySummary d)
    {
        var webhook = d.Kind == "webhook";
        var push = d.Kind is "push" or "summary";
        return new(d.Id, d.Kind, d.EventId, d.EventType, webhook ? d.EndpointId : null, d.Provider, d.Uid, d.DeviceId,
            push ? d.EndpointId : null, d.Kind == "summary" ? d.Collapsed : null, d.Status, d.AttemptCount,
            d.NextAttemptAt is { } n ? At(n) : null, d.LastStatusCode, d.LastError, At(d.CreatedAt), At(d.UpdatedAt));
    }

    internal static async Task<Results<Ok<DeliveryPage>, ValidationProblem>> List(
        string app, IHeraldStore store, CancellationToken ct,
        [ClosedSet(typeof(DeliveriesApi), nameof(Statuses))] string? status = null, string? endpointId = null, string? uid = null, string? type = null, string? cursor = null, int? limit = null,
        [ClosedSet(typeof(DeliveriesApi), nameof(Kinds))] string? kind = null, [ClosedSet(typeof(DeliveriesApi), nameof(Providers))] string? provider = null,
        [Description("One event's deliveries: the event's id as ingested.")] string? eventId = null,
        [Description("Deliveries of events received at or after this time (ISO 8601).")] DateTimeOffset? from = null,
        [Description("Deliveries of events received before this time (ISO 8601).")] DateTimeOffset? to = null,
        [Description("The last attempt's HTTP status: one (503) or a class (5xx).")] string? httpStatus = null,
        [Description("Deliveries attempted at least this many times.")] int? minAttempts = null,
        [Description("Deliveries attempted at most this many times (0: never attempted).")] int? maxAttempts = null)
    {
        var errors = new FieldErrors();
        if (from is not null && to is not null && to <= from) errors.Add("to", "Give a 'to' after 'from' (from is inclusive, to exclusive).");
        var statuses = httpStatus is null ? null : HttpStatusRange(httpStatus);
        if (httpStatus is not null && statuses is null) errors.Add("httpStatus", "Use an HTTP status such as 503, or a class such as 5xx (100-599).");
        if (minAttempts is < 0) errors.Add("minAttempts", "Use a count of 0 or more.");
        if (maxAttempts is < 0) errors.Add("maxAttempts", "Use a count of 0 or more.");
        if (minAttempts > maxAttempts) errors.Add("maxAttempts", "Give a 'maxAttempts' of at least 'minAttempts'.");
        if (kind is not null && !Kinds.Contains(kind)) errors.Add("kind", $"Use one of: {string.Join(", ", Kinds)}.");
        if (provider is not null && !Providers.Contains(provider)) errors.Add("provider", $"Use one of: {string.Join(", ", Providers)}.");
        if (status is not null && !Statuses.Contains(status)) errors.Add("status", $"Use one of: {string.Join(", ", Statuses)}.");
        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, out var c) && c > 0) before = c;
            else errors.Add("cursor", "Pass back the 'next' value of the previous page unchanged.");
        }
        if (limit is < 1 or > 500) errors.Add("limit", "Ask for 1-500 deliveries per page (default 50).");
        if (errors.Any) return errors.ToProblem();

        var pageSize = limit ?? 50;
        // Time, HTTP status and attempts have no index in the log's order: such a page reads at most ScanWindow
        // deliveries, newest first, so it may come back short (even empty) with a 'next' to go on from.
        DeliveryWindow? window = null;
        if (eventId is null && (from is not null || to is not null || statuses is not null || minAttempts is not null || maxAttempts is not null))
        {
            window = await store.GetDeliveryWindowAsync(app, before, ScanWindow, ct);
            if (window is null) return TypedResults.Ok(new DeliveryPage([], null));
        }
        var rows = await store.ListDeliveriesAsync(app, new DeliveryQuery(status, endpointId, uid, type, before, pageSize, kind, provider)
        {
            EventId = eventId, From = from?.ToUnixTimeMilliseconds(), To = to?.ToUnixTimeMilliseconds(),
            HttpStatusFrom = statuses?.From, HttpStatusTo = statuses?.To, MinAttempts = minAttempts, MaxAttempts = maxAttempts, AtLeast = window?.Floor,
        }, ct);
        var next = rows.Count == pageSize ? rows[^1].Seq : window is { Full: true } w ? w.Floor : (long?)null;
        return TypedResults.Ok(new DeliveryPage(rows.Select(View).ToList(), next?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>"503" is that status; "5xx" its class. Null when it is neither.</summary>
    internal static (int From, int To)? HttpStatusRange(string value)
    {
        if (value.Length == 3 && value[0] is >= '1' and <= '5' && value.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
            return ((value[0] - '0') * 100, (value[0] - '0') * 100 + 99);
        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            && code is >= 100 and <= 599 ? (code, code) : null;
    }

    internal static async Task<Results<Ok<DeliveryDetailView>, ProblemHttpResult>> Get(string app, string id, IHeraldStore store, CancellationToken ct)
    {
        var d = await store.GetDeliveryAsync(app, id, ct);
        if (d is null) return NotFound(app, id);
        using var payload = JsonDocument.Parse(d.Payload);
        return TypedResults.Ok(new DeliveryDetailView(View(d.Delivery), payload.RootElement.Clone(),
            d.Attempts.Select(a => new AttemptView(a.Attempt, At(a.StartedAt), a.DurationMs, a.StatusCode, a.Outcome, a.Error, a.Response)).ToList()));
    }

    private static ProblemHttpResult NotFound(string app, string id) =>
        Problems.NotFound($"Delivery '{id}' was not found in app '{app}'. Find deliveries with GET /v1/apps/{app}/deliveries.");

    internal static async Task<Results<Accepted, ProblemHttpResult>> Retry(
        string app, string id, IHeraldStore store, DeliverySignal signal, TimeProvider time, CancellationToken ct)
    {
        switch (await store.RequeueDeliveryAsync(app, id, time.GetUtcNow().ToUnixTimeMilliseconds(), ct))
        {
            case RequeueResult.NotFound: return NotFound(app, id);
            case RequeueResult.AlreadyQueued: return Problems.Conflict($"Delivery '{id}' is already queued; it will be attempted on its schedule.");
            default:
                signal.Notify();
                return TypedResults.Accepted($"/v1/apps/{app}/deliveries/{id}");
        }
    }
}
