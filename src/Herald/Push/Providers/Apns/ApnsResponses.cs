using System.Globalization;
using System.Text.Json;
using Herald.Queue;
using Herald.Storage;

namespace Herald.Push.Providers.Apns;

/// <summary>What became of one request to APNs: its answer, or the transport error that stopped it.</summary>
public sealed record ApnsAnswer(
    DateTimeOffset Started, double DurationMs, int? Status, string? Reason, string? ApnsId, string? Body, TimeSpan? RetryAfter, string? TransportError)
{
    /// <summary>The attempt log's response text: the apns-id APNs filed the push under, then its answer.</summary>
    public string? ResponseText => (ApnsId, Body) switch
    {
        (null, null or "") => null,
        (null, _) => Body,
        (_, null or "") => $"apns-id: {ApnsId}",
        _ => $"apns-id: {ApnsId} {Body}",
    };

    public static (string? Reason, long? Timestamp) ParseBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return (null, null);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var ts = root.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var v) ? v : (long?)null;
            return (reason, ts);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}

/// <summary>What Herald does about an answer.</summary>
public enum ApnsVerdict { Delivered, Retry, Permanent, PruneDevice, TokenExpired }

/// <summary>The facts an explanation names: which credential, environment and device the push went with.</summary>
public sealed record ApnsFacts(CredentialRecord Credential, DeviceRecord? Device, string Topic, string Host);

/// <summary>
/// Apple's status codes and reasons mapped to what Herald does, each with the words that say why and
/// what to fix: a dead token prunes the device; a credential problem fails at once (retrying cannot
/// help) naming the fix on the credential; throttling, Apple's own errors and the network retry.
/// </summary>
public static class ApnsResponses
{
    public static (ApnsVerdict Verdict, string? Error) Classify(ApnsAnswer a, ApnsFacts f)
    {
        if (a.TransportError is { } transport) return (ApnsVerdict.Retry, transport);
        if (a.Status == 200) return (ApnsVerdict.Delivered, null);
        var status = a.Status ?? 0;
        var reason = a.Reason;
        var said = reason is null ? $"APNs {status}" : $"APNs {status} {reason}";
        var credential = f.Credential;
        var d = credential.Details;
        return (status, reason) switch
        {
            (410, _) or (_, "Unregistered") => (ApnsVerdict.PruneDevice,
                $"{said}: the app was uninstalled or its notifications turned off on this device{Since(a.Body)}; the device is removed."),
            (_, "BadDeviceToken") => (ApnsVerdict.PruneDevice,
                $"{said}: the token is not valid at {f.Host}; a sandbox (development) token sent to production, or the reverse, is the usual cause: " +
                $"check the device's environment ('{f.Device?.Environment ?? "?"}') and the credential's ('{credential.Environment}'); development " +
                "builds need a sandbox credential, TestFlight and App Store builds a production one. The device is removed; the app registers it again."),
            (_, "DeviceTokenNotForTopic") => (ApnsVerdict.Permanent,
                $"{said}: this device's token belongs to another app than the credential's topic '{f.Topic}'. Set the credential's topic to the bundle id " +
                "of the app that registered the device (upload the credential again under Settings → Push notifications → Certificates)."),
            (_, "BadTopic" or "TopicDisallowed" or "MissingTopic") => (ApnsVerdict.Permanent,
                $"{said}: APNs does not accept the topic '{f.Topic}' for this {(d.AuthKind == "certificate" ? "certificate" : "key")}. The topic is the app's " +
                "bundle id (Herald adds .voip for calls), and the app must belong to the key's team; fix the credential's topic and upload it again."),
            (_, "InvalidProviderToken") => (ApnsVerdict.Permanent,
                $"{said}: Apple refused the token of key {d.KeyId} for team {d.TeamId}. Check on the credential that keyId and teamId belong to this .p8 " +
                "(Apple Developer → Keys, and Membership for the team), that the key has Apple Push Notifications service enabled and is not revoked, " +
                "and that this server's clock is right; then upload the credential again with the right values."),
            (_, "MissingProviderToken") => (ApnsVerdict.Permanent,
                $"{said}: the request carried neither a provider token nor a client certificate APNs accepts. Upload a .p8 key (token auth) or a " +
                "valid .p12 push certificate for this app and activate it."),
            (_, "BadCertificate") => (ApnsVerdict.Permanent,
                $"{said}: Apple refused the client certificate '{d.Subject}'; it may be revoked or not an Apple Push Notification service certificate. " +
                "Create a new one in Apple Developer → Certificates and upload its .p12, or switch to a .p8 key."),
            (_, "BadCertificateEnvironment") => (ApnsVerdict.Permanent,
                $"{said}: the certificate is for {d.CertificateEnvironment ?? "the other environment"} but the credential sends to {credential.Environment} " +
                $"({f.Host}). Upload it again with environment '{(credential.Environment == "sandbox" ? "production" : "sandbox")}', or upload the certificate of this environment."),
            (403, "ExpiredProviderToken") => (ApnsVerdict.TokenExpired, $"{said}: Apple called the provider token expired"),
            (429, "TooManyProviderTokenUpdates") => (ApnsVerdict.Retry,
                $"{said}: provider tokens for team {d.TeamId} were made too often (does another server use the same key?); retrying later with the current token."),
            (429, _) => (ApnsVerdict.Retry, $"{said}: too many pushes to this device in a short time; retrying later."),
            (>= 500, _) => (ApnsVerdict.Retry, $"{said}: Apple's service is unavailable for now; retrying later."),
            (413, _) or (_, "PayloadTooLarge") => (ApnsVerdict.Permanent,
                $"{said}: the payload is larger than APNs accepts; shorten the template or turn off includeMessageObject in the push settings."),
            (>= 400 and < 500, _) => (ApnsVerdict.Permanent, $"{said}: APNs refused the request{(a.Body is { Length: > 0 } b ? $" ({b})" : "")}; it is not retried."),
            _ => (ApnsVerdict.Retry, $"{said}: unexpected answer from {f.Host}; retrying later."),
        };
    }

