namespace Herald.Storage;

/// <summary>
/// The one store contract. SQLite implements it today; PostgreSQL will implement the same contract
/// and pass the same compliance tests. Times are unix milliseconds, taken from the caller's
/// TimeProvider so tests control the clock.
/// </summary>
public partial interface IHeraldStore
{
    Task MigrateAsync(CancellationToken ct);
    Task<bool> PingAsync(CancellationToken ct);
    /// <summary>
    /// Whether the database's disk has room again after a write failed for lack of it (<see cref="StorageSpace"/>):
    /// asked only while that state holds, so it may cost a write.
    /// </summary>
    Task<bool> HasRoomAsync(CancellationToken ct);

    Task<string?> GetMetaAsync(string key, CancellationToken ct);
    /// <summary>Sets the value only when the key is absent; returns the value that is stored afterwards.</summary>
    Task<string> SetMetaIfAbsentAsync(string key, string value, CancellationToken ct);

    // Apps and keys
    Task<bool> CreateAppAsync(AppRecord app, CancellationToken ct);
    Task<AppRecord?> GetAppAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken ct);
    Task CreateApiKeyAsync(ApiKeyRecord key, CancellationToken ct);
    Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string appId, CancellationToken ct);
    Task<bool> RevokeApiKeyAsync(string appId, string id, long now, CancellationToken ct);

    // Events: stored with their webhook deliveries in one transaction (202 only after commit).
    /// <param name="differs">
    /// For an id already taken: given the new event and the stored one's payload, how they differ, or null
    /// when it is the same event repeated. A difference throws <see cref="EventIdConflictException"/> and
    /// nothing of the batch is stored; it is asked inside the transaction, so two racing posts cannot both pass.
    /// </param>
    Task<IReadOnlyList<IngestResult>> IngestAsync(string appId, IReadOnlyList<NewEvent> events, CancellationToken ct,
        Func<NewEvent, string, string?>? differs = null);

    // Webhook endpoints
    Task CreateEndpointAsync(EndpointRecord endpoint, EndpointSecretRecord secret, CancellationToken ct);
    Task<EndpointRecord?> GetEndpointAsync(string appId, string id, CancellationToken ct);
    Task<IReadOnlyList<EndpointRecord>> ListEndpointsAsync(string? appId, CancellationToken ct);
    Task<bool> UpdateEndpointAsync(EndpointRecord endpoint, CancellationToken ct);
    /// <summary>Deletes the endpoint; its queued deliveries are cancelled, its history kept.</summary>
    Task<bool> DeleteEndpointAsync(string appId, string id, long now, CancellationToken ct);
    Task<IReadOnlyList<EndpointSecretRecord>> ListEndpointSecretsAsync(string endpointId, CancellationToken ct);
    /// <summary>Adds a new secret and makes every older unexpired one expire at <paramref name="oldExpiresAt"/>.</summary>
    Task RotateEndpointSecretAsync(EndpointSecretRecord newSecret, long oldExpiresAt, CancellationToken ct);
    /// <summary>Records that an endpoint started failing (or recovered: null), and disables it when told to.</summary>
    Task SetEndpointHealthAsync(string endpointId, long? failingSince, string? disabledReason, long now, CancellationToken ct);

    // Delivery queue
    /// <summary>
    /// Claims due jobs of both lanes (first attempts, then retries, as <paramref name="request"/> bounds
    /// them) in one go: the lease is the job's next_attempt_at moved to the request's LeaseUntil, so a
    /// worker that dies simply lets the job fall due again. Oldest due first within each lane.
    /// </summary>
    Task<ClaimedBatch> ClaimAsync(ClaimRequest request, CancellationToken ct);
    Task RenewLeasesAsync(IReadOnlyCollection<long> seqs, string owner, long leaseUntil, CancellationToken ct);
    Task<long?> NextDueAtAsync(CancellationToken ct);
    /// <summary>Event bodies by seq as the UTF-8 bytes that were stored: what a webhook sends, with no re-encoding.</summary>
    Task<IReadOnlyDictionary<long, byte[]>> GetEventPayloadsAsync(IReadOnlyCollection<long> eventSeqs, CancellationToken ct);
    /// <summary>Writes many outcomes in one transaction; outcomes whose lease was lost are ignored.</summary>
    Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, string owner, CancellationToken ct);

    // Visibility
    Task<IReadOnlyList<DeliverySummary>> ListDeliveriesAsync(string appId, DeliveryQuery query, CancellationToken ct);
    Task<DeliveryDetail?> GetDeliveryAsync(string appId, string id, CancellationToken ct);
    /// <summary>Queues a finished delivery again with a fresh retry schedule; false when it is still queued or unknown.</summary>
    Task<RequeueResult> RequeueDeliveryAsync(string appId, string id, long now, CancellationToken ct);
    /// <summary>Queues every event since <paramref name="since"/> that the endpoint's filter matches, again or for the first time.</summary>
    Task<int> ReplayAsync(EndpointRecord endpoint, long since, long now, Func<string, string> newDeliveryId, CancellationToken ct);
    Task<StoreCounts> CountAsync(CancellationToken ct);
}

