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

/// <summary>A user's own push preferences: muted conversations and categories, quiet hours, locale.</summary>
public static class PreferencesApi
{
    /// <summary>PUT changes the fields given; an absent field keeps its value and null clears it.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record PreferencesBody(
        [property: DocumentedAs(typeof(Dictionary<string, DateTimeOffset?>))] JsonElement MutedConversations,
        [property: DocumentedAs(typeof(string[]))] JsonElement MutedCategories,
        [property: DocumentedAs(typeof(QuietHoursBody))] JsonElement QuietHours,
        [property: DocumentedAs(typeof(string))] JsonElement Locale);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record QuietHoursBody(string? Start, string? End, string? TimeZone);

    public sealed record PreferencesView(
        IReadOnlyDictionary<string, DateTimeOffset?> MutedConversations, IReadOnlyList<string> MutedCategories, QuietHours? QuietHours, string? Locale);

    public const int MaxMutedConversations = 1000;

    public static IEndpointRouteBuilder MapPreferences(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/users/{uid}/preferences").WithTags("User preferences").RequireApp(KeyScopes.Admin);
        g.MapGet("/", Get).WithName("getPreferences").WithSummary("Get a user's notification preferences");
        g.MapPut("/", Put).WithName("setPreferences").WithSummary("Change a user's notification preferences (absent fields keep their value)");
        return routes;
    }

    private static PreferencesView View(UserPreferences p) => new(
        p.MutedConversations.ToDictionary(m => m.Key, m => m.Value is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null, StringComparer.Ordinal),
        p.MutedCategories, p.QuietHours, p.Locale);

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
        if (errors.Any) return errors.ToProblem();

        var current = await store.GetPreferencesAsync(app, uid, ct) ?? UserPreferences.Default;
        var updated = new UserPreferences(
            body.MutedConversations.IsAbsent() ? current.MutedConversations : muted!,
            body.MutedCategories.IsAbsent() ? current.MutedCategories : categories!,
            body.QuietHours.IsAbsent() ? current.QuietHours : quiet,
            body.Locale.IsAbsent() ? current.Locale : locale);
        await store.SavePreferencesAsync(app, uid, updated, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        return TypedResults.Ok(View(updated));
    }

    private static Dictionary<string, long?>? ReadMutedConversations(JsonElement e, FieldErrors errors)
    {
        if (e.IsAbsent()) return null;
        var result = new Dictionary<string, long?>(StringComparer.Ordinal);
        if (e.IsNull()) return result;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add("mutedConversations", "An object from conversation id to the time the mute ends: { \"group_hiking\": \"2026-11-22T10:00:00Z\", \"u1_user_u2\": null } (null = for ever).");
            return null;
        }
        foreach (var p in e.EnumerateObject())
        {
            var field = $"mutedConversations.{(p.Name.Length > 40 ? p.Name[..40] + "…" : p.Name)}";
            if (result.Count >= MaxMutedConversations)
            {
                errors.Add("mutedConversations", $"At most {MaxMutedConversations} muted conversations per user.");
                break;
            }
            if (!DevicesApi.IsId(p.Name)) errors.Add(field, "A conversation id is 1-200 printable characters.");
            else if (p.Value.ValueKind == JsonValueKind.Null) result[p.Name] = null;
            else if (p.Value.ValueKind == JsonValueKind.String && p.Value.TryGetDateTimeOffset(out var until)) result[p.Name] = until.ToUnixTimeMilliseconds();
            else errors.Add(field, "Give the time the mute ends in ISO 8601 (2026-11-22T10:00:00Z), or null to mute for ever.");
        }
        return result;
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
