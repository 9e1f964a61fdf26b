using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Herald.Kernel;

/// <summary>Identifiers: a readable prefix and a time-ordered UUIDv7, so ids sort by creation.</summary>
public static class Ids
{
    /// <summary>
    /// <c>prefix_</c> and a UUIDv7 (RFC 9562) as 32 lowercase hex digits: 48 bits of Unix milliseconds, then 74
    /// random bits. Guid.CreateVersion7 draws those from the OS's cryptographic generator, which was ~5 % of
    /// Herald's CPU during a bulk ingest (one id per delivery); ids name things, they guard nothing (secrets
    /// and keys come from <see cref="RandomToken"/>), so the fast shared generator is enough.
    /// </summary>
    public static string New(string prefix)
    {
        Span<byte> uuid = stackalloc byte[16];
        Random.Shared.NextBytes(uuid[6..]);
        Span<byte> ms = stackalloc byte[8];
        // The real clock on purpose, not an injected one: ids sort by when they were really made, across
        // processes, and a test's frozen clock must not make them collide (the random bits keep them apart).
        BinaryPrimitives.WriteInt64BigEndian(ms, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        ms[2..].CopyTo(uuid);
        uuid[6] = (byte)(0x70 | (uuid[6] & 0x0F)); // version 7
        uuid[8] = (byte)(0x80 | (uuid[8] & 0x3F)); // RFC 9562 variant
        return string.Concat(prefix, "_", Convert.ToHexStringLower(uuid));
    }

    /// <summary>URL-safe random text for secrets and keys.</summary>
    public static string RandomToken(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