    /// <summary>Turns the verdict into the job's outcome; a retry past the last scheduled one is dead-lettered.</summary>
    public static PushSendResult Outcome(ClaimedDelivery job, ApnsAnswer a, ApnsVerdict verdict, string? error, RetryPolicy retry)
    {
        var startedMs = a.Started.ToUnixTimeMilliseconds();
        var endMs = startedMs + (long)a.DurationMs;
        var delivered = verdict == ApnsVerdict.Delivered;
        var attempt = new AttemptRecord(job.AttemptCount + 1, startedMs, a.DurationMs, a.Status, delivered ? "succeeded" : "failed",
            delivered ? null : error, a.ResponseText, delivered ? null : a.Reason); // Apple's reason: what monitoring counts failures by
        switch (verdict)
        {
            case ApnsVerdict.Delivered:
                return new(new DeliveryOutcome(job.Seq, OutcomeKind.Succeeded, endMs, null, attempt, null));
            case ApnsVerdict.PruneDevice:
                return new(new DeliveryOutcome(job.Seq, OutcomeKind.Dead, endMs, null, attempt, error), PruneDevice: true);
            case ApnsVerdict.Permanent:
                return new(new DeliveryOutcome(job.Seq, OutcomeKind.Dead, endMs, null, attempt, error));
            default:
                var delay = retry.NextDelay(job.ScheduleIndex, a.RetryAfter);
                return delay is { } next
                    ? new(new DeliveryOutcome(job.Seq, OutcomeKind.Retry, endMs, endMs + (long)next.TotalMilliseconds, attempt, error))
                    : new(new DeliveryOutcome(job.Seq, OutcomeKind.Dead, endMs, null, attempt, $"{error} (gave up after {retry.MaxAttempts} attempts)"));
        }
    }

    private static string Since(string? body) => ApnsAnswer.ParseBody(body).Timestamp is { } ms
        ? " (the token has been inactive since " + DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ")"
        : "";
}
