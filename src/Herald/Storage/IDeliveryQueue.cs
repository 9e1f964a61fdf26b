namespace Herald.Storage;

/// <summary>The delivery queue's hot path: claims with leases, and the outcomes of what was sent.</summary>
public interface IDeliveryQueue
{
    /// <summary>
    /// Claims due jobs of both lanes (first attempts, then retries, as <paramref name="request"/> bounds
    /// them) in one go: the lease is the job's next_attempt_at moved to the request's LeaseUntil, so a
    /// worker that dies simply lets the job fall due again. Oldest due first within each lane.
    /// </summary>
    Task<ClaimedBatch> ClaimAsync(ClaimRequest request, CancellationToken ct);
    Task RenewLeasesAsync(IReadOnlyCollection<long> seqs, string owner, long leaseUntil, CancellationToken ct);
    Task<long?> NextDueAtAsync(CancellationToken ct);
    /// <summary>Writes many outcomes in one transaction; outcomes whose lease was lost are ignored.</summary>
    Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, string owner, CancellationToken ct);
}

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
