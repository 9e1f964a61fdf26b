using System.Text.Json;
using Herald.Catalog;

namespace Herald.Push.Templates;

/// <summary>Placeholder values of an event, taken from its stored webhook body.</summary>
public static class TemplateValues
{
    /// <summary>What a sensitive event shows instead of its content.</summary>
    public const string HiddenContent = "New message";

    // The data fields that carry what a user wrote, as opposed to names and ids.
    private static readonly string[] ContentFields = ["text", "message", "body", "content"];

    /// <summary>
    /// Every string, number and true/false at the top level of data, then the names Herald derives
    /// (senderName, conversationName, callType…), which win over data fields of the same name.
    /// An event the catalog marks sensitive and that asks for it (data.sensitive = true) shows
    /// <see cref="HiddenContent"/> in place of its text: the lock screen gets names, never the words.
    /// </summary>
    public static Dictionary<string, string> FromEvent(JsonElement webhookBody, CatalogEvent catalogEvent)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var data = Section(webhookBody, "data");
        if (data is { } d)
            foreach (var p in d.EnumerateObject())
            {
                var text = Scalar(p.Value);
                if (text is not null) values[p.Name] = text;
            }

        var sender = Section(webhookBody, "sender");
        var senderUid = String(sender, "uid");
        Set(values, "senderUid", senderUid);
        Set(values, "senderName", NonEmpty(String(sender, "name")) ?? senderUid);
        Set(values, "senderAvatar", String(sender, "avatar"));

        var conversation = Section(webhookBody, "conversation");
        var conversationId = String(conversation, "id");
        Set(values, "conversationId", conversationId);
        Set(values, "conversationName", NonEmpty(String(conversation, "name")) ?? conversationId);
        Set(values, "conversationType", String(conversation, "type"));

        if (catalogEvent.Category == "call")
        {
            var callType = NonEmpty(String(data, "callType"))?.ToLowerInvariant() ?? "audio";
            values["callType"] = callType;
            values["callTypeLabel"] = callType == "video" ? "VIDEO" : "AUDIO";
        }

        if (HidesContent(webhookBody, catalogEvent) && data is { } dd)
        {
            values["text"] = HiddenContent;
            foreach (var name in ContentFields)
                if (dd.TryGetProperty(name, out _)) values[name] = HiddenContent;
        }
        return values;
    }

    /// <summary>True when the catalog marks the type sensitive and the event asks for it (data.sensitive = true).</summary>
    public static bool HidesContent(JsonElement webhookBody, CatalogEvent catalogEvent) =>
        catalogEvent.Sensitive && Section(webhookBody, "data") is { } d && d.TryGetProperty("sensitive", out var flag) && flag.ValueKind == JsonValueKind.True;

    private static JsonElement? Section(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.Object ? s : null;

    private static string? String(JsonElement? section, string name) =>
        section is { } s && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static void Set(Dictionary<string, string> values, string name, string? value)
    {
        if (value is not null) values[name] = value;
    }

    /// <summary>Numbers keep their JSON text, which is culture-invariant (1.5, never 1,5).</summary>
    private static string? Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
