namespace Herald.Hosting;

/// <summary>
/// Headers on every API answer: no cache may keep one (some carry secrets: a new endpoint's whsec_,
/// a new API key, a revealed secret), and no browser may sniff a JSON answer into something it runs.
/// </summary>
public static class ApiHeaders
{
    public static WebApplication UseHeraldApiHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/v1"))
            {
                var headers = http.Response.Headers;
                headers.CacheControl = "no-store";
                headers.XContentTypeOptions = "nosniff";
            }
            return next(http);
        });
        return app;
    }
}
