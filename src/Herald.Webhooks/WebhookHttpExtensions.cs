using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Herald.Webhooks;

/// <summary>ASP.NET Core helpers for receiving Standard Webhooks.</summary>
public static class WebhookHttpExtensions
{
    /// <summary>
    /// Reads the raw body and the <c>webhook-*</c> headers and verifies them. Verification failures are
    /// reported in the result, not thrown. The body stays readable afterwards (buffering is enabled).
    /// </summary>
    public static async Task<WebhookVerificationResult> VerifyStandardWebhookAsync(
        this HttpRequest request, WebhookVerifier verifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(verifier);

        // The signature covers the exact bytes sent, so hash the raw stream before anything parses it,
        // and buffer it so JSON binding or the handler can read it again afterwards. Size is bounded by
        // the server's MaxRequestBodySize.
        request.EnableBuffering();
        request.Body.Position = 0;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        request.Body.Position = 0;
        var body = buffer.ToArray();

        var id = Header(request, WebhookVerifier.IdHeader, ",");
        var timestamp = Header(request, WebhookVerifier.TimestampHeader, ",");
        // Repeated signature headers are treated as one space-delimited list, which is what a
        // proxy splitting the rotation list across lines would otherwise break.
        var signature = Header(request, WebhookVerifier.SignatureHeader, " ");

        var success = verifier.TryVerify(body, id, timestamp, signature, out var error);
        long? seconds = long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        return new WebhookVerificationResult(success, error, body, id, seconds);
    }

    /// <summary>
    /// Rejects requests to these endpoints that are not signed with <paramref name="secret"/> with
    /// 401 <c>application/problem+json</c>. The secret is decoded now, so a malformed one fails at startup.
    /// </summary>
    public static TBuilder RequireStandardWebhookSignature<TBuilder>(this TBuilder builder, string secret)
        where TBuilder : IEndpointConventionBuilder
        => builder.RequireStandardWebhookSignature(new WebhookVerifier(secret));

    /// <summary>
    /// Rejects requests to these endpoints that <paramref name="verifier"/> does not accept with
    /// 401 <c>application/problem+json</c>; on success the <see cref="WebhookVerificationResult"/> is put in
    /// <c>HttpContext.Features</c>. Works on a single endpoint or a route group.
    /// </summary>
    public static TBuilder RequireStandardWebhookSignature<TBuilder>(this TBuilder builder, WebhookVerifier verifier)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(verifier);

        // Not an endpoint filter on purpose: filters run after parameter binding, by which time a
        // [FromBody] parameter has already drained the (unbuffered) body and the raw bytes are gone.
        // Wrapping the final request delegate runs verification before binding instead.
        builder.Finally(endpoint =>
        {
            // Fail closed: silently leaving an endpoint unprotected would be worse than a startup error.
            var inner = endpoint.RequestDelegate
                ?? throw new InvalidOperationException($"Endpoint '{endpoint.DisplayName}' has no request delegate to protect.");
            endpoint.RequestDelegate = async context =>
            {
                var result = await context.Request.VerifyStandardWebhookAsync(verifier, context.RequestAborted).ConfigureAwait(false);
                if (!result.Success)
                {
                    await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid webhook signature", detail: result.Error)
                        .ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }
                context.Features.Set(result);
                await inner(context).ConfigureAwait(false);
            };
        });
        return builder;
    }

    private static string? Header(HttpRequest request, string name, string separator)
    {
        var values = request.Headers[name];
        return StringValues.IsNullOrEmpty(values) ? null : string.Join(separator, values.ToArray());
    }
}
