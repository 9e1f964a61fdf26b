using System.Diagnostics;
using Herald.Storage;

namespace Herald.Queue.Jobs;

/// <summary>
/// Runs the claimed jobs of one kind (the delivery row's kind: "webhook", "push"…). Each feature registers its
/// handlers with <see cref="JobHandlerServices.AddJobHandler{THandler}"/>; the dispatcher only claims, leases,
/// runs and records, so a new kind is a new handler and no dispatcher change.
/// </summary>
public interface IJobHandler
{
    /// <summary>The kind of job it runs, as stored on the delivery row.</summary>
    string Kind { get; }

    /// <summary>Whether its jobs need the event's body: the dispatcher reads a claimed batch's bodies in one query.</summary>
    bool NeedsEventBody => false;

    /// <summary>Whether its attempts count for the health of the job's webhook endpoint (and can disable it).</summary>
    bool CountsForEndpointHealth => false;

    /// <summary>Where monitoring's rollups count the job's outcomes; null counts them nowhere.</summary>
    RollupKey? RollupOf(ClaimedDelivery job) => null;

    /// <summary>
    /// Called once per claimed batch with this kind's jobs, before any of them runs: what they share is loaded
    /// in one query for the batch rather than one per job (push loads the devices). Handed to each <see cref="RunAsync"/>.
    /// </summary>
    Task<object?> PrepareAsync(IReadOnlyList<ClaimedDelivery> jobs, CancellationToken ct) => Task.FromResult<object?>(null);

    /// <summary>Runs one claimed job. Cancellation means shutdown: the job is then not recorded and its lease runs out.</summary>
    Task<JobResult> RunAsync(ClaimedJob job, CancellationToken ct);
}

/// <summary>
/// One claimed job as its handler runs it: the row, the event's body (empty unless the handler needs it), what
/// <see cref="IJobHandler.PrepareAsync"/> loaded for its batch, the lease owner (for handlers that record the job
/// themselves) and the job's trace activity.
/// </summary>
public readonly record struct ClaimedJob(ClaimedDelivery Delivery, byte[] EventBody, object? Prepared, string LeaseOwner, Activity? Activity);

/// <summary>
/// What running a job came to: the outcome the dispatcher records, or none when the handler recorded the job
/// itself (a fan-out commits its completion with the jobs it made); <see cref="QueuedJobs"/> wakes the claim loop for them.
/// </summary>
public readonly record struct JobResult(DeliveryOutcome? Outcome, bool QueuedJobs = false)
{
    public static implicit operator JobResult(DeliveryOutcome outcome) => new(outcome);
}
