using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Herald.Storage;
using Herald.Webhooks;

namespace Herald.Delivery;

/// <summary>
/// Sends one webhook attempt and turns what happened into an outcome: 2xx is delivered; anything
/// else, a 3xx included (redirects are not followed), a timeout or a connection error is a failed
/// attempt, retried on the schedule and dead-lettered after the last.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, RetryPolicy retry, TimeProvider time)
{
    public const string ClientName = "herald-webhooks";
    private const int SnippetBytes = 1024;
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery job, EndpointRuntime? endpoint, byte[] body, CancellationToken ct)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (endpoint is null) return new DeliveryOutcome(job.Seq, OutcomeKind.Cancelled, nowMs, null, null, "endpoint deleted");
        if (!endpoint.Record.Enabled)
            return new DeliveryOutcome(job.Seq, OutcomeKind.Cancelled, nowMs, null, null,
                $"endpoint disabled ({endpoint.Record.DisabledReason ?? "by an operator"}); replay to send again");

        if (endpoint.Limiter is { } limiter)
        {
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                // Over the endpoint's rate: not an attempt, just later. Wait about one token's time.
                var wait = lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var ra) ? ra
                    : TimeSpan.FromMilliseconds(Math.Max(10, 1000.0 / Math.Max(1, endpoint.Record.RateLimitPerSecond)));
                return new DeliveryOutcome(job.Seq, OutcomeKind.Deferred, nowMs, nowMs + (long)wait.TotalMilliseconds, null, null);
            }
        }

        var started = time.GetUtcNow();
        var timestamp = started.ToUnixTimeSeconds();
        var stopwatch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Record.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
        };
        request.Headers.TryAddWithoutValidation("webhook-id", job.Id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Sign(job.Id, timestamp, body, endpoint.KeysAt(started.ToUnixTimeMilliseconds())));
        request.Headers.UserAgent.ParseAdd("Herald-Webhooks/1");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(endpoint.Timeout);
        int? status = null;
        string? error = null, snippet = null;
        TimeSpan? retryAfter = null;
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            retryAfter = RetryAfterOf(response, started);
            snippet = await ReadSnippetAsync(response, timeout.Token);
            if (!response.IsSuccessStatusCode)
                error = status is >= 300 and < 400 ? $"HTTP {status}: redirects are not followed; point the endpoint at the final URL" : $"HTTP {status}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"timed out after {endpoint.Timeout.TotalSeconds:0.###}s; return 2xx quickly and do the work asynchronously";
        }
        catch (HttpRequestException ex)
        {
            error = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
        }
        var durationMs = stopwatch.Elapsed.TotalMilliseconds;
        var endMs = started.ToUnixTimeMilliseconds() + (long)durationMs;
        var ok = error is null;
        var attempt = new AttemptRecord(job.AttemptCount + 1, started.ToUnixTimeMilliseconds(), durationMs, status,
            ok ? "succeeded" : "failed", error, snippet);
        if (ok) return new DeliveryOutcome(job.Seq, OutcomeKind.Succeeded, endMs, null, attempt, null);

        var delay = retry.NextDelay(job.ScheduleIndex, retryAfter);
        return delay is { } d
            ? new DeliveryOutcome(job.Seq, OutcomeKind.Retry, endMs, endMs + (long)d.TotalMilliseconds, attempt, error)
            : new DeliveryOutcome(job.Seq, OutcomeKind.Dead, endMs, null, attempt, $"{error} (gave up after {retry.MaxAttempts} attempts)");
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Keeps the first 1 KB for the attempt log; reads (a little) further so the connection can be reused.</summary>
    private static async Task<string?> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[SnippetBytes];
        var n = 0;
        int read;
        while (n < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(n), ct)) > 0) n += read;
        // Drain up to 64 KB more so a keep-alive connection goes back to the pool; beyond that, drop it.
        var drain = new byte[4096];
        for (var total = 0; total < 64 * 1024 && (read = await stream.ReadAsync(drain, ct)) > 0; total += read) { }
        if (n == 0) return null;
        var text = Encoding.UTF8.GetString(buffer, 0, n);
        return text.Length > 0 && char.IsHighSurrogate(text[^1]) ? text[..^1] : text;
    }
}
