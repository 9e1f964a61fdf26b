namespace Herald.Storage;

/// <summary>What was delivered and how, for the API and console, and queueing a delivery or an endpoint's events again.</summary>
public interface IDeliveryLog
{
    Task<IReadOnlyList<DeliverySummary>> ListDeliveriesAsync(string appId, DeliveryQuery query, CancellationToken ct);
    Task<DeliveryDetail?> GetDeliveryAsync(string appId, string id, CancellationToken ct);
    /// <summary>Queues a finished delivery again with a fresh retry schedule; false when it is still queued or unknown.</summary>
    Task<RequeueResult> RequeueDeliveryAsync(string appId, string id, long now, CancellationToken ct);
    /// <summary>Queues every event since <paramref name="since"/> that the endpoint's filter matches, again or for the first time.</summary>
    Task<int> ReplayAsync(EndpointRecord endpoint, long since, long now, Func<string, string> newDeliveryId, CancellationToken ct);
}

public enum RequeueResult { Queued, NotFound, AlreadyQueued }
public sealed record DeliveryQuery(string? Status, string? EndpointId, string? Uid, string? Type, long? Before, int Limit, string? Kind = null, string? Provider = null);

public sealed record DeliverySummary(
    long Seq, string Id, string EventId, string EventType, string EndpointId, string? Uid, string Status,
    int AttemptCount, long? NextAttemptAt, int? LastStatusCode, string? LastError, long CreatedAt, long UpdatedAt,
    string Kind = "webhook", string? Provider = null, string? DeviceId = null, int Collapsed = 0);

public sealed record DeliveryDetail(DeliverySummary Delivery, string Payload, IReadOnlyList<AttemptRecord> Attempts);
