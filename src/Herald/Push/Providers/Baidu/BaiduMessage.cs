using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Storage;

namespace Herald.Push.Providers.Baidu;

/// <summary>
/// The form of one REST 3.0 push/single_device request, from a job's provider-neutral payload
/// (PushPayloads.DevicePayload). Baidu serves Android only here: DeviceRules and the credential
/// rules refuse Baidu for iOS, so device_type is always 3 and deploy_status (iOS only) never sent.
/// </summary>
public static class BaiduMessage
{
    public const string AndroidDeviceType = "3", NotificationMsgType = "1";

    /// <summary>Baidu keeps an undelivered message for 1 s to 7 days; a ringing call is pointless after a minute.</summary>
    public const int MaxExpires = 604_800, CallExpires = 60;

    /// <summary>How long a signature stays valid after its timestamp (the PHP SDK's SIGN_EXPIRES).</summary>
    public static readonly TimeSpan SignatureLifetime = TimeSpan.FromMinutes(10);

    public static List<KeyValuePair<string, string>> Form(string apiKey, DeviceRecord device, string payload, DateTimeOffset now)
    {
        using var doc = JsonDocument.Parse(payload);
        var p = doc.RootElement;
        var ttl = p.TryGetProperty("ttlSeconds", out var t) && t.TryGetInt32(out var s) ? s : 86_400;
        var timestamp = now.ToUnixTimeSeconds();
        return
        [
            new("apikey", apiKey),
            new("timestamp", Invariant(timestamp)),
            new("expires", Invariant(timestamp + (long)SignatureLifetime.TotalSeconds)),
            new("device_type", AndroidDeviceType),
            new("channel_id", device.Token),
            new("msg_type", NotificationMsgType),
            new("msg", AndroidMsg(p)),
            new("msg_expires", Invariant(ttl <= 0 ? CallExpires : Math.Min(ttl, MaxExpires))),
        ];
    }

    /// <summary>An Android notification: title, description, and the notification's details as strings in custom_content.</summary>
    private static string AndroidMsg(JsonElement p)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("title", Text(p, "title") ?? "");
            w.WriteString("description", Text(p, "body") ?? "");
            w.WriteNumber("notification_basic_style", 7); // ring + vibrate + clearable, Baidu's default style
            w.WriteStartObject("custom_content");
            if (p.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object)
                foreach (var field in details.EnumerateObject())
                {
                    // Strings throughout, as with FCM's data, so an app reads both the same way.
                    if (field.Value.ValueKind == JsonValueKind.String) w.WriteString(field.Name, field.Value.GetString());
                    else if (field.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)) w.WriteString(field.Name, field.Value.GetRawText());
                }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string? Text(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
