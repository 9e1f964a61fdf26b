using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Herald.Kernel;

namespace Herald.Apps;

/// <summary>
/// Guards every route: a missing or unknown key is 401; an app the key may not see is 404, exactly
/// as if it did not exist, so app ids cannot be probed; a key without the scope is 403.
/// </summary>
public static class AppAccess
{
    private const string CallerItem = "herald.caller";
    private const string ProblemContentType = "application/problem+json";

    /// <summary>Metadata of a guarded route: it needs a bearer key (the OpenAPI document's security requirement).</summary>
    public sealed record KeyRequired(bool AppScoped, string? Scope);

    public static Caller GetCaller(this HttpContext http) => (Caller)http.Items[CallerItem]!;

    public static TBuilder RequireRoot<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.Guard(new KeyRequired(AppScoped: false, Scope: null), async http =>
        {
            var caller = await AuthenticateAsync(http);
            if (caller is null) return Unauthorized();
            if (!caller.IsRoot)
                return TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: "Only the root admin key (Herald:AdminKey) can do this; app keys manage their own app under /v1/apps/{app}.");
            return null;
        });

    /// <summary>Requires a key that may see the route's {app} with the given scope.</summary>
    public static TBuilder RequireApp<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.Guard(new KeyRequired(AppScoped: true, scope), async http =>
        {
            var caller = await AuthenticateAsync(http);
            if (caller is null) return Unauthorized();
            var appId = http.GetRouteValue("app") as string ?? "";
            var directory = http.RequestServices.GetRequiredService<AppDirectory>();
            if (!caller.CanSee(appId) || await directory.FindAsync(appId, http.RequestAborted) is null)
                return Problems.NotFound($"App '{appId}' was not found. Check the app id in the URL; app keys see only their own app.");
            if (!caller.Has(scope))
                return TypedResults.Problem(statusCode: 403, title: "Forbidden",
                    detail: $"This key has the '{caller.Scope}' scope; this call needs '{scope}'. Create a key with scope '{scope}' for it.");
            return null;
        }, idempotent: true);

    /// <summary>
    /// Runs <paramref name="check"/> before the endpoint binds its parameters (an endpoint filter would run
    /// after, so a request without a key but with a bad body got a 400 instead of a 401); a non-null result
    /// is the refusal. Wraps the final request delegate, hence Finally. With <paramref name="idempotent"/> (an app's
    /// routes), a POST that may carry an Idempotency-Key runs under it once the key and body have passed, so a
    /// refused request never reserves one. The refusals it can give are declared here too, as the endpoint's
    /// metadata (the OpenAPI document lists them from it), so a guarded route cannot leave one out.
    /// </summary>
    private static TBuilder Guard<TBuilder>(this TBuilder builder, KeyRequired key, Func<HttpContext, Task<IResult?>> check, bool idempotent = false)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            endpoint.Metadata.Add(key);
            var refusals = new List<int> { StatusCodes.Status401Unauthorized };
            // An admin key has every scope, so only an admin-scoped route (or a root-only one) can answer 403.
            if (key.Scope != KeyScopes.Ingest) refusals.Add(StatusCodes.Status403Forbidden);
            if (key.AppScoped) refusals.Add(StatusCodes.Status404NotFound);
            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any()) // JsonBodyGuard and binding
                refusals.AddRange([StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
            // A 400 the handler declares (its ValidationProblem, with the field errors) stays the one listed.
            refusals.RemoveAll(status => endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status));
            if (idempotent && IdempotentRequests.Applies(endpoint.Metadata)) // in progress; key reused for another request
                refusals.AddRange([StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity]);
            foreach (var status in refusals)
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemContentType]));
            var inner = endpoint.RequestDelegate ?? throw new InvalidOperationException($"Endpoint '{endpoint.DisplayName}' has no request delegate to guard.");
            if (idempotent && IdempotentRequests.Applies(endpoint.Metadata))
            {
                var run = inner;
                inner = http => http.RequestServices.GetRequiredService<IdempotentRequests>().RunAsync(http, run);
            }
            endpoint.RequestDelegate = async http =>
            {
                // The body is checked after the key (401 before 400) and before binding reads it.
                if ((await check(http) ?? await JsonBodyGuard.CheckAsync(http)) is { } refusal) await refusal.ExecuteAsync(http);
                else await inner(http);
            };
        });
        return builder;
    }

    private static async Task<Caller?> AuthenticateAsync(HttpContext http)
    {
        var auth = http.RequestServices.GetRequiredService<KeyAuthenticator>();
        var caller = await auth.AuthenticateAsync(http.Request.Headers.Authorization, http.RequestAborted);
        if (caller is not null) http.Items[CallerItem] = caller;
        return caller;
    }

    private static IResult Unauthorized() =>
        TypedResults.Problem(statusCode: 401, title: "Unauthorized",
            detail: "Send 'Authorization: Bearer <key>' with the root admin key or a key created by POST /v1/apps/{app}/keys.");
}
