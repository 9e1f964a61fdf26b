using System.Text.Json;
using Herald.Events;
using Herald.Hosting;
using Herald.Storage;

namespace Herald.Push.Templates;

/// <summary>A rendered notification text: plain title/body, plus translation keys and arguments in key mode.</summary>
public sealed record RenderedText(
    string Title, string Body,
    string? TitleLocKey = null, IReadOnlyList<string>? TitleLocArgs = null,
    string? BodyLocKey = null, IReadOnlyList<string>? BodyLocArgs = null);

/// <summary>STUB (to be written): effective toggles/templates, rendering with the 140-character cut, validation.</summary>
public sealed class TemplateRenderer(EventCatalog catalog)
{
    public const int MaxBodyLength = 140;

    /// <summary>The Allow toggle and template in force for a type (and conversation type, for types with variants).</summary>
    public (bool Allowed, PushTemplate Template) Effective(string type, string? conversationType, IReadOnlyList<EventPushSetting> stored) =>
        throw new NotImplementedException(catalog.ToString());

    /// <summary>Renders for a locale ("fr-CA" falls back to "fr", then to the template's own text).</summary>
    public RenderedText Render(PushTemplate template, IReadOnlyDictionary<string, string> values, string? locale) =>
        throw new NotImplementedException();

    /// <summary>Adds a field error for every problem of a template about to be saved.</summary>
    public void Validate(string type, PushTemplate template, string field, FieldErrors errors) =>
        throw new NotImplementedException();
}

/// <summary>STUB: placeholder values of an event (from its stored webhook body).</summary>
public static class TemplateValues
{
    public static Dictionary<string, string> FromEvent(JsonElement webhookBody, CatalogEvent catalogEvent) =>
        throw new NotImplementedException();
}
