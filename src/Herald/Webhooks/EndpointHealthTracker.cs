using Herald.Kernel;
using Herald.Queue;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Webhooks;

/// <summary>The health of webhook endpoints, from the outcomes the dispatcher records (<see cref="IEndpointHealth"/>).</summary>
public sealed partial class EndpointHealthTracker(
    IHeraldStore store, EndpointRegistry endpoints, IEndpointHealthEvents healthEvents, IOptions<DeliveryOptions> options,
    ILogger<EndpointHealthTracker> logger) : IEndpointHealth
{
    /// <summary>
    /// Endpoint health: the first failure after a success starts a run of failures; a success ends it;
    /// a run longer than DisableEndpointAfter disables the endpoint. Only each endpoint's state after the
    /// whole batch is written, and only when it changed: with 10 % of answers failing, a write per
    /// failure and per recovery would double the writes of the delivery bookkeeping.
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<(DeliveryOutcome Outcome, string AppId, string? EndpointId)> batch)
    {
        var disableAfter = (long)options.Value.DisableEndpointAfterValue.TotalMilliseconds;
        foreach (var run in batch.Where(b => b.Outcome.Attempt is not null && b.EndpointId is not null).GroupBy(b => (b.AppId, EndpointId: b.EndpointId!)))
        {
            var (appId, endpointId) = run.Key;
            var endpoint = await endpoints.GetAsync(appId, endpointId, CancellationToken.None);
            if (endpoint is null || !endpoint.Record.Enabled) continue;
            var failingSince = endpoint.FailingSince;
            var last = run.First().Outcome;
            foreach (var (outcome, _, _) in run)
            {
                failingSince = outcome.Kind == OutcomeKind.Succeeded ? null : failingSince ?? outcome.Attempt!.StartedAt;
                last = outcome;
            }
            if (failingSince is { } since && last.Now - since >= disableAfter)
            {
                endpoint.FailingSince = since;
                var sinceAt = DateTimeOffset.FromUnixTimeMilliseconds(since);
                var reason = $"failed continuously since {sinceAt:u} ({Durations.Format(TimeSpan.FromMilliseconds(last.Now - since))}); last error: {last.Attempt!.Error}";
                await store.SetEndpointHealthAsync(endpointId, since, reason, last.Now, CancellationToken.None);
                endpoints.Invalidate(appId, endpointId);
                LogEndpointDisabled(logger, endpointId, reason);
                await healthEvents.EndpointDisabledAsync(new EndpointDisabled(appId, endpointId, endpoint.Record.Url, reason, since), CancellationToken.None);
            }
            else if (failingSince != endpoint.FailingSince)
            {
                endpoint.FailingSince = failingSince;
                await store.SetEndpointHealthAsync(endpointId, failingSince, null, last.Now, CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {EndpointId} disabled: {Reason}")]
    private static partial void LogEndpointDisabled(ILogger logger, string endpointId, string reason);
}
