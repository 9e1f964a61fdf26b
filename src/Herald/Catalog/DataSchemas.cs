using System.Text.Json.Nodes;

namespace Herald.Catalog;

/// <summary>The fields of one version of a type's data, by name (catalog.json's "data"; each name defined once in "dataFields").</summary>
public sealed record DataShape(IReadOnlyList<string> Required, IReadOnlyList<string> Optional);

/// <summary>One schema version of a type, with the JSON Schema (draft 2020-12) its data conforms to.</summary>
public sealed record EventVersion(int Version, JsonObject DataSchema);

/// <summary>
/// Generates each type's data schemas from catalog.json rather than keeping thirty-odd hand-written
/// schemas beside it: a field is described once (type, limits, what it is for) and each type lists what
/// it requires and what it understands. Data stays open (additionalProperties is not false): an app's own
/// fields under data pass through, as they always have.
/// </summary>
public static class DataSchemas
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The names Herald fills from the event itself (sender, conversation) rather than from data.</summary>
    public static readonly IReadOnlySet<string> DerivedPlaceholders = new HashSet<string>(StringComparer.Ordinal)
    {
        "senderUid", "senderName", "senderAvatar", "conversationId", "conversationName", "conversationType", "callType", "callTypeLabel",
    };

    /// <summary>
    /// A schema for every version from 1 to the type's newest; a version the catalog does not describe takes the
    /// shape of the nearest older one (data changes shape rarely; the version number also moves for other reasons).
    /// A type without "data" (none yet described) gets an open object.
    /// </summary>
    public static IReadOnlyList<EventVersion> Build(
        string type, int newest, IReadOnlyDictionary<int, DataShape>? shapes, IReadOnlyDictionary<string, JsonObject> fields)
    {
        foreach (var stray in shapes?.Keys.Where(v => v < 1 || v > newest) ?? [])
            throw new InvalidOperationException($"catalog.json, {type}.data: version {stray} is not between 1 and the schemaVersion {newest}.");
        var versions = new List<EventVersion>(newest);
        for (var v = 1; v <= newest; v++)
        {
            var shape = shapes?.Where(s => s.Key <= v).OrderByDescending(s => s.Key).Select(s => s.Value).FirstOrDefault();
            versions.Add(new EventVersion(v, Schema(type, v, shape, fields)));
        }
        return versions;
    }

    private static JsonObject Schema(string type, int version, DataShape? shape, IReadOnlyDictionary<string, JsonObject> fields)
    {
        var properties = new JsonObject();
        foreach (var name in (shape?.Required ?? []).Concat(shape?.Optional ?? []))
        {
            if (!fields.TryGetValue(name, out var field))
                throw new InvalidOperationException($"catalog.json, {type}.data: the field '{name}' is not described under dataFields.");
            if (properties.ContainsKey(name))
                throw new InvalidOperationException($"catalog.json, {type}.data: the field '{name}' is listed twice.");
            properties[name] = field.DeepClone();
        }
        var schema = new JsonObject
        {
            ["$schema"] = Dialect,
            ["$id"] = $"urn:herald:catalog:{type}:{version}:data",
            ["title"] = $"{type} data, version {version}",
            ["type"] = "object",
            ["properties"] = properties,
        };
        if (shape?.Required is { Count: > 0 } required) schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        return schema;
    }
}
