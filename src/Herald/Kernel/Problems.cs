using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Kernel;

/// <summary>
/// RFC 9457 problem details with a detail that names the field and says what to fix. Every error
/// of the API goes through here (or through the exception handler for binding errors).
/// </summary>
public static class Problems
{
    public static ValidationProblem Invalid(string field, string fix) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [fix] },
            detail: $"{field}: {fix}", title: "The request is not valid");

    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors, title: "The request is not valid",
            detail: string.Join(" ", errors.Take(5).Select(e => $"{e.Key}: {e.Value[0]}")) + (errors.Count > 5 ? $" (and {errors.Count - 5} more)" : ""));

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: what);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: 409, title: "Conflict", detail: detail);

    /// <summary>
    /// 422 for every per-app quota (Herald:Quotas): the request is valid but would go beyond a configured
    /// limit. Distinct from 400 (fix the request) and 409 (the resource's state, e.g. already queued).
    /// </summary>
    public static ProblemHttpResult OverQuota(string field, string setting, object limit, string fix) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Over a quota", detail: $"{field}: {fix}",
            extensions: new Dictionary<string, object?> { ["field"] = field, ["quota"] = setting, ["limit"] = limit });

    public static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(statusCode: 413, title: "Payload too large", detail: detail);
}

/// <summary>Collects field errors so one response can name every mistake at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);
    public void Add(string field, string fix)
    {
        if (!_errors.ContainsKey(field)) _errors[field] = [fix];
    }
    public bool Any => _errors.Count > 0;
    public int Count => _errors.Count;
    public ValidationProblem ToProblem() => Problems.Invalid(_errors);
}

/// <summary>
/// A resource's path for a Location header, every segment escaped: an id is user text, and a raw
/// control character in a header fails the response after the record was already stored.
/// </summary>
public static class ResourcePath
{
    public static string Of(params ReadOnlySpan<string> segments)
    {
        var path = new System.Text.StringBuilder();
        foreach (var s in segments) path.Append('/').Append(Uri.EscapeDataString(s));
        return path.ToString();
    }
}
