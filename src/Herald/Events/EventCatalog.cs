using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.Events;

public sealed record TemplateText(string Title, string Body);

public sealed record CatalogEvent(
    string Type, string Category, string Tab, string Description, int SchemaVersion, bool Sensitive,
    TemplateText DefaultTemplate, IReadOnlyList<string> Placeholders, string? CallAction,
    IReadOnlyDictionary<string, JsonObject>? ConversationVariants, bool Internal = false);

/// <summary>The event types Herald accepts, loaded from Events/catalog.json (embedded): data, not code.</summary>
public sealed class EventCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly FrozenDictionary<string, CatalogEvent> _byType;

    public EventCatalog(IReadOnlyList<CatalogEvent> events)
    {
        Events = events;
        _byType = events.ToFrozenDictionary(e => e.Type, StringComparer.Ordinal);
        KnownTypesText = string.Join(", ", events.Where(e => !e.Internal).Select(e => e.Type));
    }

    public IReadOnlyList<CatalogEvent> Events { get; }

    /// <summary>Every type a client may post, comma-separated, for error messages that list them.</summary>
    public string KnownTypesText { get; }

    public CatalogEvent? Find(string type) => _byType.GetValueOrDefault(type);

    public static EventCatalog LoadEmbedded()
    {
        using var stream = typeof(EventCatalog).Assembly.GetManifestResourceStream("Herald.Events.catalog.json")
            ?? throw new InvalidOperationException("The event catalog resource is missing from the build.");
        var doc = JsonSerializer.Deserialize<CatalogFile>(stream, Json) ?? throw new InvalidOperationException("The event catalog is empty.");
        return new EventCatalog(doc.Events);
    }

    private sealed record CatalogFile(List<CatalogEvent> Events);
}
