using System.Security.Claims;
using Herald.Apps;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Herald.WebConsole;

/// <summary>
/// The console's session. Logging in checks the pasted key with the API's own <see cref="KeyAuthenticator"/>;
/// the cookie (itself encrypted and signed by Data Protection) holds the key encrypted once more under a
/// purpose of its own, and every request checks it again with the same authenticator, so a revoked key or a
/// changed root key ends the session at once, as it ends API access.
/// </summary>
public sealed class ConsoleSession(KeyAuthenticator keys, AppDirectory apps, IDataProtectionProvider protection)
{
    private const string KeyClaim = "herald:key", AppClaim = "herald:app", RootClaim = "herald:root";
    private readonly IDataProtector _protector = protection.CreateProtector("Herald.Console.Session.v1");

    public sealed record LoginResult(ClaimsPrincipal? Principal, string? Error, string? Home);

    /// <summary>Checks a pasted key: the root key, or an app key with the admin scope.</summary>
    public async Task<LoginResult> CheckAsync(string? key, CancellationToken ct)
    {
        key = key?.Trim();
        if (string.IsNullOrEmpty(key)) return new(null, "Paste an admin key of your app (or the root admin key).", null);
        var caller = await keys.AuthenticateAsync("Bearer " + key, ct);
        if (caller is null)
            return new(null, "This key is not valid: it is unknown, revoked, or mistyped. Create an admin key with POST /v1/apps/{app}/keys, or use the root admin key.", null);
        if (!caller.IsRoot && caller.Scope != KeyScopes.Admin)
            return new(null, $"This key has the '{caller.Scope}' scope; the console needs an 'admin' key of the app.", null);
        var claims = new List<Claim> { new(KeyClaim, _protector.Protect(key)), new(ClaimTypes.Name, caller.IsRoot ? "root" : caller.AppId!) };
        if (caller.IsRoot) claims.Add(new(RootClaim, "true"));
        else claims.Add(new(AppClaim, caller.AppId!));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleServices.Scheme));
        return new(principal, null, caller.IsRoot ? $"{ConsoleServices.BasePath}/apps" : $"{ConsoleServices.BasePath}/{Uri.EscapeDataString(caller.AppId!)}/push");
    }

    /// <summary>The caller behind a console session, checked again with the key authenticator (cached there); null when it no longer holds.</summary>
    public async Task<Caller?> CallerAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var protectedKey = user.FindFirst(KeyClaim)?.Value;
        if (protectedKey is null) return null;
        string key;
        try { key = _protector.Unprotect(protectedKey); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
        var caller = await keys.AuthenticateAsync("Bearer " + key, ct);
        return caller is not null && (caller.IsRoot || caller.Scope == KeyScopes.Admin) ? caller : null;
    }

    /// <summary>The caller when it may manage <paramref name="appId"/> and the app exists; else null (shown as not found, as the API does).</summary>
    public async Task<Caller?> CallerForAsync(ClaimsPrincipal user, string appId, CancellationToken ct)
    {
        var caller = await CallerAsync(user, ct);
        if (caller is null || !caller.CanSee(appId) || await apps.FindAsync(appId, ct) is null) return null;
        return caller;
    }

    /// <summary>Runs on every console request carrying the cookie: a session whose key no longer authenticates is ended.</summary>
    internal static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var session = context.HttpContext.RequestServices.GetRequiredService<ConsoleSession>();
        if (context.Principal is null || await session.CallerAsync(context.Principal, context.HttpContext.RequestAborted) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleServices.Scheme);
        }
    }
}
