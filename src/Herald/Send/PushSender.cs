using System.Collections.Concurrent;
using System.Security.Cryptography;
using Herald.Push;
using Herald.Push.Credentials;
using Herald.Push.Payloads;
using Herald.Queue;
using Herald.Secrets;
using Herald.Storage;

namespace Herald.Send;

/// <summary>
/// Sends one push job through its provider's sender, with the credential that is active when it is
/// sent (so activating a new certificate also fixes jobs already waiting for a retry). A job whose
/// device was unregistered, or whose provider has no active credential any more, is cancelled with
/// the reason; a dead token reported by the provider prunes the device.
/// </summary>
public sealed partial class PushSender(
    IHeraldStore store, ActiveCredentials credentials, CredentialSecrets secrets, IEnumerable<IPushProviderSender> senders,
    RetryPolicy retry, TimeProvider time, ILogger<PushSender> logger)
{
    private readonly Dictionary<string, IPushProviderSender> _senders = senders.ToDictionary(s => s.Provider, StringComparer.Ordinal);
    // Decrypting with Data Protection on every push cost a visible share of the send path; a
    // credential's material only changes with a new record (new id or UpdatedAt), so it is kept.
    private readonly ConcurrentDictionary<string, (long UpdatedAt, CredentialMaterial Material)> _materials = new(StringComparer.Ordinal);
    // Credentials found unreadable (key ring lost), by id and version: logged once, not once per push.
    private readonly ConcurrentDictionary<(string Id, long UpdatedAt), byte> _unreadableLogged = new();

    /// <param name="device">
    /// The job's device as registered now, looked up by the caller (the dispatcher loads a claimed batch's
    /// devices in one query); null when it is no longer registered or the job targets no device.
    /// </param>
    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery job, DeviceRecord? device, CancellationToken ct)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var provider = job.Provider ?? "";
        if (job.DeviceId is null) device = null;
        else if (device is null || device.DeviceId != job.DeviceId || device.Uid != job.Uid || device.Provider != provider)
            return Cancel(job, nowMs, "the device was unregistered (or moved to another user) before the push was sent");
        var active = await credentials.GetAsync(job.AppId, ct);
        var credential = device is null ? active.FirstOrDefault(c => c.Provider == provider) : ActiveCredentials.For(active, device.Platform, provider);
        if (credential is null)
            return Cancel(job, nowMs, $"no active {provider} credential; activate one under Settings → Push notifications → Certificates, then retry");
        if (!_senders.TryGetValue(provider, out var sender))
            return new DeliveryOutcome(job.Seq, OutcomeKind.Dead, nowMs, null, null,
                $"the {provider} sender is not part of this build yet; the job is kept and can be retried once it is");

        var payload = job.Kind == "summary"
            ? (job.Payload ?? "{}").Replace(PushPayloads.CollapsedCountToken, job.Collapsed.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : job.Payload ?? "{}";
        CredentialMaterial material;
        try { material = MaterialOf(credential); }
        catch (CryptographicException ex)
        {
            // Not an internal error to retry every few seconds: nothing changes until the ring is restored or the credential replaced.
            if (_unreadableLogged.TryAdd((credential.Id, credential.UpdatedAt), 0)) LogUnreadable(logger, credential.Provider, credential.Name, credential.Id, job.AppId, ex);
            return HttpAttempt.SecretUnreadable(job, UnreadableSecret.CredentialError(credential), retry, time.GetUtcNow());
        }
        var result = await sender.SendAsync(new PushSendContext(job, credential, material, device, payload), ct);
        if (result.PruneDevice && device is not null && await store.PruneDeviceAsync(job.AppId, device.DeviceId, device.Token, ct))
            LogPruned(logger, device.DeviceId, job.Uid ?? "", result.Outcome.Error ?? "");
        return result.Outcome;
    }

    private CredentialMaterial MaterialOf(CredentialRecord credential)
    {
        if (_materials.TryGetValue(credential.Id, out var cached) && cached.UpdatedAt == credential.UpdatedAt) return cached.Material;
        var material = secrets.Reveal(credential);
        _materials[credential.Id] = (credential.UpdatedAt, material);
        return material;
    }

    private static DeliveryOutcome Cancel(ClaimedDelivery job, long nowMs, string why) => new(job.Seq, OutcomeKind.Cancelled, nowMs, null, null, why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} of user {Uid} pruned: {Reason}")]
    private static partial void LogPruned(ILogger logger, string deviceId, string uid, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message =
        "The active {Provider} credential '{Name}' ({CredentialId}) of app {AppId} cannot be decrypted: the Data Protection key that encrypted it " +
        "is not in the key ring, so its pushes fail. Restore the key ring from the backup, or upload the credential again and activate it; " +
        "see docs/OPERATIONS.md, Runbook: key ring lost")]
    private static partial void LogUnreadable(ILogger logger, string provider, string name, string credentialId, string appId, Exception ex);
}
