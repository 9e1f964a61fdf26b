using System.Globalization;
using System.Text.Json;
using Herald.Catalog;
using Herald.Push.Payloads;
using Herald.Storage;

namespace Herald.FanOut;

/// <summary>
/// A user's own say over what reaches them: snooze, muted conversations, push levels, muted categories, quiet hours.
/// The one place the decision is made: the fan-out counts its <see cref="Silenced.Reason"/>, the notification check
/// (and the console's Devices page through it) shows its <see cref="Silenced.Detail"/>.
/// </summary>
/// <remarks>
/// Precedence, first match wins: a snooze (nothing breaks it); a muted conversation, else the conversation's
/// pushLevel, else the user's, else "all" (a mention gets through a muted or "none" conversation only when the app's
/// mentionsBreakMute is on; never through the user's own "none"); a muted category; quiet hours (calls break them
/// when callsBreakQuietHours is on).
/// </remarks>
public static class PreferenceFilter
{
    /// <summary>Why the user is not notified: a stable code and the words a person reads.</summary>
    public sealed record Silenced(string Reason, string Detail);

    /// <summary>The level that applies in a conversation and where it comes from ("muted", "conversation", "user" or "default").</summary>
    public sealed record Level(string Name, string Source);

    /// <returns>Why the user is not notified, or null when they are.</returns>
    public static Silenced? Check(UserPreferences prefs, EventFacts e, string recipient, string category, PushSettings settings, DateTimeOffset now, PushRule? rule = null)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        if (prefs.SnoozeUntil is { } snooze && snooze > nowMs) return new("snoozed", $"Snoozed until {Time(snooze)}.");

        var level = LevelFor(prefs, e, recipient, now, rule);
        // A mention is read only when a level asks about it: the array is scanned per recipient.
        var conversationLevel = level.Source is "muted" or "conversation";
        if (level.Name == "none" && !(conversationLevel && settings.MentionsBreakMute && IsMentioned(e, recipient)))
            return level.Source == "muted"
                ? new("muted-conversation", MutedText(prefs, e, recipient, nowMs, rule))
                : new("push-level-none", $"pushLevel none {Where(level)}.");
        if (level.Name == "mentions" && !IsMentioned(e, recipient))
            return new("push-level-mentions", $"pushLevel mentions {Where(level)} and this is not a mention of the user.");

        if (prefs.MutedCategories.Contains(category, StringComparer.Ordinal)) return new("muted-category", $"The category '{category}' is muted.");
        if (prefs.QuietHours is { } q && !(category == "call" && settings.CallsBreakQuietHours) && InQuietHours(q, now))
            return new("quiet-hours", $"Quiet hours {q.Start}–{q.End} ({q.TimeZone}).");
        return null;
    }

    /// <summary>The effective level: a muted conversation is "none"; else the conversation's level; else the user's; else "all".</summary>
    public static Level LevelFor(UserPreferences prefs, EventFacts e, string recipient, DateTimeOffset now, PushRule? rule = null)
    {
        if (MutedKey(prefs, e, recipient, now.ToUnixTimeMilliseconds(), rule) is not null) return new("none", "muted");
        if (prefs.ConversationPushLevels is { Count: > 0 } levels)
            foreach (var k in PlaceKeys(e, recipient, rule))
                if (k is not null && levels.TryGetValue(k, out var level)) return new(level, "conversation");
        return prefs.PushLevel is { } user ? new(user, "user") : new("all", "default");
    }

    /// <summary>The recipient is in data.mentions, or data.mentionsAll is true.</summary>
    public static bool IsMentioned(EventFacts e, string recipient)
    {
        if (e.Data.ValueKind != JsonValueKind.Object) return false;
        if (e.Data.TryGetProperty("mentionsAll", out var all) && all.ValueKind == JsonValueKind.True) return true;
        if (!e.Data.TryGetProperty("mentions", out var mentions) || mentions.ValueKind != JsonValueKind.Array) return false;
        foreach (var m in mentions.EnumerateArray())
            if (m.ValueKind == JsonValueKind.String && m.ValueEquals(recipient)) return true;
        return false;
    }

    private static string Where(Level level) => level.Source == "conversation" ? "for this conversation" : "for the user";

    private static string MutedText(UserPreferences prefs, EventFacts e, string recipient, long nowMs, PushRule? rule)
    {
        var key = MutedKey(prefs, e, recipient, nowMs, rule)!;
        return prefs.MutedConversations[key] is { } until ? $"The conversation '{key}' is muted until {Time(until)}." : $"The conversation '{key}' is muted for ever.";
    }

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    // A user may name a conversation as the envelope does (group_hiking, a_user_b), by the group's
    // guid, or by the other person's uid: all three mean the same conversation to them. A community
    // or stream is named the same way: by the conversationId its pushes carry (group_trail-runners,
    // livestream_live-9) or by its own id. Mutes and conversation levels are both looked up by these.
    private static IEnumerable<string?> PlaceKeys(EventFacts e, string recipient, PushRule? rule)
    {
        yield return e.ConversationKeyFor(recipient);
        yield return e.IsGroup ? e.ConversationId : e.SenderUid;
        if (rule is null || rule.Receiver == "conversation") yield break;
        var place = PushAddress.For(e, rule, recipient);
        yield return place.ConversationId;
        yield return place.Receiver;
    }

    private static string? MutedKey(UserPreferences prefs, EventFacts e, string recipient, long nowMs, PushRule? rule)
    {
        if (prefs.MutedConversations.Count == 0) return null;
        foreach (var k in PlaceKeys(e, recipient, rule))
            if (k is not null && prefs.MutedConversations.TryGetValue(k, out var until) && (until is null || until > nowMs))
                return k;
        return null;
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
