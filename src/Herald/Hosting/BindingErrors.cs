using System.Text.RegularExpressions;

namespace Herald.Hosting;

/// <summary>
/// Turns the framework's binding messages ("Failed to bind parameter \"Nullable&lt;int&gt; limit\" from
/// \"abc\".") into the API's own: the field by its name and what to send instead, never .NET type names.
/// </summary>
internal static partial class BindingErrors
{
    // The parameter is quoted as "<type> <name>"; the type may contain spaces inside <...>.
    [GeneratedRegex("""parameter "(?<type>[^"]*?) ?(?<name>[A-Za-z_][A-Za-z0-9_]*)"(?: from "(?<value>[^"]*)")?""")]
    private static partial Regex Parameter();

    public static (string? Field, string Fix) Explain(BadHttpRequestException bad)
    {
        switch (bad.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return ("body", "The request body is larger than Herald accepts; send less.");
            case StatusCodes.Status415UnsupportedMediaType:
                return ("Content-Type", "Send the body as JSON with 'Content-Type: application/json'.");
        }
        var m = Parameter().Match(bad.Message);
        if (!m.Success) return (null, "The request could not be read; check it against /openapi/v1.json.");
        var name = m.Groups["name"].Value;
        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && !m.Groups["value"].Success)
            return ("body", "The body is missing; send a JSON object with the documented fields (see /openapi/v1.json).");
        var type = m.Groups["type"].Value;
        var expected = type switch
        {
            _ when type.Contains("int", StringComparison.OrdinalIgnoreCase) || type.Contains("long", StringComparison.OrdinalIgnoreCase) => "a whole number",
            _ when type.Contains("double", StringComparison.OrdinalIgnoreCase) || type.Contains("decimal", StringComparison.OrdinalIgnoreCase) => "a number",
            _ when type.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true or false",
            _ when type.Contains("DateTime", StringComparison.Ordinal) => "an ISO 8601 time such as 2026-11-22T10:00:00Z",
            _ => "a value of the documented form",
        };
        return (name, m.Groups["value"].Success ? $"'{m.Groups["value"].Value}' is not {expected}; send {expected}." : $"Give {name}: {expected}.");
    }
}
