using System.Security.Cryptography;

namespace Herald.Hosting;

/// <summary>Identifiers: a readable prefix and a time-ordered UUIDv7, so ids sort by creation.</summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";

    /// <summary>URL-safe random text for secrets and keys.</summary>
    public static string RandomToken(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
