using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Herald.Catalog;

/// <summary>
/// The catalog's data schemas, built once at start (building is the costly part; evaluating a built
/// schema is cheap), and the check of an event's data against its type and version for strict apps.
/// </summary>
public sealed class EventSchemas
{
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List };
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private readonly FrozenDictionary<(string Type, int Version), (JsonSchema Schema, JsonObject Text)> _schemas;

    public EventSchemas(EventCatalog catalog)
    {
        // A registry of our own: hosts started side by side (tests) would otherwise register the same $id twice globally.
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        _schemas = catalog.Events
            .SelectMany(e => e.Versions.Select(v => KeyValuePair.Create((e.Type, v.Version), (JsonSchema.FromText(v.DataSchema.ToJsonString(), build), v.DataSchema))))
            .ToFrozenDictionary();
    }

    /// <summary>What is wrong with a schema as a draft 2020-12 schema (checked against the meta-schema), or null.</summary>
    public static string? MetaSchemaProblem(JsonObject schema)
    {
        using var doc = JsonDocument.Parse(schema.ToJsonString());
        var result = MetaSchemas.Draft202012.Evaluate(doc.RootElement, Detailed);
        return result.IsValid ? null : string.Join("; ", Failures(result).Select(f => $"{f.Location}: {f.Message}"));
    }

    /// <summary>
    /// Each way the event's data misses its type's schema: the field, named as the API's field errors name
    /// fields (<paramref name="path"/>.data.conversationId, .data.items[2]), and what was expected. Absent
    /// data is an empty object. Empty when the data conforms (the common case costs one flag evaluation).
    /// </summary>
    public IReadOnlyList<(string Field, string Fix)> Check(string type, int version, JsonElement data, string path)
    {
        if (!_schemas.TryGetValue((type, version), out var entry)) return [];
        if (data.ValueKind != JsonValueKind.Object) data = EmptyObject;
        if (entry.Schema.Evaluate(data, Quick).IsValid) return [];

        var prefix = path.Length == 0 ? "data" : $"{path}.data";
        var properties = entry.Text["properties"]?.AsObject();
        var errors = new List<(string Field, string Fix)>();
        foreach (var (location, keyword, message) in Failures(entry.Schema.Evaluate(data, Detailed)))
        {
            if (keyword == "required")
                foreach (var name in (entry.Text["required"]?.AsArray() ?? []).Select(n => (string)n!).Where(n => !data.TryGetProperty(n, out _)))
                {
                    errors.Add(($"{prefix}.{name}", $"Required by {type} (version {version}): {Expected(properties?[name])}."));
                }
            else
            {
                var field = prefix + Dotted(location);
                var top = location.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                errors.Add((field, $"Expected {Expected(top is null ? null : properties?[Unescape(top)])} ({message})."));
            }
        }
        if (errors.Count == 0) errors.Add((prefix, $"The data does not match the schema of {type} version {version} (GET /v1/catalog)."));
        return errors;
    }

    /// <summary>"a string or an integer of 1-200 characters: The message's id" from a field's schema.</summary>
    public static string Expected(JsonNode? field)
    {
        if (field is not JsonObject f) return "a value";
        var text = new StringBuilder();
        if (f["enum"] is JsonArray values) text.Append("one of ").AppendJoin(", ", values.Select(v => v?.ToJsonString()));
        else if (f["type"] is JsonArray types) text.Append(string.Join(" or ", types.Select(t => Article((string)t!))));
        else if (f["type"] is JsonValue one) text.Append(Article((string)one!));
        else text.Append("a value");
        if (f["minLength"] is not null || f["maxLength"] is not null)
            text.Append(" of ").Append(f["minLength"]?.GetValue<int>() ?? 0).Append(f["maxLength"] is { } max ? $"-{max}" : " or more").Append(" characters");
        if (f["description"] is JsonValue d) text.Append(": ").Append((string)d!);
        return text.ToString();
    }

    private static string Article(string type) => type switch
    {
        "integer" => "an integer",
        "object" => "an object",
        "array" => "an array",
        "null" => "null",
        _ => $"a {type}",
    };

    /// <summary>The failing leaves of a List result: (instance location as a JSON pointer, keyword, message).</summary>
    private static IEnumerable<(string Location, string Keyword, string Message)> Failures(EvaluationResults result) =>
        (result.Details ?? []).Prepend(result)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => (d.InstanceLocation.ToString(), e.Key, e.Value)));

    /// <summary>"/items/2/name" → ".items[2].name", as FieldErrors names nested fields.</summary>
    private static string Dotted(string pointer)
    {
        var text = new StringBuilder();
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Unescape))
            text.Append(segment.All(char.IsAsciiDigit) ? $"[{segment}]" : $".{segment}");
        return text.ToString();
    }

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
