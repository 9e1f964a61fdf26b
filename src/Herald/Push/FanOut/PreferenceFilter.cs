using System.Globalization;
using Herald.Storage;

namespace Herald.Push.FanOut;

/// <summary>A user's own say over what reaches them: muted conversations and categories, quiet hours.</summary>
public static class PreferenceFilter
{
    /// <returns>Why the user is not notified, or null when they are.</returns>
    public static string? Silence(UserPreferences prefs, EventFacts e, string recipient, string category, bool callsBreakQuietHours, DateTimeOffset now)
    {
        if (IsMuted(prefs, e, recipient, now)) return "muted-conversation";
        if (prefs.MutedCategories.Contains(category, StringComparer.Ordinal)) return "muted-category";
        if (prefs.QuietHours is { } q && !(category == "call" && callsBreakQuietHours) && InQuietHours(q, now)) return "quiet-hours";
        return null;
    }

    // A user may name a conversation as the envelope does (group_hiking, a_user_b), by the group's
    // guid, or by the other person's uid: all three mean the same conversation to them.
    private static bool IsMuted(UserPreferences prefs, EventFacts e, string recipient, DateTimeOffset now)
    {
        if (prefs.MutedConversations.Count == 0) return false;
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var key in (ReadOnlySpan<string?>)[e.ConversationKeyFor(recipient), e.IsGroup ? e.ConversationId : e.SenderUid])
            if (key is not null && prefs.MutedConversations.TryGetValue(key, out var until) && (until is null || until > nowMs))
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
