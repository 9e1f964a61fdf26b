namespace Herald.Webhooks;

/// <summary>
/// Outcome of <see cref="WebhookHttpExtensions.VerifyStandardWebhookAsync"/>. Also stored in
/// <c>HttpContext.Features</c> by <see cref="WebhookHttpExtensions.RequireStandardWebhookSignature{TBuilder}(TBuilder, WebhookVerifier)"/>
/// so a handler can read the verified id and raw body via <c>context.Features.Get&lt;WebhookVerificationResult&gt;()</c>.
/// </summary>
/// <param name="Success">True when the headers were present, the timestamp was fresh and a v1 signature matched.</param>
/// <param name="Error">Why verification failed; null on success.</param>
/// <param name="Body">The raw request body exactly as it was signed.</param>
/// <param name="WebhookId">The <c>webhook-id</c> header (use it to de-duplicate retries); null if absent.</param>
/// <param name="Timestamp">The <c>webhook-timestamp</c> header as Unix seconds; null if absent or not a number.</param>
public sealed record WebhookVerificationResult(
    bool Success,
    string? Error,
    ReadOnlyMemory<byte> Body,
    string? WebhookId,
    long? Timestamp);
