using Herald.Kernel;
using Herald.Storage;

namespace Herald.Push.Credentials;

/// <summary>What the API shows of a credential: its facts, expiry and warnings, never its secret material.</summary>
public sealed record CredentialView(
    string Id, string Name, [property: ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Platforms))] string Platform,
    [property: ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Providers))] string Provider,
    [property: ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Environments))] string Environment, bool Active, string? AuthKind,
    string? KeyId, string? TeamId, string? Topic, string? Subject, string? CertificateEnvironment,
    string? ProjectId, string? ClientEmail, string? TokenUri, string? ApiKeyHint, string? Url, string? Username, bool HasPassword,
    DateTimeOffset? ExpiresAt, int? DaysToExpiry, IReadOnlyList<string> Warnings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Apple asks for a renewed certificate well before the old one lapses; warn inside this window.</summary>
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
            expiresAt, days, WarningsOf(c, now, expiresAt, days),
            DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(c.UpdatedAt));
    }

    private static List<string> WarningsOf(CredentialRecord c, DateTimeOffset now, DateTimeOffset? expiresAt, int? days)
    {
        var warnings = new List<string>();
        if (expiresAt is { } at && days is { } n)
        {
            if (at <= now)
                warnings.Add($"expired on {at:yyyy-MM-dd} UTC; pushes with it fail. Upload a renewed certificate (or switch to a .p8 key, which never expires).");
            else if (n < RenewalWarningDays)
                warnings.Add($"expires in {n} days (on {at:yyyy-MM-dd} UTC); renew at least {RenewalWarningDays} days ahead: create a new certificate in Apple Developer → Certificates and upload it.");
        }
        if (c.Details.CertificateEnvironment is { } certEnv && certEnv != c.Environment)
            warnings.Add(certEnv == CredentialKinds.Sandbox
                ? "the certificate is a sandbox (development) certificate but is marked production; APNs production refuses it. " +
                  "Set environment to sandbox, or upload a production (Apple Push Services) certificate."
                : "the certificate is a production certificate but is marked sandbox; set environment to production, or upload a development certificate.");
        return warnings;
    }
}
