using System.Buffers;
using System.Diagnostics;
using System.Text;
using Herald.Secrets;
using Herald.Storage;

namespace Herald.Queue;

/// <summary>What one HTTP attempt came to, whatever the sender: status, error, a snippet of the answer.</summary>
public sealed record HttpAttemptResult(DateTimeOffset Started, double DurationMs, int? Status, string? Error, string? Snippet, TimeSpan? RetryAfter)
{
    public bool Ok => Error is null;
    public long EndMs => Started.ToUnixTimeMilliseconds() + (long)DurationMs;
}

/// <summary>
/// One HTTP POST with a deadline, shared by the webhook and custom-provider senders: 2xx is success;
/// anything else, a 3xx included (redirects are not followed), a timeout or a connection error is a
/// failed attempt. The first 1 KB of the answer is kept for the attempt log.
/// </summary>
public static class HttpAttempt
{
    private const int SnippetBytes = 1024;
    private const int DrainBytes = 4096;

    /// <param name="invoker">An <see cref="HttpClient"/>, or a plain invoker over the named client's handler, which skips
    /// the linked cancellation source and timeout bookkeeping HttpClient adds to every request (the deadline here is
    /// the only one that applies).</param>
    public static async Task<HttpAttemptResult> SendAsync(
        HttpMessageInvoker invoker, HttpRequestMessage request, TimeSpan timeout, DateTimeOffset started, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        int? status = null;
        string? error = null, snippet = null;
        TimeSpan? retryAfter = null;
        try
        {
            // HttpClient's own SendAsync(request, token) would buffer the whole answer; a plain invoker never does.
            using var response = await (invoker is HttpClient client
                ? client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                : invoker.SendAsync(request, deadline.Token));
            status = (int)response.StatusCode;
            retryAfter = RetryAfterOf(response, started);
            snippet = await ReadSnippetAsync(response, deadline.Token);
            if (!response.IsSuccessStatusCode)
                error = status is >= 300 and < 400 ? $"HTTP {status}: redirects are not followed; point the URL at the final address" : $"HTTP {status}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"timed out after {timeout.TotalSeconds:0.###}s; return 2xx quickly and do the work asynchronously";
        }
        catch (HttpRequestException ex)
        {
            error = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
        }
        return new HttpAttemptResult(started, stopwatch.Elapsed.TotalMilliseconds, status, error, snippet, retryAfter);
    }

    /// <summary>Turns a finished attempt into the job's outcome: done, retry on the schedule, or dead-lettered after the last.</summary>
    public static DeliveryOutcome Outcome(ClaimedDelivery job, HttpAttemptResult r, RetryPolicy retry)
    {
        var attempt = new AttemptRecord(job.AttemptCount + 1, r.Started.ToUnixTimeMilliseconds(), r.DurationMs, r.Status,
            r.Ok ? "succeeded" : "failed", r.Error, r.Snippet);
        if (r.Ok) return new DeliveryOutcome(job.Seq, OutcomeKind.Succeeded, r.EndMs, null, attempt, null);
        var delay = retry.NextDelay(job.ScheduleIndex, r.RetryAfter);
        return delay is { } d
            ? new DeliveryOutcome(job.Seq, OutcomeKind.Retry, r.EndMs, r.EndMs + (long)d.TotalMilliseconds, attempt, r.Error)
            : new DeliveryOutcome(job.Seq, OutcomeKind.Dead, r.EndMs, null, attempt, $"{r.Error} (gave up after {retry.MaxAttempts} attempts)");
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
        // Pooled: a fresh (zeroed) 1 KB + 4 KB per attempt showed up in the profile at tens of thousands of sends a second.
        var buffer = ArrayPool<byte>.Shared.Rent(DrainBytes);
        try
        {
            var n = 0;
            int read;
            while (n < SnippetBytes && (read = await stream.ReadAsync(buffer.AsMemory(n, SnippetBytes - n), ct)) > 0) n += read;
            if (n == 0) return null;
            var text = Encoding.UTF8.GetString(buffer, 0, n);
            // Drain up to 64 KB more so a keep-alive connection goes back to the pool; beyond that, drop it.
            for (var total = 0; total < 64 * 1024 && (read = await stream.ReadAsync(buffer.AsMemory(0, DrainBytes), ct)) > 0; total += read) { }
            return text.Length > 0 && char.IsHighSurrogate(text[^1]) ? text[..^1] : text;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A failed attempt that made no request because a stored secret cannot be decrypted: scheduled like any
    /// other failure, with the code monitoring counts and diagnostics names (<see cref="UnreadableSecret"/>).
    /// </summary>
    public static DeliveryOutcome SecretUnreadable(ClaimedDelivery job, string error, RetryPolicy retry, DateTimeOffset now)
    {
        var outcome = Outcome(job, new HttpAttemptResult(now, 0, null, error, null, null), retry);
        return outcome with { Attempt = outcome.Attempt! with { Code = UnreadableSecret.Code } };
    }
}
