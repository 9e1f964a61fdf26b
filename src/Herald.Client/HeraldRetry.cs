using System.Net;
using Polly;
using Polly.Retry;

namespace Herald.Client;

/// <summary>
/// The client's retry: Polly's retry strategy with Herald's Retry-After as the delay (seconds or an HTTP date, read
/// against the injected clock) and Polly's jittered exponential backoff when there is none. Every delay runs on
/// the <see cref="TimeProvider"/>, so a test moves a fake clock instead of waiting.
/// </summary>
internal static class HeraldRetry
{
    public static ResiliencePipeline<HttpResponseMessage> Build(HeraldClientOptions options, TimeProvider time)
    {
        if (options.MaxRetryAttempts == 0) return ResiliencePipeline<HttpResponseMessage>.Empty;
        var maxRetryAfter = options.MaxRetryAfter;
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken, time, maxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome is { Result: { } r } ? RetryAfter(r, time) : null),
            })
            .Build();
    }

    /// <summary>The wait Herald asked for; an HTTP date already past is no wait.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CancellationToken caller, TimeProvider time, TimeSpan maxRetryAfter)
    {
        // The caller's own cancellation ends the call; any other cancellation is HttpClient.Timeout, as transient as a reset.
        if (outcome.Exception is { } e) return e is HttpRequestException || (e is OperationCanceledException && !caller.IsCancellationRequested);
        if (outcome is not { Result: { } response }) return false;
        var retryAfter = RetryAfter(response, time);
        if (retryAfter > maxRetryAfter) return false; // better to fail now with Herald's answer than hold the caller for minutes
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => true,
            // Herald's "a request with this Idempotency-Key is still in progress" (a retry overtook the first attempt);
            // other conflicts carry no Retry-After and are final.
            HttpStatusCode.Conflict => retryAfter is not null,
            _ => false,
        };
    }
}
