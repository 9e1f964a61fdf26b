using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Herald.Kernel;

namespace Herald.Apps;

/// <summary>
/// Every JSON body of the API passes here before model binding (called by the access guard, so a
/// request without a key still gets its 401 first): at most <see cref="ApiOptions.MaxJsonBodyBytes"/>
/// (or the ingest batch limit for a route marked <see cref="TakesLargeBody"/>), not empty unless the body is optional, a JSON object, and
/// only Unicode text. Binding then reads the checked copy. Applied to every route that accepts JSON,
/// so a new route is covered without anyone remembering to.
/// </summary>
public static class JsonBodyGuard
{
    /// <summary>Metadata for routes that read and check their own body (ingest, with its own limits).</summary>
    public static readonly object ReadsOwnBody = new ReadsOwnBodyMarker();

    /// <summary>Metadata giving a route the ingest batch limit (Herald:Ingest:MaxBatchBytes): a channel's member list may be large.</summary>
    public static readonly object TakesLargeBody = new TakesLargeBodyMarker();

    private sealed class ReadsOwnBodyMarker;
    private sealed class TakesLargeBodyMarker;

    /// <returns>The refusal, or null when the body may be bound.</returns>
    public static async Task<IResult?> CheckAsync(HttpContext http)
    {
        var metadata = http.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<IAcceptsMetadata>() is not { } accepts || metadata.GetMetadata<ReadsOwnBodyMarker>() is not null) return null;
        // Another media type is refused by binding itself (415), with the answer ProblemDetailsSetup gives.
        if (!http.Request.HasJsonContentType() && (http.Request.ContentLength > 0 || http.Request.ContentType is not null)) return null;

        var large = metadata.GetMetadata<TakesLargeBodyMarker>() is not null;
        var limit = large
            ? http.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value.MaxBatchBytes
            : http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxJsonBodyBytes;
        var body = await BodyReader.ReadAsync(http.Request, limit, http.RequestAborted);
        if (body is not { } bytes)
            return Problems.TooLarge($"body: this call takes at most {limit / 1024} KB of JSON; send less " +
                $"(or raise {(large ? "Herald:Ingest:MaxBatchBytes" : "Herald:Api:MaxJsonBodyBytes")}).");
        if (bytes.Length == 0)
        {
            if (accepts.IsOptional) return null;
            return Problems.Invalid("body", "The body is empty; send a JSON object with the documented fields (see /openapi/v1.json).");
        }
        if (JsonText.FindInvalidString(bytes.Span) is { } bad) return Problems.Invalid(bad.Path, bad.Fix);
        if (FirstToken(bytes.Span) is { } first && first != JsonTokenType.StartObject
            && !(first == JsonTokenType.Null && accepts.IsOptional))
            return Problems.Invalid("body", $"The body is {Describe(first)}; send a JSON object with the documented fields (see /openapi/v1.json).");

        // Binding reads the very buffer that was checked (BodyReader's own array, no copy).
        http.Request.Body = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false, publiclyVisible: true)
            : new MemoryStream(bytes.ToArray(), writable: false);
        http.Request.ContentLength = bytes.Length;
        return null;
    }

    /// <summary>The body's first token, or null when it is not JSON (binding reports where and why).</summary>
    private static JsonTokenType? FirstToken(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try { return reader.Read() ? reader.TokenType : null; }
        catch (JsonException) { return null; }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "a JSON array",
        JsonTokenType.String => "a JSON string",
        JsonTokenType.Number => "a number",
        _ => "true or false",
    };
}
