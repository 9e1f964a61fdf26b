using System.Text.Json;
using Herald.Catalog;
using Herald.Kernel;
using Herald.Send;
using Herald.Storage;
using Herald.Webhooks;

namespace Herald.WebConsole;

/// <summary>
/// The Webhooks page's "Send test": one signed POST of a sample event to one endpoint, now, through the
/// same <see cref="WebhookSender"/> (headers, signature with the endpoint's live secrets, SSRF guard,
/// timeout) as real deliveries, but outside the queue and the log, and to that endpoint only: ingesting a
/// sample event would also reach every other subscribed endpoint and could push to real users. A disabled
/// endpoint can be tested too (that is how a fix is checked before turning it back on); its rate limit is
/// not counted.
/// </summary>
public sealed class WebhookTestSend(EndpointRegistry registry, WebhookSender sender, EventCatalog catalog, TimeProvider time)
{
    public sealed record Result(string EventType, int? StatusCode, double DurationMs, bool Succeeded, string? Error, string? Response);

    public async Task<Result?> SendAsync(string appId, string endpointId, CancellationToken ct)
    {
        var runtime = await registry.GetAsync(appId, endpointId, ct);
        if (runtime is null) return null;
        var now = time.GetUtcNow();
        var type = SampleType(runtime.Record.EventTypes);
        var id = Ids.New("test");
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id, type, version = catalog.Find(type)?.SchemaVersion ?? 1, appId, createdAt = now.ToString("O"), occurredAt = now.ToString("O"), test = true,
            sender = new { uid = "herald-test", name = "Herald test" },
            conversation = new { id = "herald-test", type = "group", name = "Herald test" },
            recipients = Array.Empty<string>(),
            data = new { text = "A test event sent from the Herald console.", messageId = id },
        });
        var testable = new EndpointRuntime(runtime.Record with { Enabled = true },
            runtime.KeysAt(now.ToUnixTimeMilliseconds()).Select(k => (k, (long?)null)).ToList(), null, runtime.Timeout);
        var job = new ClaimedDelivery(0, Ids.New("msg"), appId, 0, endpointId, 0, 0);
        var outcome = await sender.SendAsync(job, testable, body, ct);
        var attempt = outcome.Attempt;
        return new Result(type, attempt?.StatusCode, attempt?.DurationMs ?? 0, outcome.Kind == OutcomeKind.Succeeded, attempt?.Error ?? outcome.Error, attempt?.Response);
    }

    /// <summary>The endpoint's first filter type ("noun.*" → the first catalog type it matches); message.created for an empty filter.</summary>
    private string SampleType(IReadOnlyList<string> filters)
    {
        foreach (var f in filters)
        {
            if (catalog.Find(f) is not null) return f;
            if (catalog.Events.FirstOrDefault(e => EventTypeFilter.Matches([f], e.Type)) is { } e) return e.Type;
        }
        return "message.created";
    }
}
