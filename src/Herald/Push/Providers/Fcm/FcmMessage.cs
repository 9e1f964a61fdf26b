using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Storage;

namespace Herald.Push.Providers.Fcm;

/// <summary>
/// Shapes a job's provider-neutral payload (PushPayloads.DevicePayload) into an FCM HTTP v1
/// messages:send body for one device.
/// </summary>
public static class FcmMessage
{
    public static byte[] Build(DeviceRecord device, string payload, DateTimeOffset now)
    {
        using var doc = JsonDocument.Parse(payload);
        var p = doc.RootElement;
        var keyMode = Text(p, "titleLocKey") is not null || Text(p, "bodyLocKey") is not null;
        var priority = p.TryGetProperty("priority", out var pr) && pr.TryGetInt32(out var v) ? v : 5;
        var ttl = p.TryGetProperty("ttlSeconds", out var t) && t.TryGetInt32(out var s) && s >= 0 ? s : 86_400;
        var collapse = Text(p, "collapseId");

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("message");
            w.WriteString("token", device.Token);
            if (!keyMode)
            {
                w.WriteStartObject("notification");
                w.WriteString("title", Text(p, "title") ?? "");
                w.WriteString("body", Text(p, "body") ?? "");
                w.WriteEndObject();
            }
            WriteData(w, p);
            WriteAndroid(w, p, keyMode, priority, ttl, collapse);
            if (device.Platform == "ios") WriteApns(w, p, keyMode, priority, ttl, collapse, now);
            if (device.Platform == "web") WriteWebpush(w, priority, ttl);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>FCM's data is a string→string map and nothing else: numbers and booleans as their text, objects and arrays as their JSON.</summary>
    private static void WriteData(Utf8JsonWriter w, JsonElement p)
    {
        w.WriteStartObject("data");
        if (p.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object)
            foreach (var field in details.EnumerateObject())
            {
                switch (field.Value.ValueKind)
                {
                    case JsonValueKind.String: w.WriteString(field.Name, field.Value.GetString()); break;
                    case JsonValueKind.Null or JsonValueKind.Undefined: break; // "null" would read as a value
                    default: w.WriteString(field.Name, field.Value.GetRawText()); break;
                }
            }
        w.WriteEndObject();
    }

    private static void WriteAndroid(Utf8JsonWriter w, JsonElement p, bool keyMode, int priority, int ttl, string? collapse)
    {
        w.WriteStartObject("android");
        // "high" wakes the device at once (a ringing call); FCM demotes apps that send it for ordinary messages.
        w.WriteString("priority", priority >= 10 ? "high" : "normal");
        if (collapse is not null) w.WriteString("collapse_key", collapse);
        w.WriteString("ttl", ttl.ToString(CultureInfo.InvariantCulture) + "s");
        if (keyMode)
        {
            w.WriteStartObject("notification");
            CopyKey(w, p, "titleLocKey", "title_loc_key", "titleLocArgs", "title_loc_args");
            CopyKey(w, p, "bodyLocKey", "body_loc_key", "bodyLocArgs", "body_loc_args");
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>FCM passes these to APNs for iOS devices; in key mode the alert's loc keys are only here.</summary>
    private static void WriteApns(Utf8JsonWriter w, JsonElement p, bool keyMode, int priority, int ttl, string? collapse, DateTimeOffset now)
    {
        w.WriteStartObject("apns");
        w.WriteStartObject("headers");
        w.WriteString("apns-priority", priority >= 10 ? "10" : "5");
        w.WriteString("apns-expiration", ttl == 0 ? "0" : (now.ToUnixTimeSeconds() + ttl).ToString(CultureInfo.InvariantCulture));
        if (collapse is not null && Encoding.UTF8.GetByteCount(collapse) <= 64) w.WriteString("apns-collapse-id", collapse); // APNs refuses longer
        w.WriteEndObject();
        w.WriteStartObject("payload");
        w.WriteStartObject("aps");
        if (keyMode)
        {
            w.WriteStartObject("alert");
            CopyKey(w, p, "titleLocKey", "title-loc-key", "titleLocArgs", "title-loc-args");
            CopyKey(w, p, "bodyLocKey", "loc-key", "bodyLocArgs", "loc-args");
            w.WriteEndObject();
        }
        if (Text(p, "threadId") is { } thread) w.WriteString("thread-id", thread);
        if (p.TryGetProperty("badge", out var badge) && badge.TryGetInt32(out var b)) w.WriteNumber("badge", b);
        w.WriteString("sound", "default");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteWebpush(Utf8JsonWriter w, int priority, int ttl)
    {
        w.WriteStartObject("webpush");
        w.WriteStartObject("headers");
        w.WriteString("TTL", ttl.ToString(CultureInfo.InvariantCulture));
        w.WriteString("Urgency", priority >= 10 ? "high" : "normal");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void CopyKey(Utf8JsonWriter w, JsonElement p, string key, string keyName, string args, string argsName)
    {
        if (Text(p, key) is not { } value) return;
        w.WriteString(keyName, value);
        w.WriteStartArray(argsName);
        if (p.TryGetProperty(args, out var a) && a.ValueKind == JsonValueKind.Array)
            foreach (var item in a.EnumerateArray()) w.WriteStringValue(item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText());
        w.WriteEndArray();
    }

    private static string? Text(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
