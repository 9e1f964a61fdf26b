namespace Herald.Push;

/// <summary>
/// Told when a provider's answer prunes a device, and when a push is given up. Monitoring implements it (the
/// herald.device.pruned and herald.push.failed events, so the app's backend learns of dead tokens without
/// polling); an interface here rather than a call from Send into Monitoring for the reason
/// <c>IEndpointHealthEvents</c> gives: those events go back through ingest, above Send and Push.
/// </summary>
public interface IPushFeedbackEvents
{
    Task DevicePrunedAsync(DevicePruned pruned, CancellationToken ct);
    Task PushFailedAsync(PushFailed failed, CancellationToken ct);
}

/// <summary>A device removed because its provider said the token is dead; <see cref="DeliveryId"/> is the push that learned it.</summary>
public sealed record DevicePruned(string AppId, string DeliveryId, string Uid, string DeviceId, string Provider, string Reason);

/// <summary>
/// A push given up: a permanent failure or its last retry. <see cref="EventId"/> and <see cref="EventType"/> are the
/// event it was for (null when that event is no longer stored); <see cref="Code"/> is the provider's code when it gave one.
/// </summary>
public sealed record PushFailed(
    string AppId, string DeliveryId, string Uid, string? DeviceId, string Provider, string Reason, string? Code, int? Status, int Attempts,
    string? EventId, string? EventType);
