using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Herald.Apps;
using Herald.Catalog;
using Herald.Kernel;
using Herald.Queue;
using Herald.Secrets;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Herald.Webhooks;

public static class WebhookEndpointsApi
{
    /// <summary>Create and update share one shape; on PATCH an absent field keeps its value.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record EndpointBody(
        [property: Url] string? Url, string? Description, string[]? EventTypes, bool? Enabled, int? RateLimitPerSecond, double? TimeoutSeconds, string? Secret);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record RotateBody(string? Secret);

    /// <summary>Replay's and recover's body: from when (the event's received time); dryRun only counts.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record ReplayBody(
        DateTimeOffset? Since,
        [property: Description("True: queue nothing and answer 200 with how many deliveries would be queued.")] bool? DryRun = null);

    public sealed record EndpointView(
        string Id, string Url, string Description, IReadOnlyList<string> EventTypes, bool Enabled, int RateLimitPerSecond,
        double TimeoutSeconds, string? DisabledReason, DateTimeOffset? FailingSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    /// <summary>Returned once on create, and by the explicit reveal call: the only places a secret is shown.</summary>
    public sealed record EndpointCreated(EndpointView Endpoint, string Secret);
    public sealed record SecretView(string Secret, int PreviousSecretsStillSigning);
    public sealed record ReplayResult(int Queued);
    /// <summary>A dry run's answer: how many deliveries the same call without dryRun would queue now.</summary>
    public sealed record ReplayPreview(int WouldQueue);

    public const string SecretFormatFix = "A secret is 'whsec_' followed by base64 of 24-64 random bytes; leave it out and Herald generates one.";
    public const int MaxRateLimit = 100_000;
    public const double MinTimeout = 0.1, MaxTimeout = 30;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/endpoints").WithTags("Webhook endpoints").RequireApp(KeyScopes.Admin);
        g.MapPost("/", Create).WithName("createEndpoint").WithSummary("Create a webhook endpoint (answers its whsec_ secret)");
        g.MapGet("/", List).WithName("listEndpoints").WithSummary("List the webhook endpoints");
        g.MapGet("/{id}", Get).WithName("getEndpoint").WithSummary("Get a webhook endpoint");
        g.MapPatch("/{id}", Update).WithName("updateEndpoint").WithSummary("Change a webhook endpoint (absent fields keep their value)");
        g.MapDelete("/{id}", Delete).WithName("deleteEndpoint").WithSummary("Delete a webhook endpoint");
        g.MapGet("/{id}/secret", RevealSecret).WithName("getEndpointSecret").WithSummary("Reveal the endpoint's current signing secret");
        g.MapPost("/{id}/secret/rotate", RotateSecret).WithName("rotateEndpointSecret").WithSummary("Rotate the signing secret (the old one signs too for a grace period)");
        g.MapPost("/{id}/replay", Replay).WithName("replayEndpoint")
            .WithSummary("Queue the endpoint's events since a time again (dryRun: only count them)");
        g.MapPost("/{id}/recover", Recover).WithName("recoverEndpoint")
            .WithSummary("Queue the endpoint's failed deliveries since a time again (dryRun: only count them)");
        return routes;
    }

    internal static EndpointView View(EndpointRecord e, TimeSpan defaultTimeout) => new(
        e.Id, e.Url, e.Description, e.EventTypes, e.Enabled, e.RateLimitPerSecond,
        (e.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : defaultTimeout).TotalSeconds, e.DisabledReason,
        e.FailingSince is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(e.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(e.UpdatedAt));

    private static async Task Validate(EndpointBody b, bool creating, UrlGuard guard, EventCatalog catalog, FieldErrors errors, CancellationToken ct)
    {
        if (creating || b.Url is not null)
            if (await guard.CheckAsync(b.Url, ct) is { } urlError) errors.Add("url", urlError);
        if (b.Description is { Length: > 500 }) errors.Add("description", "Keep the description to 500 characters.");
        if (b.EventTypes is not null)
        {
            if (b.EventTypes.Length > 200) errors.Add("eventTypes", "At most 200 filters; leave the list empty to receive every type.");
            for (var i = 0; i < b.EventTypes.Length; i++)
            {
                var t = b.EventTypes[i];
                var known = t is not null && (t.EndsWith(".*", StringComparison.Ordinal)
                    ? catalog.Events.Any(e => EventTypeFilter.Matches([t], e.Type))
                    : catalog.Find(t) is not null);
                if (!known)
                {
                    errors.Add($"eventTypes[{i}]", $"'{t}' matches no event type. Use a type or 'noun.*'; known types: {catalog.KnownTypesText}.");
                    break;
                }
            }
        }
        if (b.RateLimitPerSecond is < 0 or > MaxRateLimit)
            errors.Add("rateLimitPerSecond", $"Use 0 for no limit or a rate of 1-{MaxRateLimit} deliveries per second.");
        if (b.TimeoutSeconds is { } t2 && (double.IsNaN(t2) || t2 < MinTimeout || t2 > MaxTimeout))
            errors.Add("timeoutSeconds", $"Use a timeout between {MinTimeout} and {MaxTimeout} seconds (leave it out for the default).");
        if (b.Secret is not null && WebhookSecrets.Decode(b.Secret) is null)
            errors.Add("secret", SecretFormatFix);
    }

    internal static async Task<Results<Created<EndpointCreated>, ValidationProblem, ProblemHttpResult>> Create(
        string app, EndpointBody body, IHeraldStore store, UrlGuard guard, EventCatalog catalog, WebhookSecrets secrets,
        EndpointRegistry registry, IOptions<DeliveryOptions> delivery, TimeProvider time, Quotas quotas, CancellationToken ct)
    {
        if (await quotas.EndpointsAsync(app, ct) is { } over) return over;
        var errors = new FieldErrors();
        await Validate(body, creating: true, guard, catalog, errors, ct);
        if (errors.Any) return errors.ToProblem();

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var secret = body.Secret ?? WebhookSecrets.Generate();
        var record = new EndpointRecord(
            Ids.New("ep"), app, body.Url!, body.Description?.Trim() ?? "", body.EventTypes?.Distinct().ToArray() ?? [],
            body.Enabled ?? true, body.RateLimitPerSecond ?? 0, TimeoutMs(body.TimeoutSeconds), null, null, now, now);
        await store.CreateEndpointAsync(record, new EndpointSecretRecord(record.Id, secrets.Protect(secret), now, null), ct);
        registry.Invalidate(app, record.Id);
        return TypedResults.Created(ResourcePath.Of("v1", "apps", app, "endpoints", record.Id),
            new EndpointCreated(View(record, delivery.Value.WebhookTimeoutValue), secret));
    }

    private static int? TimeoutMs(double? seconds) => seconds is { } s ? (int)Math.Round(s * 1000) : null;

    internal static async Task<Ok<EndpointView[]>> List(string app, IHeraldStore store, IOptions<DeliveryOptions> delivery, CancellationToken ct) =>
        TypedResults.Ok((await store.ListEndpointsAsync(app, ct)).Select(e => View(e, delivery.Value.WebhookTimeoutValue)).ToArray());

    private static async Task<Results<Ok<EndpointView>, ProblemHttpResult>> Get(
        string app, string id, IHeraldStore store, IOptions<DeliveryOptions> delivery, CancellationToken ct) =>
        await store.GetEndpointAsync(app, id, ct) is { } e ? TypedResults.Ok(View(e, delivery.Value.WebhookTimeoutValue)) : NotFound(app, id);

    private static ProblemHttpResult NotFound(string app, string id) =>
        Problems.NotFound($"Endpoint '{id}' was not found in app '{app}'. List them with GET /v1/apps/{app}/endpoints.");

    internal static async Task<Results<Ok<EndpointView>, ValidationProblem, ProblemHttpResult>> Update(
        string app, string id, EndpointBody body, IHeraldStore store, UrlGuard guard, EventCatalog catalog,
        EndpointRegistry registry, IOptions<DeliveryOptions> delivery, TimeProvider time, CancellationToken ct)
    {
        var existing = await store.GetEndpointAsync(app, id, ct);
        if (existing is null) return NotFound(app, id);
        var errors = new FieldErrors();
        if (body.Secret is not null) errors.Add("secret", "Change the secret with POST .../secret/rotate, which keeps the old one signing for a grace period.");
        await Validate(body, creating: false, guard, catalog, errors, ct);
        if (errors.Any) return errors.ToProblem();

        var enabled = body.Enabled ?? existing.Enabled;
        var reEnabled = enabled && !existing.Enabled;
        var updated = existing with
        {
            Url = body.Url ?? existing.Url,
            Description = body.Description?.Trim() ?? existing.Description,
            EventTypes = body.EventTypes?.Distinct().ToArray() ?? existing.EventTypes,
            Enabled = enabled,
            RateLimitPerSecond = body.RateLimitPerSecond ?? existing.RateLimitPerSecond,
            TimeoutMs = body.TimeoutSeconds is not null ? TimeoutMs(body.TimeoutSeconds) : existing.TimeoutMs,
            // Turning an endpoint back on forgets why it was off and starts its health afresh.
            DisabledReason = reEnabled ? null : enabled ? existing.DisabledReason : existing.DisabledReason ?? "disabled by an operator",
            FailingSince = reEnabled ? null : existing.FailingSince,
            UpdatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        if (!await store.UpdateEndpointAsync(updated, ct)) return NotFound(app, id);
        registry.Invalidate(app, id);
        return TypedResults.Ok(View(updated, delivery.Value.WebhookTimeoutValue));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string app, string id, IHeraldStore store, EndpointRegistry registry, TimeProvider time, CancellationToken ct)
    {
        if (!await store.DeleteEndpointAsync(app, id, time.GetUtcNow().ToUnixTimeMilliseconds(), ct)) return NotFound(app, id);
        registry.Invalidate(app, id);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<SecretView>, ProblemHttpResult>> RevealSecret(
        string app, string id, IHeraldStore store, WebhookSecrets secrets, TimeProvider time, CancellationToken ct)
    {
        if (await store.GetEndpointAsync(app, id, ct) is null) return NotFound(app, id);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var live = (await store.ListEndpointSecretsAsync(id, ct)).Where(s => s.ExpiresAt is null || s.ExpiresAt > now).ToList();
        string secret;
        // Handled here, not only by the API's exception handler: the console calls this handler directly.
        try { secret = secrets.Unprotect(live[0].EncryptedSecret); }
        catch (System.Security.Cryptography.CryptographicException) { return UnreadableSecret.Problem(); }
        return TypedResults.Ok(new SecretView(secret, live.Count - 1));
    }

    internal static async Task<Results<Ok<SecretView>, ValidationProblem, ProblemHttpResult>> RotateSecret(
        string app, string id, RotateBody? body, IHeraldStore store, WebhookSecrets secrets, EndpointRegistry registry,
        IOptions<WebhookOptions> options, TimeProvider time, Quotas quotas, CancellationToken ct)
    {
        if (await store.GetEndpointAsync(app, id, ct) is null) return NotFound(app, id);
        if (await quotas.SecretsAsync(id, time.GetUtcNow(), ct) is { } over) return over;
        if (body?.Secret is { } given && WebhookSecrets.Decode(given) is null)
            return Problems.Invalid("secret", SecretFormatFix);
        var now = time.GetUtcNow();
        var secret = body?.Secret ?? WebhookSecrets.Generate();
        var graceEnds = (now + options.Value.SecretRotationGraceValue).ToUnixTimeMilliseconds();
        await store.RotateEndpointSecretAsync(new EndpointSecretRecord(id, secrets.Protect(secret), now.ToUnixTimeMilliseconds(), null), graceEnds, ct);
        registry.Invalidate(app, id);
        var stillSigning = (await store.ListEndpointSecretsAsync(id, ct)).Count(s => s.ExpiresAt is { } e && e > now.ToUnixTimeMilliseconds());
        return TypedResults.Ok(new SecretView(secret, stillSigning));
    }

    internal static Task<Results<Accepted<ReplayResult>, Ok<ReplayPreview>, ValidationProblem, ProblemHttpResult>> Replay(
        string app, string id, ReplayBody? body, IHeraldStore store, DeliverySignal signal, TimeProvider time, Quotas quotas, CancellationToken ct) =>
        Requeue(app, id, body, "replay", store, signal, time, quotas, ct, (endpoint, since, now, dryRun) => dryRun
            ? store.CountReplayAsync(endpoint, since, ct)
            : store.ReplayAsync(endpoint, since, now, _ => Ids.New("msg"), ct));

    /// <summary>Only the failed deliveries go again: what the receiver already took is not sent twice.</summary>
    internal static Task<Results<Accepted<ReplayResult>, Ok<ReplayPreview>, ValidationProblem, ProblemHttpResult>> Recover(
        string app, string id, ReplayBody? body, IHeraldStore store, DeliverySignal signal, TimeProvider time, Quotas quotas, CancellationToken ct) =>
        Requeue(app, id, body, "recover", store, signal, time, quotas, ct,
            (endpoint, since, now, dryRun) => store.RecoverAsync(endpoint.AppId, endpoint.Id, since, now, dryRun, ct));

    private static async Task<Results<Accepted<ReplayResult>, Ok<ReplayPreview>, ValidationProblem, ProblemHttpResult>> Requeue(
        string app, string id, ReplayBody? body, string verb, IHeraldStore store, DeliverySignal signal, TimeProvider time, Quotas quotas,
        CancellationToken ct, Func<EndpointRecord, long, long, bool, Task<int>> run)
    {
        var endpoint = await store.GetEndpointAsync(app, id, ct);
        if (endpoint is null) return NotFound(app, id);
        if (body?.Since is not { } since)
            return Problems.Invalid("since", $"Give the time to {verb} from, e.g. {{ \"since\": \"2026-11-22T10:00:00Z\" }}.");
        var now = time.GetUtcNow();
        if (since > now) return Problems.Invalid("since", $"The time to {verb} from is in the future.");
        if (quotas.ReplayRange(since, now) is { } over) return over;
        var dryRun = body.DryRun ?? false;
        var count = await run(endpoint, since.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), dryRun);
        if (dryRun) return TypedResults.Ok(new ReplayPreview(count));
        if (count > 0) signal.Notify();
        return TypedResults.Accepted((string?)null, new ReplayResult(count));
    }
}
