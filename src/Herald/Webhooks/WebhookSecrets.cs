using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Herald.Webhooks;

/// <summary>
/// Standard Webhooks secrets: "whsec_" + base64 of 24-64 random bytes; the HMAC key is the decoded
/// bytes. Stored encrypted with ASP.NET Core Data Protection (keys in the data directory).
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Prefix = "whsec_";
    private readonly IDataProtector _protector = provider.CreateProtector("Herald.Webhooks.Secrets.v1");

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key bytes of a secret, or null when it is not a whsec_ secret of 24-64 bytes.</summary>
    public static byte[]? Decode(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var b64 = secret[Prefix.Length..];
        var buffer = new byte[b64.Length];
        return Convert.TryFromBase64String(b64, buffer, out var n) && n is >= 24 and <= 64 ? buffer[..n] : null;
    }

    public byte[] Protect(string secret) => _protector.Protect(System.Text.Encoding.UTF8.GetBytes(secret));
    public string Unprotect(byte[] stored) => System.Text.Encoding.UTF8.GetString(_protector.Unprotect(stored));
}
