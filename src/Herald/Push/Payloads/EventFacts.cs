using System.Globalization;
using System.Text.Json;

namespace Herald.Push.Payloads;

/// <summary>What fan-out needs of an event, read from its stored webhook body.</summary>
public sealed record EventFacts(
    string Id, string Type, string? SenderUid, string? SenderName, string? SenderAvatar,
    string? ConversationType, string? ConversationId, string? ConversationName, string? ConversationAvatar,
    IReadOnlyList<string>? Recipients, JsonElement Data, long SentAtMs)
{
    public bool IsGroup => ConversationType == "group";

    public static EventFacts From(JsonElement body)
    {
        var sender = Obj(body, "sender");
        var conversation = Obj(body, "conversation");
        List<string>? recipients = null;
        if (body.TryGetProperty("recipients", out var r) && r.ValueKind == JsonValueKind.Array)
            recipients = r.EnumerateArray().Select(x => x.GetString()!).ToList();
        var at = Str(body, "occurredAt") ?? Str(body, "createdAt");
        var sentAt = at is not null && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeMilliseconds() : 0;
        return new EventFacts(
            Str(body, "id")!, Str(body, "type")!, Str(sender, "uid"), Str(sender, "name"), Str(sender, "avatar"),
            Str(conversation, "type"), Str(conversation, "id"), Str(conversation, "name"), Str(conversation, "avatar"),
            recipients, body.TryGetProperty("data", out var d) ? d : default, sentAt);
    }

    /// <summary>The envelope's conversationId: "group_{guid}", or the two uids in ordinal order joined by "_user_".</summary>
    public string? ConversationKeyFor(string recipient)
    {
        if (IsGroup) return ConversationId is null ? null : $"group_{ConversationId}";
        if (SenderUid is null) return null;
        return string.CompareOrdinal(SenderUid, recipient) <= 0 ? $"{SenderUid}_user_{recipient}" : $"{recipient}_user_{SenderUid}";
    }

    public string? DataString(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    private static JsonElement Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
