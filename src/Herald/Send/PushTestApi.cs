using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Herald.Apps;
using Herald.Kernel;
using Herald.Push;
using Herald.Push.Payloads;
using Herald.Push.Providers;
using Herald.Push.Templates;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Send;

/// <summary>
/// POST /push/test: sends a notification to one user now, outside the queue, and answers with what
/// went to which device (or to a recipient-level provider) and what each provider said.
/// </summary>
public static class PushTestApi
{
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record TestBody([property: Required] string? Uid, string? Title, string? Body);
    public sealed record TestTarget(string Provider, string? DeviceId, string? Platform, string Outcome, int? StatusCode, string? Error, string? Response, JsonElement Payload);
    public sealed record TestResult(string Uid, IReadOnlyList<TestTarget> Targets);

    public static IEndpointRouteBuilder MapPushTest(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/apps/{app}/push/test").WithTags("Push").RequireApp(KeyScopes.Admin).MapPost("/", Send)
            .WithName("sendTestPush").WithSummary("Send a test notification to a user now, outside the queue")
            .ProducesProblem(StatusCodes.Status409Conflict); // no active credential, or no device it can reach
        return routes;
    }

    internal static async Task<Results<Ok<TestResult>, ValidationProblem, ProblemHttpResult>> Send(
        string app, TestBody body, IHeraldStore store, ActiveCredentials credentials, PushSender sender, AppDirectory apps,
        TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body.Uid is not { Length: > 0 and <= 200 } uid || string.IsNullOrWhiteSpace(uid)) { errors.Add("uid", "Name the user to notify: their uid, 1-200 characters."); uid = ""; }
        if (body.Title is { Length: > TemplateRenderer.MaxBodyLength }) errors.Add("title", $"A title is at most {TemplateRenderer.MaxBodyLength} characters.");
        if (body.Body is { Length: > TemplateRenderer.MaxBodyLength }) errors.Add("body", $"A push body is at most {TemplateRenderer.MaxBodyLength} characters.");
        if (errors.Any) return errors.ToProblem();

        var active = await credentials.GetAsync(app, ct);
        if (active.Count == 0)
            return Problems.Conflict("No push credential is active for this app: add one under /push/credentials and activate it, then send the test again.");
        var now = time.GetUtcNow();
        var region = (await apps.FindAsync(app, ct))?.Region ?? "";
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            id = Ids.New("test"), type = "test", createdAt = now.ToString("O"),
            sender = new { uid = "herald", name = "Herald" }, conversation = new { type = "user", name = "Herald" },
        }));
        var facts = EventFacts.From(doc.RootElement);
        var text = new RenderedText(body.Title ?? "Test notification", body.Body ?? "Push notifications work for this device.");
        var n = new Notification(facts, text, uid, "chat", null, null, false, null);

        var jobs = new List<(ClaimedDelivery Job, DeviceRecord? Device)>();
        foreach (var p in PushProviders.RecipientProviders.Where(p => active.Any(c => c.Provider == p.Name)))
            jobs.Add((Job(app, uid, p.Name, null, p.RecipientPayload(n, app, region)), null));
        foreach (var d in await store.ListDevicesAsync(app, [uid], ct))
            if (ActiveCredentials.For(active, d.Platform, d.Provider) is not null)
                jobs.Add((Job(app, uid, d.Provider, d.DeviceId, PushPayloads.DevicePayload(n)), d));
        if (jobs.Count == 0)
            return Problems.Conflict($"User '{uid}' has no device registered for a provider with an active credential (and no {RecipientLevel} provider is active): register one with PUT /v1/apps/{app}/users/{uid}/devices/{{deviceId}}.");

        var targets = await Task.WhenAll(jobs.Select(async j =>
        {
            var outcome = await sender.SendAsync(j.Job, j.Device, ct);
            using var payload = JsonDocument.Parse(j.Job.Payload!);
            return new TestTarget(j.Job.Provider!, j.Device?.DeviceId, j.Device?.Platform, Describe(outcome.Kind), outcome.Attempt?.StatusCode,
                outcome.Error ?? outcome.Attempt?.Error, outcome.Attempt?.Response, payload.RootElement.Clone());
        }));
        return TypedResults.Ok(new TestResult(uid, targets));
    }

    private static string RecipientLevel => PushProviders.OneOf(PushProviders.RecipientProviders.Select(p => p.Name));

    // A test is one attempt: "retry" means the provider asked for a later try, which the test does not make.
    private static string Describe(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Succeeded => "delivered",
        OutcomeKind.Retry or OutcomeKind.Deferred => "failed (would be retried)",
        OutcomeKind.Cancelled => "not sent",
        _ => "failed",
    };

    private static ClaimedDelivery Job(string app, string uid, string provider, string? deviceId, string payload) =>
        new(0, Ids.New("test"), app, 0, "test", 0, 0, "push", provider, uid, deviceId, payload);
}
