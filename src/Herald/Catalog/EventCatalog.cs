using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Herald.Catalog;

public sealed record TemplateText(string Title, string Body);

public sealed record CatalogEvent(
    string Type, string Category, string Tab, string Description, int SchemaVersion, bool Sensitive,
    TemplateText DefaultTemplate, IReadOnlyList<string> Placeholders, string? CallAction,
    IReadOnlyDictionary<string, JsonObject>? ConversationVariants, bool Internal = false, PushRule? Push = null)
{
    /// <summary>Every schema version from 1 to <see cref="SchemaVersion"/>, each with its data's JSON Schema (generated on load).</summary>
    public IReadOnlyList<EventVersion> Versions { get; init; } = [];
}

/// <summary>
/// Where a type's push takes its receiver ("conversation", "community", "livestream") and its tag
/// (the first present of "data.{field}", "receiver", "sender"; else the event id). docs/PAYLOADS.md
/// shows the result per type.
/// </summary>
public sealed record PushRule(string Receiver, IReadOnlyList<string> Tag)
{
    /// <summary>For a type without a rule (internal ones, never pushed): the conversation, tagged with the event id.</summary>
    public static readonly PushRule Default = new("conversation", []);

    public static readonly IReadOnlyList<string> Receivers = ["conversation", "community", "livestream"];

    /// <summary>What is wrong with the rule, or null: a typo in catalog.json must stop the start, not shape pushes wrongly.</summary>
    public string? Problem() =>
        !Receivers.Contains(Receiver) ? $"receiver '{Receiver}' is not one of {string.Join(", ", Receivers)}"
        : Tag.FirstOrDefault(t => t is not ("receiver" or "sender") && !(t.StartsWith("data.", StringComparison.Ordinal) && t.Length > 5)) is { } bad
            ? $"tag source '{bad}' is not data.{{field}}, receiver or sender"
            : null;
}

/// <summary>The event types Herald accepts, loaded from Catalog/catalog.json (embedded): data, not code.</summary>
public sealed class EventCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly FrozenDictionary<string, CatalogEvent> _byType;

    public EventCatalog(IReadOnlyList<CatalogEvent> events)
    {
        foreach (var e in events)
            if (e.Push?.Problem() is { } problem) throw new InvalidOperationException($"catalog.json, {e.Type}.push: {problem}.");
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
        using var stream = typeof(EventCatalog).Assembly.GetManifestResourceStream("Herald.Catalog.catalog.json")
            ?? throw new InvalidOperationException("The event catalog resource is missing from the build.");
        var doc = JsonSerializer.Deserialize<CatalogFile>(stream, Json) ?? throw new InvalidOperationException("The event catalog is empty.");
        var fields = doc.DataFields ?? [];
        return new EventCatalog([.. doc.Events.Select(e => e.Event with
        {
            Versions = DataSchemas.Build(e.Event.Type, e.Event.SchemaVersion, e.Data, fields),
        })]);
    }

    // An entry's "data" is read beside the event rather than into it: the API serves the schemas built from it.
    private sealed record CatalogFile(List<CatalogEntry> Events, Dictionary<string, JsonObject>? DataFields);

    [JsonConverter(typeof(CatalogEntryConverter))]
    private sealed record CatalogEntry(CatalogEvent Event, Dictionary<int, DataShape>? Data);

    private sealed class CatalogEntryConverter : JsonConverter<CatalogEntry>
    {
        public override CatalogEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var entry = JsonDocument.ParseValue(ref reader);
            var e = entry.RootElement.Deserialize<CatalogEvent>(options) ?? throw new JsonException("An event entry is null.");
            var data = entry.RootElement.TryGetProperty("data", out var d) ? d.Deserialize<Dictionary<int, DataShape>>(options) : null;
            return new CatalogEntry(e, data);
        }

        public override void Write(Utf8JsonWriter writer, CatalogEntry value, JsonSerializerOptions options) => throw new NotSupportedException();
    }
}
