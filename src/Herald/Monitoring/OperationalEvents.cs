using System.Globalization;
using System.Text.Json;
using Herald.Ingest;
using Herald.Kernel;
using Herald.Storage;

namespace Herald.Monitoring;

/// <summary>
/// Herald's own events (herald.endpoint.disabled, herald.credential.expiring, herald.metric.alert),
/// posted through the same ingest as the app's events, so they are stored, routed to the endpoints
/// that subscribe to them by name, signed and retried like any other. Each is sent once per
/// transition: the state is swapped atomically in the store, and only the caller that changed it
/// posts the event, whichever node that is.
/// </summary>
public sealed partial class OperationalEvents(Ingestor ingestor, IHeraldStore store, TimeProvider time, ILogger<OperationalEvents> logger)
{
    /// <summary>Records <paramref name="state"/> under <paramref name="key"/>; posts the event when the state changed (a first "ok" is not a change).</summary>
    public async Task<bool> OnTransitionAsync(string appId, string key, string state, string type, Func<object> data, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var previous = await store.SwapAlertStateAsync(appId, key, state, now.ToUnixTimeMilliseconds(), ct);
        if (previous == state || (previous is null && state is "ok")) return false;
        await PostAsync(appId, type, $"{type}:{key}:{state}:{now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}", data(), ct);
        return true;
    }

    public async Task PostAsync(string appId, string type, string id, object data, CancellationToken ct)
    {
        using var doc = JsonSerializer.SerializeToDocument(new { id, type, occurredAt = time.GetUtcNow(), data }, JsonSerializerOptions.Web);
        var errors = new FieldErrors();
        if (await ingestor.IngestAsync(appId, [doc.RootElement], "", errors, ct, allowInternal: true) is null)
            LogRefused(logger, type, appId, errors.ToProblem().ProblemDetails.Detail ?? "");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Herald's own {Type} event for app {AppId} was refused by ingest: {Detail}")]
    private static partial void LogRefused(ILogger logger, string type, string appId, string detail);
}
