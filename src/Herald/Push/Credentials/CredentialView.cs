using System.Text.Json.Serialization;
using Herald.Kernel;
using Herald.Push.Providers;
using Herald.Storage;

namespace Herald.Push.Credentials;

/// <summary>
/// What the API shows of a credential: its facts, expiry and warnings, never its secret material. The one exception is
/// <see cref="SigningSecret"/>: the whsec_ secret a custom provider credential signs its POSTs with, in the answer to
/// its creation only (shown once; absent from every other answer).
/// </summary>
public sealed record CredentialView(
    string Id, string Name, [property: ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Platforms))] string Platform,
    [property: ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Providers))] string Provider,
    [property: ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Environments))] string Environment, bool Active, string? AuthKind,
    string? KeyId, string? TeamId, string? Topic, string? Subject, string? CertificateEnvironment,
    string? ProjectId, string? ClientEmail, string? TokenUri, string? ApiKeyHint, string? Url, string? Username, bool HasPassword,
    DateTimeOffset? ExpiresAt, int? DaysToExpiry, IReadOnlyList<string> Warnings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SigningSecret = null)
{
    /// <summary>A certificate should be renewed well before it lapses (Apple asks for it); its provider warns inside this window.</summary>
    public const int RenewalWarningDays = 30;

    public static CredentialView Of(CredentialRecord c, DateTimeOffset now)
    {
        var d = c.Details;
        var expiresAt = c.ExpiresAt is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : (DateTimeOffset?)null;
        var days = expiresAt is { } x ? (int)Math.Floor((x - now).TotalDays) : (int?)null;
        return new CredentialView(
            c.Id, c.Name, c.Platform, c.Provider, c.Environment, c.Active, d.AuthKind,
            d.KeyId, d.TeamId, d.Topic, d.Subject, d.CertificateEnvironment,
            d.ProjectId, d.ClientEmail, d.TokenUri, d.ApiKeyHint, d.Url, d.Username,
            // Basic Auth takes both or neither, so a user name means a stored password.
            HasPassword: d.Username is not null,
            expiresAt, days, [.. PushProviders.Find(c.Provider)?.Warnings(c, now) ?? []],
            DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(c.UpdatedAt));
    }
}
