using Herald.Queue.Jobs;
using Herald.Storage;
using Herald.Webhooks;

namespace Herald.Send;

/// <summary>Runs "webhook" jobs: the event's body to the job's endpoint, as the endpoint is configured when it is sent.</summary>
public sealed class WebhookJobHandler(EndpointRegistry endpoints, WebhookSender sender) : IJobHandler
{
    public string Kind => "webhook";
    public bool NeedsEventBody => true;
    public bool CountsForEndpointHealth => true;
    public RollupKey? RollupOf(ClaimedDelivery job) => new RollupKey(job.AppId, "webhook", job.EndpointId);

    public async Task<JobResult> RunAsync(ClaimedJob job, CancellationToken ct)
    {
        var endpoint = await endpoints.GetAsync(job.Delivery.AppId, job.Delivery.EndpointId, ct);
        return await sender.SendAsync(job.Delivery, endpoint, job.EventBody, ct);
    }
}
