using System.Net;

namespace Herald.Client;

/// <summary>
/// An RFC 9457 problem as Herald answers it: <see cref="Detail"/> names the field by its JSON path and says what
/// to send instead.
/// </summary>
/// <param name="Type">The problem type URI (RFC 9457 <c>type</c>).</param>
/// <param name="Title">A short summary, the same for every problem of its kind.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What went wrong with this request and how to fix it.</param>
/// <param name="Field">The JSON path of the field at fault (e.g. <c>events[3].sender.uid</c>), when one is.</param>
/// <param name="Errors">Every field at fault with its fixes, for a validation problem.</param>
public sealed record HeraldProblem(
    string? Type, string? Title, int? Status, string? Detail, string? Field, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>Herald answered with an error (after any retries); <see cref="Problem"/> is its problem document.</summary>
public sealed class HeraldApiException : Exception
{
    /// <summary>The answer's HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem Herald sent, or null when the body was not a problem document (e.g. from a proxy).</summary>
    public HeraldProblem? Problem { get; }

    /// <summary>Makes the exception for an error answer.</summary>
    /// <param name="statusCode">The answer's status code.</param>
    /// <param name="problem">Its problem document, if it had one.</param>
    public HeraldApiException(HttpStatusCode statusCode, HeraldProblem? problem)
        : base(MessageOf(statusCode, problem))
    {
        StatusCode = statusCode;
        Problem = problem;
    }

    private static string MessageOf(HttpStatusCode status, HeraldProblem? problem) =>
        $"Herald answered {(int)status} {problem?.Title ?? status.ToString()}" + (problem?.Detail is { } d ? $": {d}" : ".");
}
