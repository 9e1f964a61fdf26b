using Herald.Push.Credentials;
using Herald.Storage;

namespace Herald.Push.Providers.Apns;

/// <summary>What the API warns about a stored APNs credential: a certificate's expiry coming (or past), and a certificate of the other environment.</summary>
internal static class ApnsCredentialWarnings
{
    public static IEnumerable<string> Of(CredentialRecord c, DateTimeOffset now)
    {
        var warnings = new List<string>();
        if (c.ExpiresAt is { } ms)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            var days = (int)Math.Floor((at - now).TotalDays);
            if (at <= now)
                warnings.Add($"expired on {at:yyyy-MM-dd} UTC; pushes with it fail. Upload a renewed certificate (or switch to a .p8 key, which never expires).");
            else if (days < CredentialView.RenewalWarningDays)
                warnings.Add($"expires in {days} days (on {at:yyyy-MM-dd} UTC); renew at least {CredentialView.RenewalWarningDays} days ahead: create a new certificate in Apple Developer → Certificates and upload it.");
        }
        if (c.Details.CertificateEnvironment is { } certEnv && certEnv != c.Environment)
            warnings.Add(certEnv == CredentialKinds.Sandbox
                ? "the certificate is a sandbox (development) certificate but is marked production; APNs production refuses it. " +
                  "Set environment to sandbox, or upload a production (Apple Push Services) certificate."
                : "the certificate is a production certificate but is marked sandbox; set environment to production, or upload a development certificate.");
        return warnings;
    }
}
