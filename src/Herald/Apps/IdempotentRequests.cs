using System.Security.Cryptography;
using System.Text;
using Herald.Kernel;
using Herald.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Herald.Apps;

/// <summary>
/// Idempotency-Key, as payment APIs have it: a client that retries a create after a timeout or a lost
/// answer sends the same key and gets the first answer again instead of a second record. The first
/// request with a key reserves it (per app), runs, and its 2xx answer (status, Content-Type, Location,
/// body) is kept for Herald:Api:IdempotencyWindow, the body encrypted since it may be the only copy of
/// a secret (whsec_, an API key). Any other answer releases the key, so the client can fix and retry.
/// The same key with another request is 422; while the first still runs, 409.
/// </summary>
public sealed partial class IdempotentRequests(
    IHeraldStore store, IDataProtectionProvider protection, IOptions<ApiOptions> options, TimeProvider time, ILogger<IdempotentRequests> log)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    /// <summary>Expired rows deleted per new reservation: cleanup keeps pace with new keys and never makes one long delete.</summary>
    private const int CleanupBatch = 10;

    private readonly IDataProtector _protector = protection.CreateProtector("Herald.Idempotency.v1");

    /// <summary>
    /// Whether a route takes the header: every POST of an app's API except ingest, which reads its own body
    /// and has its own idempotency by event id.
    /// </summary>
    public static bool Applies(IList<object> metadata) =>
        !metadata.Contains(JsonBodyGuard.ReadsOwnBody)
        && metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods.Contains(HttpMethods.Post) == true;

    /// <summary>Runs <paramref name="inner"/> under the request's Idempotency-Key, or plainly when it has none.</summary>
    public async Task RunAsync(HttpContext http, RequestDelegate inner)
    {
        // Present but empty is a bad key, not no key: the client meant to send one.
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            await inner(http);
            return;
        }
        if (Refusal(values) is { } refusal)
        {
            await refusal.ExecuteAsync(http);
            return;
        }
        var appId = http.GetRouteValue("app") as string ?? "";
        var key = values[0]!;
        var hash = Hash(http.Request);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var expiredBefore = now - (long)options.Value.IdempotencyWindowValue.TotalMilliseconds;

        var holder = await store.ReserveIdempotencyKeyAsync(appId, key, hash, now, expiredBefore, http.RequestAborted);
        if (holder is null) await RunReservedAsync(http, inner, appId, key, now, expiredBefore);
        // In progress comes first whatever this request is: if the first fails, its key is free again for this one.
        else if (holder.Answer is null)
        {
            http.Response.Headers.RetryAfter = "1";
            await Problems.Conflict($"{Header}: a request with this key is in progress; retry in a moment.").ExecuteAsync(http);
        }
        else if (!holder.RequestHash.AsSpan().SequenceEqual(hash)) await UsedForAnother().ExecuteAsync(http);
        else await ReplayAsync(http, holder.Answer);
    }

    private async Task RunReservedAsync(HttpContext http, RequestDelegate inner, string appId, string key, long reservedAt, long expiredBefore)
    {
        // The answer is captured, not sent, until it is kept: a client that saw it can then always get it again.
        var original = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        var capture = new StreamResponseBodyFeature(buffer, original);
        http.Features.Set<IHttpResponseBodyFeature>(capture);
        try
        {
            await store.DeleteExpiredIdempotencyKeysAsync(appId, expiredBefore, CleanupBatch, CancellationToken.None);
            await inner(http);
            await capture.CompleteAsync();
        }
        catch
        {
            http.Features.Set(original);
            await ReleaseAsync(appId, key, reservedAt);
            throw;
        }
        http.Features.Set(original);

        var body = buffer.ToArray();
        var status = http.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            // Kept even when the client has gone away meanwhile: its retry is exactly who needs the answer.
            var answer = new IdempotentAnswer(status, http.Response.ContentType, http.Response.Headers.Location, _protector.Protect(body));
            try
            {
                if (!await store.CompleteIdempotencyKeyAsync(appId, key, reservedAt, answer, CancellationToken.None)) LogReservationLost(appId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The record is committed; failing now would make the client retry into a 409 anyway. It gets its answer.
                LogNotKept(ex, appId);
            }
        }
        else await ReleaseAsync(appId, key, reservedAt);
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private async Task ReleaseAsync(string appId, string key, long reservedAt)
    {
        try
        {
            await store.ReleaseIdempotencyKeyAsync(appId, key, reservedAt, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotReleased(ex, appId);
        }
    }

    private async Task ReplayAsync(HttpContext http, IdempotentAnswer answer)
    {
        var body = _protector.Unprotect(answer.ProtectedBody);
        http.Response.StatusCode = answer.Status;
        if (answer.ContentType is { } contentType) http.Response.ContentType = contentType;
        if (answer.Location is { } location) http.Response.Headers.Location = location;
        http.Response.Headers[ReplayedHeader] = "true";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>SHA-256 of method, path with query, and the body JsonBodyGuard buffered (none for a route without one).</summary>
    private static byte[] Hash(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.PathBase}{request.Path}{request.QueryString}\n"));
        if (request.Body is MemoryStream buffered)
            sha.AppendData(buffered.TryGetBuffer(out var bytes) ? bytes : buffered.ToArray());
        return sha.GetHashAndReset();
    }

    /// <summary>The 400 for a key that is not 1-255 printable ASCII characters sent once, or null when it is one.</summary>
    internal static IResult? Refusal(Microsoft.Extensions.Primitives.StringValues values)
    {
        const string Want = "send 1-255 printable ASCII characters, e.g. a UUID made once per operation and sent again with each retry of it.";
        if (values.Count > 1) return Problems.Invalid(Header, "The header is sent more than once; send it once: " + Want);
        var key = values.Count == 0 ? "" : values[0] ?? "";
        if (key.Length == 0) return Problems.Invalid(Header, "The key is empty; " + Want);
        if (key.Length > MaxKeyLength) return Problems.Invalid(Header, $"The key has {key.Length} characters; " + Want);
        var bad = key.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (bad >= 0) return Problems.Invalid(Header, $"The key has a control or non-ASCII character at position {bad}; " + Want);
        return null;
    }

    private static IResult UsedForAnother() =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
            detail: $"{Header}: this key was used for another request (another method, path or body); send a new key for a new request, " +
                    "or the first request's exact body to get its answer again.",
            extensions: new Dictionary<string, object?> { ["field"] = Header });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency-Key of app {AppId}: the answer was sent but could not be kept; a retry with the key gets 409 until the window passes")]
    private partial void LogNotKept(Exception ex, string appId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency-Key of app {AppId}: a failed request's key could not be released; a retry with the key gets 409 until the window passes")]
    private partial void LogNotReleased(Exception ex, string appId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency-Key of app {AppId}: the reservation expired while its request ran (longer than Herald:Api:IdempotencyWindow); its answer was not kept")]
    private partial void LogReservationLost(string appId);
}
