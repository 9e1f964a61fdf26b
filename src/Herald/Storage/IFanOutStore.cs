namespace Herald.Storage;

/// <summary>What a push fan-out writes: throttle counts and the push jobs it makes (unread counts are <see cref="IUnreadStore"/>).</summary>
public interface IFanOutStore
{
    /// <summary>
    /// Counts one push per uid in its current throttle window (a window older than <paramref name="windowMs"/>
    /// starts again at <paramref name="now"/>); atomic per uid. Returns, per uid, the count in the window
    /// including this one and the window's start.
    /// </summary>
    Task<IReadOnlyDictionary<string, ThrottleCount>> CountPushesAsync(string appId, IReadOnlyCollection<string> uids, long now, long windowMs, CancellationToken ct);
    /// <summary>
    /// Stores the push jobs of one fan-out and finishes the fan-out job, in one transaction, if this
    /// owner still holds its lease. Jobs whose target already has a job for the same event are skipped
    /// (a fan-out run twice adds nothing); a summary job (<see cref="NewPushJob.Summary"/>) that is already
    /// pending for its target counts one more collapsed push and takes the newer payload. The fan-out's
    /// own attempt (what it decided, for the log) is recorded too. Returns false when the lease was lost.
    /// </summary>
    Task<bool> CompleteFanOutAsync(long fanOutSeq, string owner, IReadOnlyList<NewPushJob> jobs, AttemptRecord attempt, long now, CancellationToken ct);
    /// <summary>
    /// Stores one chunk of a large fan-out's jobs ahead of <see cref="CompleteFanOutAsync"/>, so sending
    /// starts before the last chunk is written; the same rules, and false when the lease was lost.
    /// </summary>
    Task<bool> AddPushJobsAsync(long fanOutSeq, string owner, IReadOnlyList<NewPushJob> jobs, long now, CancellationToken ct);
}
