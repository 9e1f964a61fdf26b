using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
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
/// the reason; a dead token reported by the provider prunes the device. Both a prune and a push given up are told
/// to <see cref="IPushFeedbackEvents"/> (the app's backend hears of them as herald.* events).
/// </summary>
public sealed partial class PushSender(
    IHeraldStore store, ActiveCredentials credentials, CredentialSecrets secrets, IEnumerable<IPushProviderSender> senders,
    IPushFeedbackEvents feedback, RetryPolicy retry, TimeProvider time, ILogger<PushSender> logger)
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
        {
            LogPruned(logger, device.DeviceId, job.Uid ?? "", result.Outcome.Error ?? "");
            await TellAsync(job, "herald.device.pruned", () => feedback.DevicePrunedAsync(
                new DevicePruned(job.AppId, job.Id, device.Uid, device.DeviceId, provider, result.Outcome.Error ?? ""), ct), ct);
        }
        return result.Outcome;
    }

    /// <summary>
    /// Tells herald.push.failed for a queued push whose outcome is Dead (a permanent failure or its last retry), with the
    /// event it was for. The queue's handlers call it, not <see cref="SendAsync"/>: a test push is nobody's delivery.
    /// </summary>
    public Task GivenUpAsync(ClaimedDelivery job, DeliveryOutcome outcome, CancellationToken ct) =>
        TellAsync(job, "herald.push.failed", async () =>
        {
            var body = (await store.GetEventPayloadsAsync([job.EventSeq], ct)).GetValueOrDefault(job.EventSeq);
            var (eventId, eventType) = EventOf(body);
            await feedback.PushFailedAsync(new PushFailed(job.AppId, job.Id, job.Uid ?? "", job.DeviceId, job.Provider ?? "",
                outcome.Error ?? "", outcome.Attempt?.Code, outcome.Attempt?.StatusCode, job.AttemptCount + (outcome.Attempt is null ? 0 : 1),
                eventId, eventType), ct);
        }, ct);

    /// <summary>
    /// The feedback events are a courtesy to the backend: a store error while posting one is logged, and the push's own
    /// outcome is still recorded (an exception here would leave the job to be claimed and sent again).
    /// </summary>
    private async Task TellAsync(ClaimedDelivery job, string type, Func<Task> tell, CancellationToken ct)
    {
        try { await tell(); }
        catch (Exception ex) when (!ct.IsCancellationRequested) { LogFeedbackFailed(logger, type, job.Id, job.AppId, ex); }
    }

    /// <summary>The id and type of the event a push was for, read from its stored webhook body.</summary>
    private static (string? Id, string? Type) EventOf(byte[]? body)
    {
        if (body is null) return (null, null);
        var reader = new Utf8JsonReader(body);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        return (root.TryGetProperty("id", out var id) ? id.GetString() : null, root.TryGetProperty("type", out var type) ? type.GetString() : null);
    }

    private CredentialMaterial MaterialOf(CredentialRecord credential)
    {
        if (_materials.TryGetValue(credential.Id, out var cached) && cached.UpdatedAt == credential.UpdatedAt) return cached.Material;
        var material = secrets.Reveal(credential);
        _materials[credential.Id] = (credential.UpdatedAt, material);
        return material;
    }

    private static DeliveryOutcome Cancel(ClaimedDelivery job, long nowMs, string why) => new(job.Seq, OutcomeKind.Cancelled, nowMs, null, null, why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Herald's own {Type} event for push {DeliveryId} of app {AppId} could not be posted; the push's outcome is recorded all the same")]
    private static partial void LogFeedbackFailed(ILogger logger, string type, string deliveryId, string appId, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} of user {Uid} pruned: {Reason}")]
    private static partial void LogPruned(ILogger logger, string deviceId, string uid, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message =
        "The active {Provider} credential '{Name}' ({CredentialId}) of app {AppId} cannot be decrypted: the Data Protection key that encrypted it " +
        "is not in the key ring, so its pushes fail. Restore the key ring from the backup, or upload the credential again and activate it; " +
        "see docs/OPERATIONS.md, Runbook: key ring lost")]
    private static partial void LogUnreadable(ILogger logger, string provider, string name, string credentialId, string appId, Exception ex);
}
