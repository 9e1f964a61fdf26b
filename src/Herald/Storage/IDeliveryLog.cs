namespace Herald.Storage;

/// <summary>What was delivered and how, for the API and console, and queueing a delivery or an endpoint's events again.</summary>
public interface IDeliveryLog
{
    Task<IReadOnlyList<DeliverySummary>> ListDeliveriesAsync(string appId, DeliveryQuery query, CancellationToken ct);
    /// <summary>
    /// The app's newest <paramref name="size"/> deliveries below <paramref name="before"/>, read from the index alone: the
    /// oldest seq among them, and whether there were that many (so older ones may remain); null when there are none.
    /// A bound for the filters no index serves in the log's order.
    /// </summary>
    Task<DeliveryWindow?> GetDeliveryWindowAsync(string appId, long? before, int size, CancellationToken ct);
    Task<DeliveryDetail?> GetDeliveryAsync(string appId, string id, CancellationToken ct);
    /// <summary>Queues a finished delivery again with a fresh retry schedule; false when it is still queued or unknown.</summary>
    Task<RequeueResult> RequeueDeliveryAsync(string appId, string id, long now, CancellationToken ct);
    /// <summary>Queues every event since <paramref name="since"/> that the endpoint's filter matches, again or for the first time.</summary>
    Task<int> ReplayAsync(EndpointRecord endpoint, long since, long now, Func<string, string> newDeliveryId, CancellationToken ct);
    /// <summary>How many deliveries <see cref="ReplayAsync"/> would queue now, queuing nothing.</summary>
    Task<int> CountReplayAsync(EndpointRecord endpoint, long since, CancellationToken ct);
    /// <summary>
    /// Queues the endpoint's failed webhook deliveries of events received since <paramref name="since"/> again, each
    /// with a fresh schedule (pending and succeeded ones are left alone); with <paramref name="dryRun"/> only counts them.
    /// </summary>
    Task<int> RecoverAsync(string appId, string endpointId, long since, long now, bool dryRun, CancellationToken ct);
}

public sealed record DeliveryWindow(long Floor, bool Full);

public enum RequeueResult { Queued, NotFound, AlreadyQueued }
/// <summary>
/// The log's filters. <see cref="From"/> (inclusive) and <see cref="To"/> (exclusive) bound the event's received time, in
/// unix ms; <see cref="HttpStatusFrom"/>-<see cref="HttpStatusTo"/> (inclusive) the last attempt's HTTP status;
/// <see cref="MinAttempts"/>-<see cref="MaxAttempts"/> (inclusive) the attempt count; <see cref="AtLeast"/> is a lowest seq
/// (inclusive, from <see cref="IDeliveryLog.GetDeliveryWindowAsync"/>).
/// </summary>
public sealed record DeliveryQuery(string? Status, string? EndpointId, string? Uid, string? Type, long? Before, int Limit, string? Kind = null, string? Provider = null)
{
    public string? EventId { get; init; }
    public long? From { get; init; }
    public long? To { get; init; }
    public int? HttpStatusFrom { get; init; }
    public int? HttpStatusTo { get; init; }
    public int? MinAttempts { get; init; }
    public int? MaxAttempts { get; init; }
    public long? AtLeast { get; init; }
}

public sealed record DeliverySummary(
    long Seq, string Id, string EventId, string EventType, string EndpointId, string? Uid, string Status,
    int AttemptCount, long? NextAttemptAt, int? LastStatusCode, string? LastError, long CreatedAt, long UpdatedAt,
    string Kind = "webhook", string? Provider = null, string? DeviceId = null, int Collapsed = 0);

public sealed record DeliveryDetail(DeliverySummary Delivery, string Payload, IReadOnlyList<AttemptRecord> Attempts);
