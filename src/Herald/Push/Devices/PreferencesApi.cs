using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Herald.Apps;
using Herald.Catalog;
using Herald.Kernel;
using Herald.Push.Templates;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Herald.Push.Devices;

/// <summary>A user's own push preferences: muted conversations and categories, quiet hours, locale, push levels, snooze.</summary>
public static class PreferencesApi
{
    /// <summary>PUT changes the fields given; an absent field keeps its value and null clears it.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record PreferencesBody(
        [property: DocumentedAs(typeof(Dictionary<string, DateTimeOffset?>))] JsonElement MutedConversations,
        [property: DocumentedAs(typeof(string[]))] JsonElement MutedCategories,
        [property: DocumentedAs(typeof(QuietHoursBody))] JsonElement QuietHours,
        [property: DocumentedAs(typeof(string))] JsonElement Locale,
        [property: DocumentedAs(typeof(string))] JsonElement PushLevel,
        [property: DocumentedAs(typeof(Dictionary<string, string>))] JsonElement ConversationPushLevels,
        [property: DocumentedAs(typeof(DateTimeOffset?))] JsonElement SnoozeUntil);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record QuietHoursBody(string? Start, string? End, string? TimeZone);

    /// <param name="PushLevel">"all" (the default), "mentions" or "none"; a conversation's level overrides it.</param>
    /// <param name="ConversationPushLevels">Conversation id (as in mutedConversations) to its own level.</param>
    /// <param name="SnoozeUntil">No push at all until then (calls and mentions included); null when not snoozed.</param>
    public sealed record PreferencesView(
        IReadOnlyDictionary<string, DateTimeOffset?> MutedConversations, IReadOnlyList<string> MutedCategories, QuietHours? QuietHours, string? Locale,
        [property: ClosedSet(typeof(UserPreferences), nameof(UserPreferences.PushLevels))] string PushLevel,
        IReadOnlyDictionary<string, string> ConversationPushLevels, DateTimeOffset? SnoozeUntil);

    /// <summary>At most this many muted conversations, and as many conversation levels, per user.</summary>
    public const int MaxConversationEntries = 1000;
    private static readonly string LevelFix = $"Use one of: {string.Join(", ", UserPreferences.PushLevels)}.";

    public static IEndpointRouteBuilder MapPreferences(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/users/{uid}/preferences").WithTags("User preferences").RequireApp(KeyScopes.Admin);
        g.MapGet("/", Get).WithName("getPreferences").WithSummary("Get a user's notification preferences");
        g.MapPut("/", Put).WithName("setPreferences").WithSummary("Change a user's notification preferences (absent fields keep their value)");
        return routes;
    }

    private static PreferencesView View(UserPreferences p) => new(
        p.MutedConversations.ToDictionary(m => m.Key, m => m.Value is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null, StringComparer.Ordinal),
        p.MutedCategories, p.QuietHours, p.Locale, p.PushLevel ?? "all",
        p.ConversationPushLevels ?? new Dictionary<string, string>(StringComparer.Ordinal),
        p.SnoozeUntil is { } snooze ? DateTimeOffset.FromUnixTimeMilliseconds(snooze) : null);

    private static async Task<Results<Ok<PreferencesView>, ValidationProblem>> Get(string app, string uid, IHeraldStore store, CancellationToken ct)
    {
        if (!DevicesApi.IsId(uid)) return Problems.Invalid("uid", DevicesApi.IdFix);
        return TypedResults.Ok(View(await store.GetPreferencesAsync(app, uid, ct) ?? UserPreferences.Default));
    }

    private static async Task<Results<Ok<PreferencesView>, ValidationProblem>> Put(
        string app, string uid, PreferencesBody body, EventCatalog catalog, IHeraldStore store,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!DevicesApi.IsId(uid)) errors.Add("uid", DevicesApi.IdFix);
        var muted = ReadMutedConversations(body.MutedConversations, errors);
        var categories = ReadCategories(body.MutedCategories, catalog, errors);
        var quiet = ReadQuietHours(body.QuietHours, json.Value.SerializerOptions, errors);
        string? locale = null;
        if (body.Locale.ValueKind == JsonValueKind.String)
        {
            locale = body.Locale.GetString()!.Replace('_', '-');
            if (!TemplateRenderer.IsLanguageTag(locale)) errors.Add("locale", "Use a BCP 47 language tag such as 'fr' or 'pt-BR', or null for the device's own.");
        }
        else if (!body.Locale.IsAbsent() && !body.Locale.IsNull())
            errors.Add("locale", "The locale is a language tag string such as 'fr', or null.");
        var pushLevel = ReadLevel(body.PushLevel, "pushLevel", errors);
        var levels = ReadConversationLevels(body.ConversationPushLevels, errors);
        long? snoozeUntil = null;
        if (body.SnoozeUntil.ValueKind == JsonValueKind.String && body.SnoozeUntil.TryGetDateTimeOffset(out var snooze))
            snoozeUntil = snooze.ToUnixTimeMilliseconds();
        else if (!body.SnoozeUntil.IsAbsent() && !body.SnoozeUntil.IsNull())
            errors.Add("snoozeUntil", "Give the time the snooze ends in ISO 8601 (2026-11-22T10:00:00Z), or null to end it.");
        if (errors.Any) return errors.ToProblem();

        var current = await store.GetPreferencesAsync(app, uid, ct) ?? UserPreferences.Default;
        var updated = new UserPreferences(
            body.MutedConversations.IsAbsent() ? current.MutedConversations : muted!,
            body.MutedCategories.IsAbsent() ? current.MutedCategories : categories!,
            body.QuietHours.IsAbsent() ? current.QuietHours : quiet,
            body.Locale.IsAbsent() ? current.Locale : locale,
            body.PushLevel.IsAbsent() ? current.PushLevel : pushLevel,
            body.ConversationPushLevels.IsAbsent() ? current.ConversationPushLevels : levels,
            body.SnoozeUntil.IsAbsent() ? current.SnoozeUntil : snoozeUntil);
        await store.SavePreferencesAsync(app, uid, updated, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        return TypedResults.Ok(View(updated));
    }

    private static Dictionary<string, long?>? ReadMutedConversations(JsonElement e, FieldErrors errors) =>
        ReadConversationMap<long?>(e, "mutedConversations", "muted conversations",
            "An object from conversation id to the time the mute ends: { \"group_hiking\": \"2026-11-22T10:00:00Z\", \"u1_user_u2\": null } (null = for ever).",
            errors, (v, field) =>
            {
                if (v.ValueKind == JsonValueKind.Null) return (true, null);
                if (v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var until)) return (true, until.ToUnixTimeMilliseconds());
                errors.Add(field, "Give the time the mute ends in ISO 8601 (2026-11-22T10:00:00Z), or null to mute for ever.");
                return (false, null);
            });

    private static Dictionary<string, string>? ReadConversationLevels(JsonElement e, FieldErrors errors) =>
        ReadConversationMap(e, "conversationPushLevels", "conversation levels",
            "An object from conversation id to its level: { \"group_hiking\": \"mentions\", \"u1_user_u2\": \"all\" }.",
            errors, (v, field) =>
            {
                if (v.ValueKind == JsonValueKind.Null)
                {
                    errors.Add(field, "Leave the conversation out to use the user's level; a value is one of: " + string.Join(", ", UserPreferences.PushLevels) + ".");
                    return (false, "");
                }
                var level = ReadLevel(v, field, errors);
                return (level is not null, level ?? "");
            });

    /// <summary>
    /// An object keyed by conversation id (as a user names it: group_hiking, u1_user_u2, a guid or a uid), at most
    /// <see cref="MaxConversationEntries"/> of them: absent = null (keep), null = empty (clear).
    /// </summary>
    private static Dictionary<string, T>? ReadConversationMap<T>(
        JsonElement e, string name, string what, string shape, FieldErrors errors, Func<JsonElement, string, (bool Ok, T Value)> read)
    {
        if (e.IsAbsent()) return null;
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        if (e.IsNull()) return result;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(name, shape);
            return null;
        }
        foreach (var p in e.EnumerateObject())
        {
            var field = $"{name}.{(p.Name.Length > 40 ? p.Name[..40] + "…" : p.Name)}";
            if (result.Count >= MaxConversationEntries)
            {
                errors.Add(name, $"At most {MaxConversationEntries} {what} per user.");
                break;
            }
            if (!DevicesApi.IsId(p.Name)) errors.Add(field, "A conversation id is 1-200 printable characters.");
            else if (read(p.Value, field) is (true, var value)) result[p.Name] = value;
        }
        return result;
    }

    /// <returns>The level, or null for absent, null ("all") or invalid.</returns>
    private static string? ReadLevel(JsonElement e, string field, FieldErrors errors)
    {
        if (e.IsAbsent() || e.IsNull()) return null;
        var level = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        if (level is null || !UserPreferences.PushLevels.Contains(level, StringComparer.Ordinal))
        {
            errors.Add(field, $"'{(level ?? e.GetRawText())}' is not a push level. " + LevelFix);
            return null;
        }
        return level;
    }

    private static List<string>? ReadCategories(JsonElement e, EventCatalog catalog, FieldErrors errors)
    {
        if (e.IsAbsent()) return null;
        if (e.IsNull()) return [];
        var known = catalog.Events.Where(x => !x.Internal).Select(x => x.Category).Distinct(StringComparer.Ordinal).ToArray();
        var fix = $"Use categories from: {string.Join(", ", known)}.";
        if (e.ValueKind != JsonValueKind.Array)
        {
            errors.Add("mutedCategories", "A list of categories such as [\"call\"]. " + fix);
            return null;
        }
        var result = new List<string>();
        var i = 0;
        foreach (var c in e.EnumerateArray())
        {
            var name = c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (name is null || !known.Contains(name, StringComparer.Ordinal))
            {
                errors.Add($"mutedCategories[{i}]", $"'{(name ?? c.GetRawText())}' is not a category. " + fix);
                break;
            }
            if (!result.Contains(name, StringComparer.Ordinal)) result.Add(name);
            i++;
        }
        return result;
    }

    private static QuietHours? ReadQuietHours(JsonElement e, JsonSerializerOptions options, FieldErrors errors)
    {
        if (e.IsAbsent() || e.IsNull()) return null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add("quietHours", "Quiet hours are { \"start\": \"22:00\", \"end\": \"07:00\", \"timeZone\": \"Europe/Paris\" }, or null for none.");
            return null;
        }
        if (!JsonFields.TryRead<QuietHoursBody>(e, "quietHours", options, errors, out var q) || q is null) return null;
        if (!IsTime(q.Start)) errors.Add("quietHours.start", "Give the start as 24-hour HH:mm, e.g. \"22:00\".");
        if (!IsTime(q.End)) errors.Add("quietHours.end", "Give the end as 24-hour HH:mm, e.g. \"07:00\" (it may be earlier than the start: the range crosses midnight).");
        else if (q.Start == q.End) errors.Add("quietHours.end", "The end equals the start, which makes no quiet hours; send \"quietHours\": null to turn them off.");
        if (!IsTimeZone(q.TimeZone))
            errors.Add("quietHours.timeZone", $"'{q.TimeZone}' is not a known IANA time zone; use one such as \"Europe/Paris\", \"America/New_York\" or \"UTC\".");
        return new QuietHours(q.Start!, q.End!, q.TimeZone!);
    }

    private static bool IsTime(string? s) =>
        s is { Length: 5 } && s[2] == ':' && TimeOnly.TryParseExact(s, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>IANA ids only, resolved from the system's tz database (/usr/share/zoneinfo on Linux: the tzdata package).</summary>
    internal static bool IsTimeZone(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')
        && !id.Contains("..", StringComparison.Ordinal) && id[0] != '/'
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
