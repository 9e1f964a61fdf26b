using System.Text;
using System.Text.Json.Nodes;
using Herald.Catalog;
using Herald.Storage;

namespace Herald.Push.Templates;

/// <summary>A rendered notification text: plain title/body, plus translation keys and arguments in key mode.</summary>
public sealed record RenderedText(
    string Title, string Body,
    string? TitleLocKey = null, IReadOnlyList<string>? TitleLocArgs = null,
    string? BodyLocKey = null, IReadOnlyList<string>? BodyLocArgs = null);

/// <summary>
/// The toggle and template in force for one event type (or conversation variant) and whether its
/// template is still the catalog's own. <see cref="Variant"/> is "" unless the type has variants.
/// </summary>
public sealed record EffectiveEventSetting(string Type, string Variant, bool Allowed, PushTemplate Template, bool IsDefaultTemplate);

/// <summary>Effective toggles/templates, rendering with the 140-character cut, and validation before save.</summary>
public sealed partial class TemplateRenderer(EventCatalog catalog)
{
    public const int MaxBodyLength = 140;
    public const int MaxTitleLength = 140;

    /// <summary>The Allow toggle and template in force for a type (and conversation type, for types with variants).</summary>
    public (bool Allowed, PushTemplate Template) Effective(string type, string? conversationType, IReadOnlyList<EventPushSetting> stored)
    {
        var e = Resolve(type, conversationType, stored);
        return (e.Allowed, e.Template);
    }

    /// <summary>
    /// Each field falls back on its own: the variant's row, then the type's "" row, then the catalog
    /// (allowed = true; the variant's default template, else the type's). A stored template's missing
    /// title or body is filled from that default, so key-mode templates still carry text.
    /// </summary>
    public EffectiveEventSetting Resolve(string type, string? conversationType, IReadOnlyList<EventPushSetting> stored)
    {
        var variant = VariantOf(type, conversationType);
        EventPushSetting? own = null, whole = null;
        foreach (var s in stored)
        {
            if (!string.Equals(s.Type, type, StringComparison.Ordinal)) continue;
            if (s.Variant.Length == 0) whole = s;
            if (variant.Length > 0 && string.Equals(s.Variant, variant, StringComparison.Ordinal)) own = s;
        }
        var allowed = own?.Allowed ?? whole?.Allowed ?? true;
        var template = own?.Template ?? whole?.Template;
        var fallback = DefaultTemplate(type, variant);
        var effective = template is null ? fallback : template with { Title = template.Title ?? fallback.Title, Body = template.Body ?? fallback.Body };
        return new EffectiveEventSetting(type, variant, allowed, effective, template is null);
    }

    /// <summary>The variant a conversation type selects: itself when the catalog type has that variant, else "".</summary>
    public string VariantOf(string type, string? conversationType) =>
        conversationType is not null && catalog.Find(type)?.ConversationVariants is { } variants && variants.ContainsKey(conversationType)
            ? conversationType : "";

    public PushTemplate DefaultTemplate(string type, string variant)
    {
        var e = catalog.Find(type);
        if (e is null) return new PushTemplate("", "");
        var own = VariantSection(e, variant)?["defaultTemplate"] as JsonObject;
        return new PushTemplate(
            (string?)own?["title"] ?? e.DefaultTemplate.Title,
            (string?)own?["body"] ?? e.DefaultTemplate.Body);
    }

    /// <summary>The variant's own description ("… in the users channel"), else the type's.</summary>
    public static string Description(CatalogEvent e, string variant) => (string?)VariantSection(e, variant)?["description"] ?? e.Description;

    private static JsonObject? VariantSection(CatalogEvent e, string variant) =>
        variant.Length > 0 && e.ConversationVariants is { } v && v.TryGetValue(variant, out var section) ? section : null;

    /// <summary>Renders for a locale ("fr-CA" falls back to "fr", then to the template's own text).</summary>
    /// <param name="cacheParsed">False for text that is not stored (the console's preview): it is parsed without filling the parse cache.</param>
    public RenderedText Render(PushTemplate template, IReadOnlyDictionary<string, string> values, string? locale, bool cacheParsed = true)
    {
        var local = FindLocale(template.Locales, locale);
        var title = TemplateSyntax.Cut(Fill(local?.Title ?? template.Title ?? "", values, cacheParsed), MaxTitleLength);
        var body = TemplateSyntax.Cut(Fill(local?.Body ?? template.Body ?? "", values, cacheParsed), MaxBodyLength);
        return new RenderedText(
            title, body,
            template.TitleLocKey, template.TitleLocKey is null ? null : FillAll(template.TitleLocArgs, values),
            template.BodyLocKey, template.BodyLocKey is null ? null : FillAll(template.BodyLocArgs, values));
    }

    private static string[] FillAll(IReadOnlyList<string>? args, IReadOnlyDictionary<string, string> values) =>
        args is null ? [] : args.Select(a => Fill(a, values)).ToArray();

    /// <summary>Missing values render as nothing, never as the raw "{{name}}" a user would see.</summary>
    internal static string Fill(string template, IReadOnlyDictionary<string, string> values, bool cacheParsed = true)
    {
        if (!template.Contains('{', StringComparison.Ordinal)) return TemplateSyntax.CollapseSpaces(template);
        var b = new StringBuilder(template.Length + 32);
        TemplatePart[] parts = cacheParsed ? TemplateSyntax.Parse(template) : [.. TemplateSyntax.Parse(template, out _)];
        foreach (var part in parts)
        {
            if (!part.IsPlaceholder) b.Append(part.Text);
            else if (values.TryGetValue(part.Text, out var v)) b.Append(v);
            // {{data.orderId}} and {{orderId}} name the same data field.
            else if (part.Text.StartsWith("data.", StringComparison.Ordinal) && values.TryGetValue(part.Text[5..], out v)) b.Append(v);
        }
        return TemplateSyntax.CollapseSpaces(b.ToString());
    }

    /// <summary>Exact tag first, then its language ("fr-CA" → "fr"); case and '_' vs '-' are ignored (Android sends "pt_BR").</summary>
    internal static LocaleText? FindLocale(IReadOnlyDictionary<string, LocaleText>? locales, string? locale)
    {
        if (locales is null || locales.Count == 0 || string.IsNullOrWhiteSpace(locale)) return null;
        var wanted = locale.Trim().Replace('_', '-');
        if (Match(locales, wanted) is { } exact) return exact;
        var dash = wanted.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? Match(locales, wanted[..dash]) : null;

        static LocaleText? Match(IReadOnlyDictionary<string, LocaleText> locales, string tag)
        {
            foreach (var (key, text) in locales)
                if (string.Equals(key.Replace('_', '-'), tag, StringComparison.OrdinalIgnoreCase)) return text;
            return null;
        }
    }
}
