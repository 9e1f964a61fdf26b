using System.Text.Json;
using Herald.Kernel;

namespace Herald.Push;

/// <summary>
/// Fields where "absent" (keep) and null (reset) mean different things are bound as JsonElement and
/// read here, with the same field-named errors the binder gives for the rest of the body.
/// </summary>
internal static class JsonFields
{
    public static bool IsAbsent(this JsonElement e) => e.ValueKind == JsonValueKind.Undefined;
    public static bool IsNull(this JsonElement e) => e.ValueKind == JsonValueKind.Null;

    public static bool TryRead<T>(JsonElement e, string field, JsonSerializerOptions options, FieldErrors errors, out T? value)
    {
        try
        {
            value = e.Deserialize<T>(options);
            return true;
        }
        catch (JsonException ex)
        {
            var at = ex.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? $"{field}.{p[2..]}"
                : ex.Path is { Length: > 1 } q && q.StartsWith("$[", StringComparison.Ordinal) ? field + q[1..]
                : field;
            errors.Add(at, ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "Unknown field; remove it (the fields are listed in /openapi/v1.json)."
                : "This value has the wrong type (for example text where a number, true/false or an object is expected).");
            value = default;
            return false;
        }
    }
}
