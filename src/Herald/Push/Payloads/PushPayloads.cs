using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Catalog;
using Herald.Push.Templates;

namespace Herald.Push.Payloads;

/// <summary>What one recipient is told about one event, before it is shaped for a provider.</summary>
public sealed record Notification(
    EventFacts Event, RenderedText Text, string Recipient, string Category, string? CallAction, int? Badge, bool IncludeMessage, string? CustomJson,
    PushRule? Rule = null)
{
    /// <summary>Receiver, conversation and tag by the type's catalog rule (docs/PAYLOADS.md). Not cached: a `with` copy would keep a stale one.</summary>
    public PushAddress Address => PushAddress.For(Event, Rule ?? PushRule.Default, Recipient);

    /// <summary>One recipient's notification of a catalog type: its category, call action and push rule come from the catalog.</summary>
    public static Notification Of(EventFacts e, CatalogEvent type, RenderedText text, string recipient, int? badge = null, bool includeMessage = false, string? customJson = null) =>
        new(e, text, recipient, type.Category, type.CallAction, badge, includeMessage, customJson, type.Push);
}

/// <summary>
/// The bytes Herald stores per push job. A device job stores a provider-neutral form (text, push type,
/// collapse id, the details) that each provider's sender shapes into its own format; a provider that
/// pushes once per recipient builds its own payload from the same details (its part of this class
/// lives in its folder), once at fan-out so a retry sends the same bytes.
/// </summary>
public static partial class PushPayloads
{
    /// <summary>Stands in a summary's body for the number of pushes it collapses; filled in when it is sent.</summary>
    public const string CollapsedCountToken = "{{collapsedCount}}";

    public static string DevicePayload(Notification n) => Write(w =>
    {
        var call = n.Category == "call";
        w.WriteString("title", n.Text.Title);
        w.WriteString("body", n.Text.Body);
        WriteKeys(w, n.Text);
        // Only a ringing call is VoIP (CallKit must show it at once); other call events are ordinary alerts.
        w.WriteString("pushType", call && n.CallAction == "initiated" ? "voip" : "alert");
        w.WriteNumber("priority", call ? 10 : 5);
        w.WriteNumber("ttlSeconds", call ? 0 : 86_400);
        var to = n.Address;
        if (to.CollapseId is { } collapse) w.WriteString("collapseId", collapse);
        if (to.ConversationId is { } conversation) w.WriteString("threadId", conversation); // iOS groups a conversation's (a community's) notifications
        if (n.Badge is { } badge) w.WriteNumber("badge", badge);
        w.WritePropertyName("details");
        WriteDetails(w, n);
    });

    private static void WriteKeys(Utf8JsonWriter w, RenderedText t)
    {
        if (t.TitleLocKey is not null)
        {
            w.WriteString("titleLocKey", t.TitleLocKey);
            WriteArray(w, "titleLocArgs", t.TitleLocArgs);
        }
        if (t.BodyLocKey is not null)
        {
            w.WriteString("bodyLocKey", t.BodyLocKey);
            WriteArray(w, "bodyLocArgs", t.BodyLocArgs);
        }
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IReadOnlyList<string>? items)
    {
        w.WriteStartArray(name);
        foreach (var i in items ?? []) w.WriteStringValue(i);
        w.WriteEndArray();
    }

    private static void WriteDetails(Utf8JsonWriter w, Notification n)
    {
        var e = n.Event;
        w.WriteStartObject();
        w.WriteString("title", n.Text.Title);
        w.WriteString("body", n.Text.Body);
        WriteKeys(w, n.Text);
        w.WriteString("sender", e.SenderUid ?? "");
        w.WriteString("senderName", e.SenderName ?? e.SenderUid ?? "");
        if (e.SenderAvatar is not null) w.WriteString("senderAvatar", e.SenderAvatar);
        var to = n.Address;
        w.WriteString("receiver", to.Receiver);
        w.WriteString("receiverName", to.ReceiverName);
        if (to.ReceiverAvatar is not null) w.WriteString("receiverAvatar", to.ReceiverAvatar);
        w.WriteString("receiverType", to.ReceiverType);
        w.WriteString("tag", to.Tag);
        if (to.ConversationId is not null) w.WriteString("conversationId", to.ConversationId);
        w.WriteString("type", n.Category == "call" ? "call" : "chat");
        if (n.Category == "call")
        {
            w.WriteString("callAction", n.CallAction);
            if (e.DataString("sessionId") is { } session) w.WriteString("sessionId", session);
            w.WriteString("callType", e.DataString("callType") ?? "audio");
        }
        w.WriteString("sentAt", e.SentAtMs.ToString(CultureInfo.InvariantCulture));
        if (n.Badge is { } badge) w.WriteNumber("unreadMessageCount", badge);
        if (n.IncludeMessage && e.Type.StartsWith("message.", StringComparison.Ordinal) && e.Data.ValueKind == JsonValueKind.Object)
        {
            w.WritePropertyName("message");
            (e.Data.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : e.Data).WriteTo(w);
        }
        if (n.CustomJson is not null)
        {
            w.WritePropertyName("custom");
            w.WriteRawValue(n.CustomJson);
        }
        w.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
