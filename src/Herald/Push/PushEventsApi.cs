using System.Text.Json;
using System.Text.Json.Serialization;
using Herald.Apps;
using Herald.Catalog;
using Herald.Kernel;
using Herald.Push.Templates;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Herald.Push;

/// <summary>Per event type: the Allow toggle and the push template, per conversation type where the catalog has variants.</summary>
public static class PushEventsApi
{
    /// <summary>An absent field keeps its value; "template": null goes back to the default.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record EventBody(bool? Allowed, [property: DocumentedAs(typeof(TemplateBody))] JsonElement Template, string? ConversationType);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record TemplateBody(
        string? Title, string? Body, Dictionary<string, LocaleBody?>? Locales,
        string? TitleLocKey, string[]? TitleLocArgs, string? BodyLocKey, string[]? BodyLocArgs);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record LocaleBody(string? Title, string? Body);

    public sealed record EventRow(
        string Type, string? ConversationType, string Tab, string Category, string Description, bool Allowed,
        PushTemplate Template, bool IsDefaultTemplate, IReadOnlyList<string> Placeholders);

    public static IEndpointRouteBuilder MapPushEvents(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/push/events").WithTags("Push events").RequireApp(KeyScopes.Admin);
        g.MapGet("/", List).WithName("listPushEvents").WithSummary("List the notification events with their Allow switch and template");
        g.MapPut("/{type}", Put).WithName("setPushEvent").WithSummary("Allow or block an event type's push and set its template");
        return routes;
    }

    private static EventRow Row(CatalogEvent e, string variant, TemplateRenderer renderer, IReadOnlyList<EventPushSetting> stored)
    {
        var effective = renderer.Resolve(e.Type, variant.Length == 0 ? null : variant, stored);
        return new EventRow(e.Type, variant.Length == 0 ? null : variant, e.Tab, e.Category, TemplateRenderer.Description(e, variant),
            effective.Allowed, effective.Template, effective.IsDefaultTemplate, e.Placeholders);
    }

    private static IEnumerable<string> Variants(CatalogEvent e) => e.ConversationVariants?.Keys.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>();

    internal static async Task<Ok<EventRow[]>> List(
        string app, EventCatalog catalog, TemplateRenderer renderer, IHeraldStore store, CancellationToken ct)
    {
        var stored = await store.ListEventPushSettingsAsync(app, ct);
        return TypedResults.Ok(catalog.Events.Where(e => !e.Internal)
            .SelectMany(e => Variants(e).Prepend("").Select(v => Row(e, v, renderer, stored)))
            .ToArray());
    }

    internal static async Task<Results<Ok<EventRow>, ValidationProblem, ProblemHttpResult>> Put(
        string app, string type, EventBody body, EventCatalog catalog, TemplateRenderer renderer, IHeraldStore store,
        PushSettingsCache cache, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, CancellationToken ct)
    {
        var e = catalog.Find(type);
        if (e is null || e.Internal) // Herald's own operational events are never pushed, so they have no toggle
            return Problems.NotFound($"Event type '{type}' is not in the catalog. GET /v1/catalog (or GET /v1/apps/{app}/push/events) lists the types.");

        var errors = new FieldErrors();
        var variant = "";
        if (body.ConversationType is { } ct2)
        {
            if (e.ConversationVariants is not { Count: > 0 } variants)
                errors.Add("conversationType", $"'{type}' has one setting for every conversation; leave conversationType out.");
            else if (!variants.ContainsKey(ct2))
                errors.Add("conversationType", $"Use one of: {string.Join(", ", Variants(e))} (or leave it out to set '{type}' for every conversation type).");
            else variant = ct2;
        }

        PushTemplate? template = null;
        if (!body.Template.IsAbsent() && !body.Template.IsNull())
        {
            if (body.Template.ValueKind != JsonValueKind.Object)
                errors.Add("template", "The template is an object { \"title\": \"{{senderName}}\", \"body\": \"{{text}}\", \"locales\": { \"fr\": {...} } }, or null for the default.");
            else if (JsonFields.TryRead<TemplateBody>(body.Template, "template", json.Value.SerializerOptions, errors, out var t) && t is not null)
            {
                template = ToTemplate(t);
                if (t.Locales?.Any(l => l.Value is null) == true)
                    errors.Add($"template.locales.{t.Locales.First(l => l.Value is null).Key}", "Give this locale a title and/or a body, or remove it.");
                renderer.Validate(type, template, "template", errors);
            }
        }
        if (body.Allowed is null && body.Template.IsAbsent())
            errors.Add("body", "Give 'allowed' (true or false) and/or 'template' (an object, or null for the default).");
        if (errors.Any) return errors.ToProblem();

        var stored = await store.ListEventPushSettingsAsync(app, ct);
        var current = stored.FirstOrDefault(s => s.Type == type && s.Variant == variant);
        // A variant's first own row starts from what it inherited, so setting only its template keeps its toggle.
        var allowed = body.Allowed ?? current?.Allowed ?? renderer.Resolve(type, variant.Length == 0 ? null : variant, stored).Allowed;
        var setting = new EventPushSetting(type, variant, allowed, body.Template.IsAbsent() ? current?.Template : template);
        await store.SaveEventPushSettingAsync(app, setting, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        cache.Invalidate(app);

        var after = stored.Where(s => !(s.Type == type && s.Variant == variant)).Append(setting).ToList();
        return TypedResults.Ok(Row(e, variant, renderer, after));
    }

    private static PushTemplate ToTemplate(TemplateBody t) => new(
        t.Title, t.Body,
        t.Locales is { Count: > 0 } locales
            ? locales.Where(l => l.Value is not null).ToDictionary(l => l.Key, l => new LocaleText(l.Value!.Title, l.Value.Body), StringComparer.Ordinal)
            : null,
        t.TitleLocKey, t.TitleLocArgs is { Length: > 0 } ta ? ta : null,
        t.BodyLocKey, t.BodyLocArgs is { Length: > 0 } ba ? ba : null);
}
