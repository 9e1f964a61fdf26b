using System.Text.Json;
using Herald.Catalog;
using Herald.Push;
using Herald.Push.Templates;
using Herald.Storage;

namespace Herald.Route;

/// <summary>
/// The push half of routing at ingest, from caches so it costs no query per event: an event gets a
/// fan-out job only when the app's master toggle is on, the event's Allow toggle is on, and some
/// credential is active (with none, nothing could be sent). Member events also keep the group's
/// member list current, in the same transaction as the event.
/// </summary>
public sealed class PushRouting(PushSettingsCache settings, ActiveCredentials credentials, TemplateRenderer renderer)
{
    public async ValueTask<bool> ShouldFanOutAsync(string appId, ParsedEvent e, CancellationToken ct)
    {
        if (e.Type.StartsWith(Webhooks.EventTypeFilter.OperationalPrefix, StringComparison.Ordinal)) return false; // Herald's own events are never pushed
        var (app, events) = await settings.GetAsync(appId, ct);
        if (!app.Enabled) return false;
        if ((await credentials.GetAsync(appId, ct)).Count == 0) return false;
        var conversationType = e.Source.TryGetProperty("conversation", out var c) && c.ValueKind == JsonValueKind.Object &&
            c.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return renderer.Effective(e.Type, conversationType, events).Allowed;
    }

    /// <summary>The message a <c>message.deleted</c> names (<c>data.messageId</c>), which leaves every unread count it is in.</summary>
    public static string? DeletedMessageOf(ParsedEvent e) =>
        e.Type == "message.deleted" && e.Source.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object &&
        d.TryGetProperty("messageId", out var m) ? m.ValueKind switch
        {
            JsonValueKind.String => m.GetString(),
            JsonValueKind.Number => m.GetRawText(),
            _ => null,
        } : null;

    /// <summary>
    /// joined/left: the sender is the member; added/kicked/banned: data.targetUid is. Unbanning does
    /// not make someone a member again (they rejoin, which is its own event).
    /// </summary>
    public static MembershipChange? MembershipOf(ParsedEvent e)
    {
        bool joined;
        switch (e.Type)
        {
            case "group.member_joined" or "channel.member_joined" or "conversation.member_joined" or "group.member_added": joined = true; break;
            case "group.member_left" or "group.member_kicked" or "group.member_banned": joined = false; break;
            default: return null;
        }
        if (!e.Source.TryGetProperty("conversation", out var c) || c.ValueKind != JsonValueKind.Object ||
            !c.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String) return null;
        var byTarget = e.Type is "group.member_added" or "group.member_kicked" or "group.member_banned";
        var uid = byTarget
            ? e.Source.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("targetUid", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null
            : e.SenderUid;
        return uid is null ? null : new MembershipChange(id.GetString()!, uid, joined);
    }
}
