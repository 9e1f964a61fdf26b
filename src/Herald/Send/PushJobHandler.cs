using Herald.Queue.Jobs;
using Herald.Storage;

namespace Herald.Send;

/// <summary>
/// Runs "push" jobs: one rendered push to its device (or custom target) through <see cref="PushSender"/>. Counted in
/// monitoring under its provider. Throttle summaries are sent the same way (<see cref="SummaryJobHandler"/>).
/// </summary>
public class PushJobHandler(IHeraldStore store, PushSender sender) : IJobHandler
{
    public virtual string Kind => "push";
    public RollupKey? RollupOf(ClaimedDelivery job) => new RollupKey(job.AppId, job.Provider ?? "unknown", "");

    /// <summary>The devices the batch's jobs target, one query per app rather than one per push.</summary>
    public async Task<object?> PrepareAsync(IReadOnlyList<ClaimedDelivery> jobs, CancellationToken ct)
    {
        var devices = new Dictionary<(string AppId, string DeviceId), DeviceRecord>();
        foreach (var app in jobs.Where(j => j.DeviceId is not null).GroupBy(j => j.AppId))
            foreach (var d in await store.GetDevicesAsync(app.Key, app.Select(j => j.DeviceId!).Distinct().ToList(), ct))
                devices[(d.AppId, d.DeviceId)] = d;
        return devices;
    }

    public async Task<JobResult> RunAsync(ClaimedJob job, CancellationToken ct)
    {
        var push = job.Delivery;
        var device = push.DeviceId is null ? null
            : (job.Prepared as Dictionary<(string AppId, string DeviceId), DeviceRecord>)?.GetValueOrDefault((push.AppId, push.DeviceId));
        var outcome = await sender.SendAsync(push, device, ct);
        if (outcome.Kind == OutcomeKind.Dead) await sender.GivenUpAsync(push, outcome, ct);
        return outcome;
    }
}
