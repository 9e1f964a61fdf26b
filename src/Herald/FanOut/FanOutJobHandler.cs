using System.Text;
using Herald.Queue.Jobs;
using Herald.Telemetry;

namespace Herald.FanOut;

/// <summary>
/// Runs "fanout" jobs: expands the event into push jobs with <see cref="PushFanOut"/>. A fan-out is no delivery:
/// it commits its own completion together with the jobs it made, so it hands the dispatcher nothing to record.
/// </summary>
public sealed class FanOutJobHandler(PushFanOut fanOut, HeraldMetrics metrics) : IJobHandler
{
    public string Kind => "fanout";
    public bool NeedsEventBody => true;

    public async Task<JobResult> RunAsync(ClaimedJob job, CancellationToken ct)
    {
        var result = await fanOut.RunAsync(job.Delivery, Encoding.UTF8.GetString(job.EventBody), job.LeaseOwner, ct);
        if (result.Completed) metrics.FannedOut(result.Jobs); // not completed: the lease was lost and another worker redoes it
        HeraldTracing.FannedOut(job.Activity, result.Jobs, result.Completed);
        return new JobResult(null, QueuedJobs: result.Jobs > 0);
    }
}
