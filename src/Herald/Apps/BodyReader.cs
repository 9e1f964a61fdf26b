using System.Text.Json;
using Herald.Kernel;

namespace Herald.Apps;

/// <summary>Reads a request body up to a limit, refusing larger ones without buffering them whole.</summary>
public static class BodyReader
{
    /// <returns>The body, or null when it is larger than <paramref name="limit"/>.</returns>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        // The buffer grows with the bytes that really arrived, never from Content-Length: a client that
        // declares 16 MB and trickles a few bytes a second must not make Herald hold 16 MB for it.
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>
    /// Parses a JSON body, or says what is wrong with it: empty, not JSON, or text that is not Unicode
    /// (named by its JSON path, see <see cref="JsonText"/>).
    /// </summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body, string expected, out JsonText.Finding? error)
    {
        error = null;
        if (body.Length == 0)
        {
            error = new JsonText.Finding("body", $"The body is empty. {expected}");
            return null;
        }
        if (JsonText.FindInvalidString(body.Span) is { } bad)
        {
            error = bad;
            return null;
        }
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            error = new JsonText.Finding("body", $"The body is not valid JSON ({ex.Message}). {expected}");
            return null;
        }
    }
}
