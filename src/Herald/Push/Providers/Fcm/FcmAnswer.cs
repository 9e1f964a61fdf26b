using System.Text.Json;
using Herald.Queue;

namespace Herald.Push.Providers.Fcm;

public enum FcmVerdict { Delivered, Retry, Dead }

/// <summary>
/// What one messages:send answer means. FCM's error body is
/// {"error": {"code", "message", "status", "details": [{"@type": "…FcmError", "errorCode"}]}}; the
/// FcmError code is the precise one, the canonical status the fallback
/// (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode).
/// </summary>
/// <remarks><see cref="Code"/> is FCM's error code (UNREGISTERED, THIRD_PARTY_AUTH_ERROR…); monitoring counts failures by it.</remarks>
public sealed record FcmAnswer(FcmVerdict Verdict, string? Error, bool Prune = false, bool DropToken = false, TimeSpan? MinDelay = null, string? Code = null)
{
    /// <summary>Google's guidance for QUOTA_EXCEEDED: back off for at least a minute.</summary>
    public static readonly TimeSpan QuotaBackoff = TimeSpan.FromSeconds(60);

    public static FcmAnswer Read(HttpAttemptResult r, string projectId)
    {
        // HttpAttempt's timeout text ends with advice for webhook receivers; only its first part applies here.
        if (r.Status is not { } status) return new(FcmVerdict.Retry, $"FCM could not be reached: {r.Error?.Split("; ")[0]}; retrying.");
        if (r.Ok) return new(FcmVerdict.Delivered, null);
        var (code, message) = ErrorOf(r.Snippet);
        var said = $"FCM answered HTTP {status}" + (code is null ? "" : $" {code}") + (message is null ? "" : $" (\"{message}\")");
        // A bare status (no FCM error body) is judged by FCM's canonical status for it.
        code ??= status switch { 401 => "UNAUTHENTICATED", 403 => "PERMISSION_DENIED", 429 => "QUOTA_EXCEEDED", _ => null };
        return Judge(status, code, message, said, projectId) with { Code = code };
    }

    private static FcmAnswer Judge(int status, string? code, string? message, string said, string projectId) =>
        code switch
        {
            "UNREGISTERED" or "NOT_FOUND" => new(FcmVerdict.Dead,
                $"{said}: the app was uninstalled or its registration token expired; the device was removed, and the app registers again with a fresh token when it next starts.",
                Prune: true),
            null when status == 404 => new(FcmVerdict.Dead,
                $"{said} without an FCM error: the URL is not FCM's messages:send; check Herald:Push:Fcm:BaseUrl. The device is kept."),
            "INVALID_ARGUMENT" when message?.Contains("registration token", StringComparison.OrdinalIgnoreCase) == true => new(FcmVerdict.Dead,
                $"{said}: the device's token is not an FCM registration token; the device was removed. Register the token the FCM SDK returns (getToken()).",
                Prune: true),
            "INVALID_ARGUMENT" => new(FcmVerdict.Dead,
                $"{said}: FCM refused the message itself. Usual causes: the message is over FCM's 4 KB limit (shorten the template, turn off " +
                "'include message object'), or a custom data key FCM reserves (from, notification, message_type, google.*, gcm.*)."),
            "SENDER_ID_MISMATCH" => new(FcmVerdict.Dead,
                $"{said}: the device's token belongs to another Firebase project than '{projectId}', the service account's. Upload the service " +
                "account of the project the app is built with (its google-services.json / GoogleService-Info.plist), or rebuild the app with this project's config."),
            "THIRD_PARTY_AUTH_ERROR" => new(FcmVerdict.Dead,
                $"{said}: the Firebase project's APNs credential (for iOS) or Web Push certificate (for web) is missing or wrong. Upload the APNs " +
                "auth key (.p8) under Firebase console → Project settings → Cloud Messaging → Apple app configuration (or fix the Web Push certificates there), then retry."),
            "UNAUTHENTICATED" => new(FcmVerdict.Retry, $"{said}: the access token was not accepted; a new one is fetched for the retry.", DropToken: true),
            "PERMISSION_DENIED" => new(FcmVerdict.Dead,
                $"{said}: the service account may not send with project '{projectId}'. Enable the Firebase Cloud Messaging API for the project in " +
                "Google Cloud, and give the service account the 'Firebase Cloud Messaging API Admin' role (or use the key Firebase generated)."),
            "QUOTA_EXCEEDED" or "RESOURCE_EXHAUSTED" => new(FcmVerdict.Retry,
                $"{said}: FCM's sending quota is used up; retrying after at least a minute.", MinDelay: QuotaBackoff),
            "UNAVAILABLE" or "INTERNAL" => new(FcmVerdict.Retry, $"{said}: FCM is overloaded or failed; retrying."),
            _ when status >= 500 => new(FcmVerdict.Retry, $"{said}; retrying."),
            _ => new(FcmVerdict.Dead, $"{said}."),
        };

    /// <summary>The FcmError code when there is one, else the canonical status; and FCM's message.</summary>
    private static (string? Code, string? Message) ErrorOf(string? body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body ?? "");
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
                return (null, null);
            string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            string? fcmCode = null;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
                foreach (var d in details.EnumerateArray())
                    if (d.ValueKind == JsonValueKind.Object && Text(d, "@type")?.EndsWith("FcmError", StringComparison.Ordinal) == true)
                        fcmCode ??= Text(d, "errorCode");
            return (fcmCode ?? Text(error, "status"), Text(error, "message"));
        }
        catch (JsonException)
        {
            return (null, null); // cut at the snippet's 1 KB, or not FCM's: judged by the status alone
        }
    }
}
