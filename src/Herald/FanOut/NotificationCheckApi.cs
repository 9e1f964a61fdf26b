using System.Text.Json;
using Herald.Apps;
using Herald.Catalog;
using Herald.Kernel;
using Herald.Push;
using Herald.Push.Devices;
using Herald.Push.Payloads;
using Herald.Push.Templates;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.FanOut;

/// <summary>
/// "Would this user be notified, and why not": the fan-out's own checks (master toggle, Allow toggle, an active
/// credential, then <see cref="PreferenceFilter"/>) for one conversation and event type, without sending anything.
/// The console's Devices page shows it.
/// </summary>
public static class NotificationCheckApi
{
    /// <param name="Notified">Whether an event like this one would be pushed to the user (devices aside).</param>
    /// <param name="Reason">Why not, as a stable code; null when notified.</param>
    /// <param name="Detail">The reason in words, with the time a mute or snooze ends.</param>
    /// <param name="PushLevel">The level that applies in the conversation ("none" while it is muted).</param>
    /// <param name="PushLevelSource">Where that level comes from.</param>
    public sealed record NotificationCheck(
        bool Notified, [property: ClosedSet(typeof(NotificationCheckApi), nameof(Reasons))] string? Reason, string Detail,
        [property: ClosedSet(typeof(UserPreferences), nameof(UserPreferences.PushLevels))] string PushLevel,
        [property: ClosedSet(typeof(NotificationCheckApi), nameof(Sources))] string PushLevelSource, bool Mentioned);

    private static readonly string[] Reasons =
        ["push-off", "type-not-allowed", "no-credential", "snoozed", "muted-conversation", "push-level-none", "push-level-mentions", "muted-category", "quiet-hours"];
    private static readonly string[] Sources = ["muted", "conversation", "user", "default"];
    private const string DefaultType = "message.created";

    public static IEndpointRouteBuilder MapNotificationCheck(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/users/{uid}/notification-check").WithTags("User preferences").RequireApp(KeyScopes.Admin);
        g.MapGet("/", Check).WithName("checkNotification")
            .WithSummary("Would the user be notified of an event of this type in this conversation, and if not, why");
        return routes;
    }

    /// <param name="conversationId">group_{guid} or a group's guid, or {uid}_user_{other} for a one-on-one; absent = the user's own rules only.</param>
    /// <param name="type">An event type of the catalog (default message.created).</param>
    /// <param name="mentioned">true when the event would mention the user (data.mentions or data.mentionsAll).</param>
    internal static async Task<Results<Ok<NotificationCheck>, ValidationProblem>> Check(
        string app, string uid, IHeraldStore store, EventCatalog catalog, PushSettingsCache settingsCache, TemplateRenderer renderer,
        ActiveCredentials credentials, TimeProvider time, CancellationToken ct,
        string? conversationId = null, string? type = null, string? mentioned = null)
    {
        var errors = new FieldErrors();
        if (!DevicesApi.IsId(uid)) errors.Add("uid", DevicesApi.IdFix);
        var known = catalog.Find(type ?? DefaultType);
        if (known is null || known.Internal) errors.Add("type", $"Use an event type of the catalog: {catalog.KnownTypesText}.");
        if (mentioned is not null and not ("true" or "false")) errors.Add("mentioned", "Use true (the event mentions the user) or false.");
        var place = conversationId is null ? default : Place(conversationId, uid, errors);
        if (errors.Any) return errors.ToProblem();

        var isMentioned = mentioned == "true";
        using var data = JsonDocument.Parse(isMentioned ? JsonSerializer.Serialize(new { mentions = new[] { uid } }) : "{}");
        var facts = new EventFacts("check", known!.Type, place.Other, null, null, place.Type, place.Id, null, null, null, data.RootElement, 0);
        var prefs = await store.GetPreferencesAsync(app, uid, ct) ?? UserPreferences.Default;
        var now = time.GetUtcNow();
        var level = PreferenceFilter.LevelFor(prefs, facts, uid, now, known.Push);
        NotificationCheck Answer(string? reason, string detail) => new(reason is null, reason, detail, level.Name, level.Source, isMentioned);

        // The app's own switches first, in the fan-out's order: they silence everyone.
        var (settings, events) = await settingsCache.GetAsync(app, ct);
        if (!settings.Enabled) return TypedResults.Ok(Answer("push-off", "Push is off for the app (master toggle)."));
        if (!renderer.Effective(known.Type, place.Type, events).Allowed)
            return TypedResults.Ok(Answer("type-not-allowed", $"The app's Allow toggle of {known.Type} is off."));
        if ((await credentials.GetAsync(app, ct)).Count == 0) return TypedResults.Ok(Answer("no-credential", "The app has no active push credential."));

        var silenced = PreferenceFilter.Check(prefs, facts, uid, known.Category, settings, now, known.Push);
        return TypedResults.Ok(silenced is null
            ? Answer(null, $"Notified: pushLevel {level.Name} ({level.Source}){(isMentioned ? ", a mention" : "")}.")
            : Answer(silenced.Reason, silenced.Detail));
    }

    private readonly record struct ConversationPlace(string? Type, string? Id, string? Other);

    // The names a user mutes by: group_{guid} or a bare guid for a group; {a}_user_{b}, one side the user, for a one-on-one.
    private static ConversationPlace Place(string conversationId, string uid, FieldErrors errors)
    {
        if (!DevicesApi.IsId(conversationId))
        {
            errors.Add("conversationId", "A conversation id is 1-200 printable characters.");
            return default;
        }
        var pair = conversationId.Split("_user_");
        if (pair.Length == 2)
        {
            if (pair[0] == uid) return new("user", null, pair[1]);
            if (pair[1] == uid) return new("user", null, pair[0]);
            errors.Add("conversationId", $"A one-on-one conversation names the user: {uid}_user_{{other}} or {{other}}_user_{uid}.");
            return default;
        }
        return new("group", conversationId.StartsWith("group_", StringComparison.Ordinal) ? conversationId["group_".Length..] : conversationId, null);
    }
}
