using System.Globalization;
using Herald.Catalog;
using Herald.Push.Payloads;
using Herald.Storage;

namespace Herald.FanOut;

/// <summary>A user's own say over what reaches them: muted conversations and categories, quiet hours.</summary>
public static class PreferenceFilter
{
    /// <returns>Why the user is not notified, or null when they are.</returns>
    public static string? Silence(UserPreferences prefs, EventFacts e, string recipient, string category, bool callsBreakQuietHours, DateTimeOffset now, PushRule? rule = null)
    {
        if (IsMuted(prefs, e, recipient, rule, now)) return "muted-conversation";
        if (prefs.MutedCategories.Contains(category, StringComparer.Ordinal)) return "muted-category";
        if (prefs.QuietHours is { } q && !(category == "call" && callsBreakQuietHours) && InQuietHours(q, now)) return "quiet-hours";
        return null;
    }

    // A user may name a conversation as the envelope does (group_hiking, a_user_b), by the group's
    // guid, or by the other person's uid: all three mean the same conversation to them. A community
    // or stream is muted the same way: by the conversationId its pushes carry (group_trail-runners,
    // livestream_live-9) or by its own id.
    private static bool IsMuted(UserPreferences prefs, EventFacts e, string recipient, PushRule? rule, DateTimeOffset now)
    {
        if (prefs.MutedConversations.Count == 0) return false;
        if (MutedAs(prefs, now, e.ConversationKeyFor(recipient), e.IsGroup ? e.ConversationId : e.SenderUid)) return true;
        if (rule is null || rule.Receiver == "conversation") return false;
        var place = PushAddress.For(e, rule, recipient);
        return MutedAs(prefs, now, place.ConversationId, place.Receiver);
    }

    private static bool MutedAs(UserPreferences prefs, DateTimeOffset now, string? key, string? otherKey)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var k in (ReadOnlySpan<string?>)[key, otherKey])
            if (k is not null && prefs.MutedConversations.TryGetValue(k, out var until) && (until is null || until > nowMs))
                return true;
        return false;
    }

    public static bool InQuietHours(QuietHours q, DateTimeOffset now)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(q.TimeZone, out var zone)) return false; // validated on save; a zone removed since is ignored
        if (!TimeOnly.TryParseExact(q.Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ||
            !TimeOnly.TryParseExact(q.End, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)) return false;
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        // IsBetween handles a range that crosses midnight (22:00-07:00); start == end means no quiet hours.
        return start != end && local.IsBetween(start, end);
    }
}
