using Herald.Push;

namespace Herald.Monitoring;

public sealed partial class OperationalEvents : IPushFeedbackEvents
{
    /// <summary>
    /// herald.device.pruned. Only the caller whose prune removed the device tells it, so there is no state to swap;
    /// the event id is the push's delivery id, so a second telling (a lost lease re-running the job) is a harmless repeat.
    /// </summary>
    public Task DevicePrunedAsync(DevicePruned pruned, CancellationToken ct)
    {
        var (appId, deliveryId, uid, deviceId, provider, reason) = pruned;
        return PostAsync(appId, "herald.device.pruned", $"herald.device.pruned:{deliveryId}",
            new { uid, deviceId, provider, reason, deliveryId, fix = "Drop the token from your backend; the app registers a new one when it next starts." }, ct);
    }

    /// <summary>herald.push.failed, keyed by the delivery: a push is given up once.</summary>
    public Task PushFailedAsync(PushFailed failed, CancellationToken ct) =>
        PostAsync(failed.AppId, "herald.push.failed", $"herald.push.failed:{failed.DeliveryId}",
            new
            {
                failed.Uid, failed.DeviceId, failed.Provider, failed.Reason, failed.Code, failed.Status, failed.Attempts,
                failed.EventId, failed.EventType, failed.DeliveryId,
            }, ct);
}
