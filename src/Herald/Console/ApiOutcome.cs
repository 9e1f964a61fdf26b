using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.WebConsole;

/// <summary>
/// What one of the API's own handlers answered, for a page to show: the value on success, else the
/// field errors (the validator's words, shown next to their inputs) or the problem's detail. The console
/// calls the handlers themselves, so a page can never accept what the API refuses, or the reverse.
/// </summary>
public sealed record ApiOutcome<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors, string? Problem, int Status)
{
    private static readonly IReadOnlyDictionary<string, string[]> None = new Dictionary<string, string[]>();

    public bool Succeeded => Status is >= 200 and < 300;

    public static ApiOutcome<T> From(IResult result) => result switch
    {
        IValueHttpResult<T> v => new(v.Value, None, null, (result as IStatusCodeHttpResult)?.StatusCode ?? 200),
        ValidationProblem p => new(default, p.ProblemDetails.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal), p.ProblemDetails.Detail, 400),
        ProblemHttpResult p => new(default, None, p.ProblemDetails.Detail ?? p.ProblemDetails.Title, p.StatusCode),
        IStatusCodeHttpResult s => new(default, None, null, s.StatusCode ?? 200),
        _ => new(default, None, "Unexpected answer from the API handler.", 500),
    };

    /// <summary>The first message for a field, or null.</summary>
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var m) && m.Length > 0 ? m[0] : null;

    /// <summary>Every message, each prefixed by its field, for the form's summary.</summary>
    public IEnumerable<string> AllErrors => Errors.Count > 0 ? Errors.Select(e => $"{e.Key}: {e.Value[0]}") : Problem is null ? [] : [Problem];
}

public static class ApiOutcome
{
    public static ApiOutcome<T> Of<T>(IResult result) => ApiOutcome<T>.From(result);
}
