using Herald.Webhooks;

namespace Herald.Push.Credentials;

/// <summary>A whsec_ secret a credential signs with; <see cref="ExpiresAt"/> (Unix ms) ends a replaced one's grace period, null for the current one.</summary>
public sealed record SigningSecret(string Secret, long? ExpiresAt);

/// <summary>
/// The signing secrets of a credential whose provider signs its requests (the custom gateway's Standard Webhooks
/// headers). They live in the credential's encrypted material, so they are encrypted at rest with it and never part
/// of a view; rotation works as an endpoint's does: the new secret signs at once, the old ones until the grace ends.
/// </summary>
public static class CredentialSigningSecrets
{
    /// <summary><paramref name="material"/> with <paramref name="secret"/> as the current secret, the live ones kept until <paramref name="graceEnds"/>, the expired dropped.</summary>
    public static CredentialMaterial WithNew(CredentialMaterial material, string secret, long now, long graceEnds) => material with
    {
        SigningSecrets =
        [
            new SigningSecret(secret, null),
            .. (material.SigningSecrets ?? []).Where(s => IsLive(s, now)).Select(s => s with { ExpiresAt = Math.Min(s.ExpiresAt ?? graceEnds, graceEnds) }),
        ],
    };

    /// <summary>The HMAC keys to sign with at <paramref name="now"/>: the current one first, then those still in their grace period.</summary>
    public static IReadOnlyList<byte[]> LiveKeys(CredentialMaterial material, long now) =>
        [.. (material.SigningSecrets ?? []).Where(s => IsLive(s, now)).Select(s => WebhookSecrets.Decode(s.Secret)).OfType<byte[]>()];

    /// <summary>How many replaced secrets still sign at <paramref name="now"/>.</summary>
    public static int StillSigning(CredentialMaterial material, long now) => (material.SigningSecrets ?? []).Count(s => s.ExpiresAt is { } e && e > now);

    private static bool IsLive(SigningSecret s, long now) => s.ExpiresAt is not { } e || e > now;
}
