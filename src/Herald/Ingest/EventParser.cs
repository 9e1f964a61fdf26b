using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Herald.Catalog;
using Herald.Kernel;

namespace Herald.Ingest;


/// <summary>
/// Validates an event body by hand rather than by model binding, so that every mistake is reported
/// with its JSON path (events[3].sender.uid) and a fix, and the raw sections (data, sender…) are
/// passed through to the webhook body byte for byte.
/// </summary>
public sealed class EventParser(EventCatalog catalog)
{
    internal static readonly string[] ConversationTypes = ["user", "group"];

    private static readonly HashSet<string> Known = ["id", "type", "version", "occurredAt", "sender", "conversation", "recipients", "data"];
    public const int MaxIdLength = 200;
    public const int MaxRecipients = 100_000;
    /// <summary>Push levels read data.mentions per recipient, so it stays small; a larger audience is data.mentionsAll.</summary>
    public const int MaxMentions = 1_000;

    /// <param name="allowInternal">Only Herald itself posts its operational (herald.*) events.</param>
    public ParsedEvent? Parse(JsonElement e, string path, FieldErrors errors, bool allowInternal = false)
    {
        var before = errors.Count;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Field(path, ""), "Each event must be a JSON object with at least a 'type'.");
            return null;
        }
        foreach (var p in e.EnumerateObject())
            if (!Known.Contains(p.Name))
                errors.Add(Field(path, p.Name), $"Unknown field. An event has: {string.Join(", ", Known)}; put your own fields under 'data'.");

        string? id = null;
        if (e.TryGetProperty("id", out var idEl) && idEl.ValueKind != JsonValueKind.Null)
        {
            id = idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : null;
            if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id.Any(char.IsControl))
                errors.Add(Field(path, "id"), $"The idempotency id must be a string of 1-{MaxIdLength} printable characters (or leave it out and Herald makes one).");
        }

        CatalogEvent? known = null;
        if (!e.TryGetProperty("type", out var typeEl) || typeEl.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(typeEl.GetString()))
            errors.Add(Field(path, "type"), $"Give the event type, one of: {catalog.KnownTypesText}.");
        else if ((known = catalog.Find(typeEl.GetString()!)) is null)
            errors.Add(Field(path, "type"), $"Unknown event type '{typeEl.GetString()}'. Known types: {catalog.KnownTypesText}.");
        else if (known.Internal && !allowInternal)
        {
            errors.Add(Field(path, "type"), $"'{known.Type}' is one of Herald's own operational events; subscribe an endpoint to it, but do not post it.");
            known = null;
        }

        var version = known?.SchemaVersion ?? 1;
        if (e.TryGetProperty("version", out var vEl) && vEl.ValueKind != JsonValueKind.Null)
        {
            // A version newer than the catalog's would promise receivers a schema Herald does not know.
            var newest = known?.SchemaVersion ?? int.MaxValue;
            if (vEl.ValueKind != JsonValueKind.Number || !vEl.TryGetInt32(out version) || version < 1 || version > newest)
                errors.Add(Field(path, "version"), known is null
                    ? "The schema version must be a whole number from 1 (see GET /v1/catalog for each type's version)."
                    : $"The schema version of '{known.Type}' must be a whole number from 1 to {known.SchemaVersion} (see GET /v1/catalog).");
        }

        DateTimeOffset? occurredAt = null;
        if (e.TryGetProperty("occurredAt", out var oEl) && oEl.ValueKind != JsonValueKind.Null)
        {
            // ISO 8601 only (what the message asks for); a lenient parse would accept "11/22/2026" and guess.
            if (oEl.ValueKind == JsonValueKind.String && oEl.TryGetDateTimeOffset(out var at))
                occurredAt = at;
            else
                errors.Add(Field(path, "occurredAt"), "Use an ISO 8601 time such as 2026-11-22T10:00:00Z.");
        }

        string? senderUid = null;
        if (e.TryGetProperty("sender", out var sEl) && sEl.ValueKind != JsonValueKind.Null)
        {
            if (sEl.ValueKind != JsonValueKind.Object)
                errors.Add(Field(path, "sender"), "The sender is an object: { \"uid\": \"...\", \"name\": \"...\", \"avatar\": \"...\" }.");
            else
            {
                senderUid = Uid(sEl, "uid");
                if (senderUid is null) errors.Add(Field(path, "sender.uid"), "Give the sender's uid as a string of 1-200 characters.");
                StringOrAbsent(sEl, "name", Field(path, "sender.name"), errors);
                StringOrAbsent(sEl, "avatar", Field(path, "sender.avatar"), errors);
            }
        }

        if (e.TryGetProperty("conversation", out var cEl) && cEl.ValueKind != JsonValueKind.Null)
        {
            if (cEl.ValueKind != JsonValueKind.Object)
                errors.Add(Field(path, "conversation"), "The conversation is an object: { \"id\": \"hiking\", \"type\": \"group\"|\"user\", \"name\": \"...\" }.");
            else
            {
                var type = cEl.TryGetProperty("type", out var ct) && ct.ValueKind == JsonValueKind.String ? ct.GetString() : null;
                if (type is null || !ConversationTypes.Contains(type))
                    errors.Add(Field(path, "conversation.type"), "Use 'group' for a group or channel, 'user' for a one-on-one conversation.");
                if (type == "group" && Uid(cEl, "id") is null)
                    errors.Add(Field(path, "conversation.id"), "A group conversation needs its id (the group's guid) as a string of 1-200 characters.");
                StringOrAbsent(cEl, "name", Field(path, "conversation.name"), errors);
            }
        }

        if (e.TryGetProperty("recipients", out var rEl) && rEl.ValueKind != JsonValueKind.Null)
        {
            if (rEl.ValueKind != JsonValueKind.Array)
                errors.Add(Field(path, "recipients"), "Recipients are an array of user uids: [\"uid-1\", \"uid-2\"].");
            else if (rEl.GetArrayLength() > MaxRecipients)
                errors.Add(Field(path, "recipients"), $"At most {MaxRecipients} recipients per event; for a larger audience keep the group's members in Herald.");
            else
            {
                var i = 0;
                foreach (var r in rEl.EnumerateArray())
                {
                    if (r.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(r.GetString()) || r.GetString()!.Length > 200)
                    {
                        errors.Add(Field(path, $"recipients[{i}]"), "Each recipient is a user uid: a string of 1-200 characters.");
                        break;
                    }
                    i++;
                }
            }
        }

        if (e.TryGetProperty("data", out var dEl) && dEl.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            errors.Add(Field(path, "data"), "The event's data is a JSON object, e.g. { \"text\": \"Hello!\", \"messageId\": \"123\" }.");
        else if (dEl.ValueKind == JsonValueKind.Object) Mentions(dEl, Field(path, "data"), errors);

        if (errors.Count > before) return null;
        return new ParsedEvent(id ?? Ids.New("evt"), known!.Type, version, senderUid, occurredAt, e);
    }

    // One buffer and writer per thread, reset per event: a fresh pair per event was a tenth of ingest's allocations.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_bodyBuffer;
    [ThreadStatic] private static Utf8JsonWriter? t_bodyWriter;

    /// <summary>The webhook body: Herald's envelope around the event's own sections, copied verbatim.</summary>
    public static string RenderWebhookBody(ParsedEvent e, string appId, DateTimeOffset receivedAt)
    {
        var buffer = t_bodyBuffer ??= new ArrayBufferWriter<byte>(1024);
        var w = t_bodyWriter ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        w.Reset(buffer);
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        w.WriteString("type", e.Type);
        w.WriteNumber("version", e.Version);
        w.WriteString("appId", appId);
        WriteTime(w, "createdAt", receivedAt);
        if (e.OccurredAt is { } at) WriteTime(w, "occurredAt", at);
        foreach (var name in (ReadOnlySpan<string>)["sender", "conversation", "recipients"])
            if (e.Source.TryGetProperty(name, out var section) && section.ValueKind != JsonValueKind.Null)
            {
                w.WritePropertyName(name);
                section.WriteTo(w);
            }
        w.WritePropertyName("data");
        if (e.Source.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object) data.WriteTo(w);
        else { w.WriteStartObject(); w.WriteEndObject(); }
        w.WriteEndObject();
        w.Flush();
        var body = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024) (t_bodyBuffer, t_bodyWriter) = (null, null); // an unusually large event: do not keep its buffer
        return body;
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset at)
    {
        Span<char> text = stackalloc char[32];
        at.UtcDateTime.TryFormat(text, out var n, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        w.WriteString(name, text[..n]);
    }

    /// <summary>data.mentions and data.mentionsAll are Herald's own words inside data: push levels read them.</summary>
    private static void Mentions(JsonElement data, string path, FieldErrors errors)
    {
        if (data.TryGetProperty("mentionsAll", out var all) && all.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            errors.Add($"{path}.mentionsAll", "mentionsAll is true when the message mentions everyone (@all), else false or absent.");
        if (!data.TryGetProperty("mentions", out var m) || m.ValueKind == JsonValueKind.Null) return;
        if (m.ValueKind != JsonValueKind.Array || m.GetArrayLength() > MaxMentions)
        {
            errors.Add($"{path}.mentions", $"mentions is an array of the mentioned users' uids, at most {MaxMentions}: [\"uid-2\"]; for everyone use \"mentionsAll\": true.");
            return;
        }
        var i = 0;
        foreach (var uid in m.EnumerateArray())
        {
            if (uid.ValueKind != JsonValueKind.String || uid.GetString() is not { Length: > 0 and <= MaxIdLength } s || string.IsNullOrWhiteSpace(s))
            {
                errors.Add($"{path}.mentions[{i}]", $"Each mention is a user uid: a string of 1-{MaxIdLength} characters.");
                return;
            }
            i++;
        }
    }

    private static string Field(string path, string name) => path.Length == 0 ? (name.Length == 0 ? "body" : name) : name.Length == 0 ? path : $"{path}.{name}";

    private static string? Uid(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 200 } s && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static void StringOrAbsent(JsonElement obj, string name, string field, FieldErrors errors)
    {
        if (obj.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            errors.Add(field, "This must be a string.");
    }
}
