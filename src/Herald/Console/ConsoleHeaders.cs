namespace Herald.WebConsole;

/// <summary>
/// Security headers on every /console response, pages and assets alike. The console loads only its own
/// embedded stylesheet and script and draws its charts as inline SVG elements (not images), so the policy
/// allows 'self' and nothing inline: an injected script or style attribute does not run.
/// </summary>
internal static class ConsoleHeaders
{
    /// <summary>
    /// connect-src is the live preview's fetch; form-action keeps every form (and its redirect) on this site;
    /// img-src 'self' is the browser's own favicon request. frame-ancestors 'none' refuses every frame.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseConsoleHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Request.Path.StartsWithSegments(ConsoleServices.BasePath, StringComparison.OrdinalIgnoreCase))
            // Set as the response starts: an error page written by the exception handler (which clears headers) carries them too.
            http.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY"; // for browsers older than frame-ancestors
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            }, http.Response);
        return next(http);
    });
}
