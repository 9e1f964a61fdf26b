using System.Security.Cryptography;
using System.Text;
using Herald.Kernel;

namespace Herald.Apps;

public static class KeyScopes
{
    public const string Admin = "admin";
    public const string Ingest = "ingest";
    public static readonly string[] All = [Admin, Ingest];
    public static bool IsValid(string? s) => s is Admin or Ingest;
}

/// <summary>
/// API keys look like <c>hk_{keyId}_{secret}</c>. Only a SHA-256 of the whole key is stored: the keys
/// are 256-bit random, so a slow password hash would add nothing but latency to every request.
/// </summary>
public static class ApiKeys
{
    public static (string KeyId, string Key) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return (keyId, $"hk_{keyId}_{Ids.RandomToken(32)}");
    }

    public static string GenerateRoot() => $"hk_root_{Ids.RandomToken(32)}";

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The key id of an app key, or null when the text is not shaped like one.</summary>
    public static string? ParseKeyId(string key)
    {
        if (!key.StartsWith("hk_", StringComparison.Ordinal)) return null;
        var end = key.IndexOf('_', 3);
        return end is > 3 and < 40 ? key[3..end] : null;
    }

    /// <summary>Constant-time comparison of a presented key with a stored hash.</summary>
    public static bool Matches(string presented, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);
}
