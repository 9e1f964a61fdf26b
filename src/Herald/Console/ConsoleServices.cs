using Herald.Catalog;
using Herald.Push.Templates;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.WebConsole;

/// <summary>
/// AddConsole() / MapConsole(): the web console at /console, Razor components rendered on the server
/// (static SSR: plain HTML forms with antiforgery, no circuit, a few lines of plain JS for tabs and the
/// live template preview). Its session is a cookie of its own scheme, scoped to /console: the /v1 API
/// never sees it and keeps its bearer keys.
/// </summary>
public static class ConsoleServices
{
    public const string Scheme = "HeraldConsole";
    public const string CookieName = "herald_console";
    public const string BasePath = "/console";

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "herald_console_af";
            o.Cookie.Path = BasePath;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication() // no default scheme: only the console's endpoints ask for this one
            .AddCookie(Scheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.Path = BasePath;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the console is served over https
                o.LoginPath = BasePath + "/login";
                o.LogoutPath = BasePath + "/logout";
                o.AccessDeniedPath = BasePath + "/login";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ConsoleSession.ValidateAsync;
            });
        services.AddAuthorization();
        services.AddSingleton<ConsoleSession>().AddSingleton<WebhookTestSend>();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseConsoleHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet(BasePath + "/assets/{name}", (string name, HttpContext http) => ConsoleAssets.Serve(name, http)).ExcludeFromDescription();
        app.MapGet(BasePath + "/", () => Results.Redirect(BasePath + "/apps")).ExcludeFromDescription();
        app.MapPost(BasePath + "/logout", Logout).RequireAuthorization(p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()).ExcludeFromDescription();
        // The template editor's live preview: the real renderer and validator, nothing stored.
        app.MapGet(BasePath + "/{app}/preview", Preview)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()).ExcludeFromDescription();

        app.MapRazorComponents<App>();
        return app;
    }

    /// <summary>
    /// The sign-out forms carry the antiforgery token, checked here: a minimal API endpoint that binds no
    /// form is not refused by the antiforgery middleware, and without the check another site could sign
    /// the operator out.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> Logout(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid",
                detail: "__RequestVerificationToken: the sign-out form's token is missing or stale; reload the console page and sign out from there.");
        await http.SignOutAsync(Scheme);
        return TypedResults.Redirect(BasePath + "/login");
    }

    private static async Task<Results<Ok<TemplatePreview>, NotFound, ValidationProblem>> Preview(
        string app, HttpContext http, ConsoleSession session, TemplateRenderer renderer, EventCatalog catalog,
        string? type, string? variant, string? title, string? body)
    {
        if (await session.CallerForAsync(http.User, app, http.RequestAborted) is null) return TypedResults.NotFound();
        if (type is null || catalog.Find(type) is not { Internal: false } e) return TypedResults.NotFound();
        if (TemplatePreview.CheckInput(e, variant, title, body) is { } invalid) return invalid;
        return TypedResults.Ok(TemplatePreview.Of(renderer, catalog, type, variant ?? "", title, body));
    }
}
