using Herald.Webhooks;

namespace Herald.Push.Credentials;

/// <summary>The rule for any URL a provider's credential makes Herald call (a gateway, a token endpoint).</summary>
public static class ProviderUrls
{
    /// <summary>
    /// Why a provider URL is refused, or null: it must be absolute https (plain http only to a loopback host
    /// when private networks are allowed, for development) and pass the SSRF guard like a webhook URL.
    /// </summary>
    public static async Task<string?> ProblemAsync(string url, UrlGuard guard, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || string.IsNullOrEmpty(uri.Host))
            return "Give an absolute https URL, e.g. https://push.example.com/herald.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "Do not put credentials in the URL; give them as username and password (Basic Auth).";
        var devLoopback = uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && guard.AllowPrivateNetworks;
        if (uri.Scheme != Uri.UriSchemeHttps && !devLoopback)
            return "Use an https:// URL; plain http:// is allowed only to a loopback host (localhost, 127.0.0.1) when " +
                   "Herald:Webhooks:AllowPrivateNetworks is true, for development.";
        return await guard.CheckAsync(url, ct);
    }
}
