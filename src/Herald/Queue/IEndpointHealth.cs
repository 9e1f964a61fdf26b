using Herald.Storage;

namespace Herald.Queue;

/// <summary>
/// Told every recorded batch of outcomes, after they are written: webhook endpoints' health (runs of failures,
/// disabling) is kept by the webhooks feature, so the dispatcher needs to know nothing about endpoints.
/// <c>EndpointId</c> is null for jobs whose handler does not count for endpoint health.
/// </summary>
public interface IEndpointHealth
{
    Task RecordAsync(IReadOnlyList<(DeliveryOutcome Outcome, string AppId, string? EndpointId)> batch);
}
