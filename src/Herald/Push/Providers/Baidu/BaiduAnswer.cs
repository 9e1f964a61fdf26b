using System.Text.Json;
using Herald.Queue;

namespace Herald.Push.Providers.Baidu;

public enum BaiduVerdict { Delivered, Retry, Dead }

/// <summary>
/// What one Baidu answer means. Success is HTTP 200 {"request_id", "response_params": {"msg_id", …}};
/// an error is HTTP 4xx/5xx {"request_id", "error_code", "error_msg"}.
/// <para>
/// The codes, with the names Baidu's own Android Push SDK gives them (the error strings of
/// com.baidu.android.pushservice.PushConstants), and what Herald does with each:
/// </para>
/// <code>
/// 30600 Internal Server Error                  retry
/// 30601 Method Not Allowed                     dead (a Herald bug or a wrong BaseUrl)
/// 30602 Request Params Not Valid               dead (the message or the channel id is malformed)
/// 30603 Authentication Failed                  dead, credential diagnostic: API key / secret key
/// 30604 Quota Use Up Payment Required          retry (quotas reset; the schedule spans about a day and a half)
/// 30605 Data Required Not Found                dead: the application (API key) is unknown to Baidu
/// 30606 Request Time Expires Timeout           retry: the signature's timestamp was refused; a retry signs anew (check NTP)
/// 30607 Channel Token Timeout                  dead + prune: the channel id expired
/// 30608 Bind Relation Not Found                dead + prune: the channel id is not bound to this application
/// 30612 Application Forbidden, Need Whitelist  dead, credential diagnostic
/// 30613 App Need Inited First In Push-console  dead, credential diagnostic
/// 30699 Requests Are Too Frequent              retry
/// </code>
/// </summary>
/// <remarks><see cref="Code"/> is Baidu's error_code as text (30603…); monitoring counts failures by it.</remarks>
public sealed record BaiduAnswer(BaiduVerdict Verdict, string? Error, bool Prune = false, string? Code = null)
{
    private const string KeysFix =
        "Copy the API Key and Secret Key of the application the app is built with from the Baidu Push console (the application's details), " +
        "upload them as a new credential and activate it.";

    public static BaiduAnswer Read(HttpAttemptResult r)
    {
        // HttpAttempt's timeout text ends with advice for webhook receivers; only its first part applies here.
        if (r.Status is not { } status) return new(BaiduVerdict.Retry, $"Baidu could not be reached: {r.Error?.Split("; ")[0]}; retrying.");
        var (code, message) = ErrorOf(r.Snippet);
        if (r.Ok && code is null) return new(BaiduVerdict.Delivered, null);
        var said = $"Baidu answered HTTP {status}" + (code is null ? "" : $" error {code}") + (message is null ? "" : $" (\"{message}\")");
        return Judge(status, code, said) with { Code = code?.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    private static BaiduAnswer Judge(int status, int? code, string said) =>
        code switch
        {
            30603 => new(BaiduVerdict.Dead,
                $"{said}: Baidu did not accept the credential's signature. The API Key and Secret Key are not a pair of the same Baidu Push " +
                $"application (or the Secret Key was reset), or this server's clock is off. {KeysFix}"),
            30605 => new(BaiduVerdict.Dead, $"{said}: Baidu does not know the application of this API Key. {KeysFix}"),
            30612 or 30613 => new(BaiduVerdict.Dead,
                $"{said}: the Baidu Push application is not enabled for server pushes. Open it in the Baidu Push console and finish its set-up, then retry."),
            30607 or 30608 => new(BaiduVerdict.Dead,
                $"{said}: the device's channel id is expired or not bound to this application (the app was uninstalled or unbound); " +
                "the device was removed, and the app registers its new channel id when it next starts.",
                Prune: true),
            30601 or 30602 => new(BaiduVerdict.Dead, $"{said}: Baidu refused the request itself; check Herald:Push:Baidu:BaseUrl and the device's channel id."),
            30604 => new(BaiduVerdict.Retry, $"{said}: the application's Baidu Push quota is used up; retrying later."),
            30606 => new(BaiduVerdict.Retry, $"{said}: Baidu refused the request's timestamp; retrying. If it persists, synchronise this server's clock (NTP)."),
            30600 or 30699 => new(BaiduVerdict.Retry, $"{said}; retrying."),
            _ when status >= 500 || status == 429 => new(BaiduVerdict.Retry, $"{said}; retrying."),
            _ => new(BaiduVerdict.Dead, $"{said}."),
        };

    private static (int? Code, string? Message) ErrorOf(string? body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body ?? "");
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error_code", out var c) || !c.TryGetInt32(out var code)) return (null, null);
            return (code, root.TryGetProperty("error_msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
