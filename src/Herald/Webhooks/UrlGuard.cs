using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Herald.Webhooks;

/// <summary>Resolves host names; replaceable in tests so the guard can be checked without touching the network.</summary>
public interface INameResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

public sealed class DnsNameResolver : INameResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>
/// The SSRF guard. A target URL is refused when its host is, or resolves to, a loopback, private,
/// link-local, CGNAT, multicast or reserved address, unless Herald:Webhooks:AllowPrivateNetworks.
/// It runs when an endpoint is saved and again on every new connection (DNS can change between the
/// two), as the ConnectCallback of the delivery HttpClient, which connects only to checked addresses.
/// </summary>
public sealed class UrlGuard(IOptions<WebhookOptions> options, INameResolver resolver)
{
    /// <summary>
    /// The HTTP client whose every connection goes through <see cref="ConnectAsync"/>: webhooks, the custom
    /// provider and FCM's token endpoint are sent with it (registered by AddWebhooks).
    /// </summary>
    public const string ClientName = "herald-webhooks";

    private static readonly IPNetwork[] Blocked =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("100::/64"), IPNetwork.Parse("2001:db8::/32"),
        // Special-purpose IPv6 that can also carry an IPv4 address: IPv4-compatible (::127.0.0.1, deprecated),
        // IPv4-translated (::ffff:0:a.b.c.d), local-use NAT64 (64:ff9b:1::/48) and Teredo (2001::/32).
        IPNetwork.Parse("::/96"), IPNetwork.Parse("::ffff:0:0:0/96"), IPNetwork.Parse("64:ff9b:1::/48"), IPNetwork.Parse("2001::/32"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    public bool AllowPrivateNetworks => options.Value.AllowPrivateNetworks;

    public static bool IsBlocked(IPAddress address)
    {
        // IPv4 hidden inside IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged as the IPv4 it carries.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        else if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
                address = new IPAddress(b.AsSpan(12, 4));
            else if (b[0] == 0x20 && b[1] == 0x02)
                address = new IPAddress(b.AsSpan(2, 4));
        }
        foreach (var net in Blocked)
            if (net.Contains(address)) return true;
        return false;
    }

    /// <summary>Checks a URL as given by a user: null when acceptable, else what to fix.</summary>
    public async Task<string?> CheckAsync(string? url, CancellationToken ct)
    {
        // On Unix "/webhooks/herald" parses as an absolute file:// URI; it is a relative URL to the user.
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) ||
            (uri.IsFile && !url.TrimStart().StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
            return "Give an absolute URL such as https://example.com/webhooks/herald.";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            return "Only http:// and https:// URLs can receive webhooks.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "Do not put credentials in the URL; Herald signs every request instead.";
        if (url.Length > 2000) return "The URL is longer than 2000 characters.";
        if (AllowPrivateNetworks) return null;

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost, out var literal)) addresses = [literal];
        else
        {
            try { addresses = await resolver.ResolveAsync(uri.IdnHost, ct); }
            catch (SocketException) { return $"The host '{uri.Host}' does not resolve; check the name."; }
        }
        if (addresses.Length == 0) return $"The host '{uri.Host}' does not resolve; check the name.";
        var blocked = addresses.FirstOrDefault(IsBlocked);
        return blocked is null ? null
            : $"'{uri.Host}' is or resolves to {blocked}, a loopback, private or reserved address; webhooks go to public addresses " +
              "only (set Herald:Webhooks:AllowPrivateNetworks=true for development).";
    }

    /// <summary>SocketsHttpHandler.ConnectCallback: resolve, refuse blocked addresses, connect to the first allowed one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, ct);
        var allowed = AllowPrivateNetworks ? addresses : addresses.Where(a => !IsBlocked(a)).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException($"Refused to connect to '{host}': it resolves only to loopback, private or reserved addresses (SSRF guard).");

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }
        throw new HttpRequestException($"Could not connect to '{host}': {last?.Message}", last);
    }
}
