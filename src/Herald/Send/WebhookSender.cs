using Herald.Queue;
using Herald.Secrets;
using Herald.Storage;
using Herald.Webhooks;

namespace Herald.Send;

/// <summary>
/// Sends one webhook attempt (Standard Webhooks headers and signature) and turns what happened into an
/// outcome with <see cref="HttpAttempt"/>; over the endpoint's rate limit the job is deferred, not attempted.
/// </summary>
public sealed class WebhookSender(IHttpMessageHandlerFactory handlers, RetryPolicy retry, IEndpointRateGate rateGate, TimeProvider time)
{
    // The named client's handler never expires (SetHandlerLifetime(Infinite) in WebhookServices), so one invoker over it serves
    // every send; it is not disposed with the sender because the factory owns the handler.
    private readonly Lazy<HttpMessageInvoker> _invoker = new(() => new HttpMessageInvoker(handlers.CreateHandler(UrlGuard.ClientName), disposeHandler: false));
    private const string UserAgent = "Herald-Webhooks/1";
    private const string JsonContentType = "application/json; charset=utf-8";

    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery job, EndpointRuntime? endpoint, byte[] body, CancellationToken ct)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (endpoint is null) return new DeliveryOutcome(job.Seq, OutcomeKind.Cancelled, nowMs, null, null, "endpoint deleted");
        if (!endpoint.Record.Enabled)
            return new DeliveryOutcome(job.Seq, OutcomeKind.Cancelled, nowMs, null, null,
                $"endpoint disabled ({endpoint.Record.DisabledReason ?? "by an operator"}); replay to send again");

        var started = time.GetUtcNow();
        var keys = endpoint.KeysAt(started.ToUnixTimeMilliseconds());
        // Every live secret is unreadable (key ring lost): nothing to sign with until the operator acts.
        if (keys.Count == 0) return HttpAttempt.SecretUnreadable(job, UnreadableSecret.WebhookError, retry, started);

        // Over the endpoint's rate (on this node, or on all nodes together with PostgreSQL): not an attempt, just later.
        if (endpoint.Record.RateLimitPerSecond > 0 && await rateGate.WaitBeforeSendAsync(endpoint, ct) is { } wait)
            return new DeliveryOutcome(job.Seq, OutcomeKind.Deferred, nowMs, nowMs + (long)wait.TotalMilliseconds, null, null);

        started = time.GetUtcNow();
        var timestamp = started.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Uri)
        {
            Content = new ByteArrayContent(body),
        };
        // As a raw value: a MediaTypeHeaderValue is formatted into a new string on every request.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
        WebhookSigner.AddHeaders(request, job.Id, timestamp, body, keys);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        var result = await HttpAttempt.SendAsync(_invoker.Value, request, endpoint.Timeout, started, ct);
        return HttpAttempt.Outcome(job, result, retry);
    }
}
