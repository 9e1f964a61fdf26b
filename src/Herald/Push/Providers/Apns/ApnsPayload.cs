using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Herald.Push.Providers.Apns;

/// <summary>One push as APNs takes it: the JSON body and what goes in the apns-* headers.</summary>
public sealed record ApnsPush(byte[] Body, string PushType, int Priority, int TtlSeconds, string? CollapseId)
{
    public bool IsVoip => PushType == "voip";
}

/// <summary>
/// Shapes the provider-neutral device payload (PushPayloads.DevicePayload) into APNs JSON: aps.alert
/// with the text (or the localization keys the app resolves), badge, sound, thread-id per
/// conversation, and the notification details beside aps for the app to read.
/// </summary>
public static class ApnsPayload
{
    public const int MaxBytes = 4096, MaxVoipBytes = 5120, MaxCollapseIdBytes = 64;

    /// <summary>The APNs push, or null with <paramref name="error"/> when it cannot be sent (too large).</summary>
    public static ApnsPush? Build(string devicePayload, out string? error)
    {
        // A group message gives every member's device the same payload: it is shaped once.
        if (s_last is { } last && string.Equals(last.Source, devicePayload, StringComparison.Ordinal))
        {
            error = null;
            return last.Push;
        }
        using var doc = JsonDocument.Parse(devicePayload);
        var p = doc.RootElement;
        var pushType = Text(p, "pushType") switch { "voip" => "voip", "background" => "background", _ => "alert" };
        var (buffer, w) = Writer();
        w.WriteStartObject();
        w.WriteStartObject("aps");
        if (pushType == "background") w.WriteNumber("content-available", 1);
        else WriteAlert(w, p, voip: pushType == "voip");
        w.WriteEndObject();
        if (p.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object)
            foreach (var field in details.EnumerateObject())
                if (!IsAlertField(field)) field.WriteTo(w);
        w.WriteEndObject();
        w.Flush();
        var limit = pushType == "voip" ? MaxVoipBytes : MaxBytes;
        if (buffer.WrittenCount > limit)
        {
            if (buffer.Capacity > 64 * 1024) t_buffer = null;
            error = $"payload is {buffer.WrittenCount} bytes; APNs accepts at most {MaxBytes} ({MaxVoipBytes} for VoIP), so it was not sent. " +
                    "Shorten the template, or turn off includeMessageObject (or trim the custom JSON) in the push settings.";
            return null;
        }
        error = null;
        var ttl = p.TryGetProperty("ttlSeconds", out var ttlValue) && ttlValue.TryGetInt32(out var s) && s > 0 ? s : 0;
        // Alerts and calls go out at once (10); a silent background push must be 5 or APNs refuses it.
        var priority = pushType == "background" ? 5 : 10;
        var body = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024) t_buffer = null; // one huge message must not pin its buffer for good
        var push = new ApnsPush(body, pushType, priority, ttl, CollapseId(Text(p, "collapseId")));
        s_last = new Shaped(devicePayload, push);
        return push;
    }

    private sealed record Shaped(string Source, ApnsPush Push);
    private static volatile Shaped? s_last;

    // Already in aps.alert; repeating them beside aps would only eat into the 4 KB. ("aps" itself is Apple's.)
    private static bool IsAlertField(JsonProperty f) =>
        f.NameEquals("title") || f.NameEquals("body") || f.NameEquals("titleLocKey") || f.NameEquals("titleLocArgs") ||
        f.NameEquals("bodyLocKey") || f.NameEquals("bodyLocArgs") || f.NameEquals("aps");

    // One writer and buffer per thread, reset for each push: shaping thousands of pushes a second
    // then allocates little more than the body itself.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) Writer()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        return (buffer, writer);
    }

    private static void WriteAlert(Utf8JsonWriter w, JsonElement p, bool voip)
    {
        w.WriteStartObject("alert");
        if (Text(p, "titleLocKey") is { } titleKey)
        {
            w.WriteString("title-loc-key", titleKey);
            CopyArray(w, p, "titleLocArgs", "title-loc-args");
        }
        else if (Text(p, "title") is { } title) w.WriteString("title", title);
        if (Text(p, "bodyLocKey") is { } bodyKey)
        {
            w.WriteString("loc-key", bodyKey);
            CopyArray(w, p, "bodyLocArgs", "loc-args");
        }
        else if (Text(p, "body") is { } body) w.WriteString("body", body);
        w.WriteEndObject();
        // PushKit hands a VoIP payload to the app as it is; badge, sound and grouping mean nothing there.
        if (voip) return;
        if (p.TryGetProperty("badge", out var badge) && badge.ValueKind == JsonValueKind.Number) w.WriteNumber("badge", badge.GetInt32());
        w.WriteString("sound", "default");
        if (Text(p, "threadId") is { } thread) w.WriteString("thread-id", thread);
        // Lets a notification service extension add the sender's avatar; without one iOS shows the alert as is.
        w.WriteNumber("mutable-content", 1);
    }

    private static void CopyArray(Utf8JsonWriter w, JsonElement p, string from, string to)
    {
        if (!p.TryGetProperty(from, out var items) || items.ValueKind != JsonValueKind.Array) return;
        w.WritePropertyName(to);
        items.WriteTo(w);
    }

    private static string? Text(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>
    /// APNs refuses a collapse id over 64 bytes, and a header carries ASCII only; any other conversation
    /// key is hashed, which keeps it stable and distinct.
    /// </summary>
    public static string? CollapseId(string? id)
    {
        if (string.IsNullOrEmpty(id)) return null;
        if (id.Length <= MaxCollapseIdBytes && id.All(c => c is > ' ' and < '\u007f')) return id;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }
}
