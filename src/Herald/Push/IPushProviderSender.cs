using Herald.Push.Credentials;
using Herald.Storage;

namespace Herald.Push;

/// <summary>Everything a provider sender needs for one job: the job, its credential (decrypted), the device if any, the payload.</summary>
public sealed record PushSendContext(ClaimedDelivery Job, CredentialRecord Credential, CredentialMaterial Material, DeviceRecord? Device, string Payload);

/// <summary>
/// One provider's sender. It maps every answer to an outcome: delivered, retry later, permanent
/// failure, or token dead (an outcome whose <see cref="DeliveryOutcome.Kind"/> is Dead and whose
/// PruneDevice flag the caller acts on).
/// </summary>
public interface IPushProviderSender
{
    string Provider { get; }
    Task<PushSendResult> SendAsync(PushSendContext context, CancellationToken ct);
}

/// <summary>An outcome, and whether the provider said the device's token is dead (prune it).</summary>
public sealed record PushSendResult(DeliveryOutcome Outcome, bool PruneDevice = false);