public enum RequeueResult { Queued, NotFound, AlreadyQueued }

public sealed record AppRecord(string Id, string Name, string Region, long CreatedAt);

public sealed record ApiKeyRecord(string Id, string AppId, string Name, string Scope, byte[] Hash, long CreatedAt, long? RevokedAt);

/// <summary>An event ready to store: its webhook body is already rendered, its deliveries already routed.</summary>
public sealed record NewEvent(
    string Id, string Type, int Version, string? SenderUid, long ReceivedAt, string Payload, IReadOnlyList<NewDelivery> Deliveries,
    MembershipChange? Membership = null);

/// <summary>A webhook delivery (Kind "webhook", EndpointId the endpoint) or the event's push fan-out job (Kind "fanout").</summary>
public sealed record NewDelivery(string Id, string EndpointId, string Kind = "webhook");

/// <summary>A member event keeps the channel's member list current, in the same transaction as the event.</summary>
public sealed record MembershipChange(string ChannelId, string Uid, bool Joined);

public sealed record IngestResult(string Id, bool Duplicate);

/// <summary>An event id was used before for another event (see IHeraldStore.IngestAsync); the transaction was rolled back.</summary>
public sealed class EventIdConflictException(int index, string id, string difference)
    : Exception($"Event id '{id}' is already taken by another event ({difference}).")
{
    /// <summary>The event's position in the batch.</summary>
    public int Index { get; } = index;
    public string Id { get; } = id;
    public string Difference { get; } = difference;
}

public sealed record EndpointRecord(
    string Id, string AppId, string Url, string Description, IReadOnlyList<string> EventTypes, bool Enabled,
    int RateLimitPerSecond, int? TimeoutMs, string? DisabledReason, long? FailingSince, long CreatedAt, long UpdatedAt);

/// <summary>A signing secret, encrypted by the caller before it reaches the store.</summary>
public sealed record EndpointSecretRecord(string EndpointId, byte[] EncryptedSecret, long CreatedAt, long? ExpiresAt);

/// <summary>
/// A claimed job. <see cref="Kind"/> is "webhook" (EndpointId is the endpoint), "fanout" (expand the
/// event into push jobs), "push" or "summary" (EndpointId is the push target; Payload is what to send).
/// </summary>
public sealed record ClaimedDelivery(
    long Seq, string Id, string AppId, long EventSeq, string EndpointId, int ScheduleIndex, int AttemptCount,
    string Kind = "webhook", string? Provider = null, string? Uid = null, string? DeviceId = null, string? Payload = null, int Collapsed = 0);

/// <summary>
/// What a worker asks for: up to <see cref="FirstLimit"/> first attempts (lane 0), then up to <see cref="RetryLimit"/>
/// retries (lane 1), and no more than <see cref="TotalLimit"/> together.
/// </summary>
public sealed record ClaimRequest(long Now, long LeaseUntil, string Owner, int FirstLimit, int RetryLimit, int TotalLimit)
{
    /// <summary>How many retries may follow <paramref name="firstClaimed"/> first attempts.</summary>
    public int RetriesAfter(int firstClaimed) => Math.Max(0, Math.Min(RetryLimit, TotalLimit - firstClaimed));
}

/// <summary>The jobs of one claim, by lane.</summary>
public sealed record ClaimedBatch(IReadOnlyList<ClaimedDelivery> First, IReadOnlyList<ClaimedDelivery> Retries)
{
    public int Count => First.Count + Retries.Count;
}

public enum OutcomeKind { Succeeded, Retry, Dead, Deferred, Cancelled }

/// <summary>What happened to one claimed job. <see cref="Attempt"/> is null when no request was made (deferred, cancelled).</summary>
public sealed record DeliveryOutcome(long Seq, OutcomeKind Kind, long Now, long? NextAttemptAt, AttemptRecord? Attempt, string? Error)
{
    /// <summary>Where monitoring's rollups count it, as the job's handler says (a fan-out is no delivery: null, counted nowhere).</summary>
    public RollupKey? Rollup { get; init; }
}

/// <summary>One attempt. <see cref="Code"/> is the provider's reason (BadDeviceToken, UNREGISTERED…) when it gave one; monitoring counts by it.</summary>
public sealed record AttemptRecord(int Attempt, long StartedAt, double DurationMs, int? StatusCode, string Outcome, string? Error, string? Response, string? Code = null);

public sealed record DeliveryQuery(string? Status, string? EndpointId, string? Uid, string? Type, long? Before, int Limit, string? Kind = null, string? Provider = null);

public sealed record DeliverySummary(
    long Seq, string Id, string EventId, string EventType, string EndpointId, string? Uid, string Status,
    int AttemptCount, long? NextAttemptAt, int? LastStatusCode, string? LastError, long CreatedAt, long UpdatedAt,
    string Kind = "webhook", string? Provider = null, string? DeviceId = null, int Collapsed = 0);

public sealed record DeliveryDetail(DeliverySummary Delivery, string Payload, IReadOnlyList<AttemptRecord> Attempts);

public sealed record StoreCounts(long Apps, long Events, long Endpoints, long Deliveries);
