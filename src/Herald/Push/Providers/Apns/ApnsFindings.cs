using Herald.Storage;

namespace Herald.Push.Providers.Apns;

/// <summary>APNs' diagnostics: the answers that name a configuration problem, and what an active certificate's dates and environment say.</summary>
internal static class ApnsFindings
{
    public static ProviderFinding? OfAnswer(string code, long count, string push) => code switch
    {
        "BadDeviceToken" => new("apns-bad-device-token", "warning", "APNs", "APNs refused device tokens as bad; usually sandbox (development) tokens sent to production, or the reverse.",
            "Check that each device's environment matches the active credential's; the devices were pruned and re-register on next launch.", $"{push}/credentials", $"{count} BadDeviceToken answer(s) in 24 h"),
        "BadCertificateEnvironment" => new("apns-certificate-environment", "error", "APNs", "The certificate is for the other APNs environment (sandbox vs production).",
            "Upload the certificate of the right environment, or mark the credential's environment correctly.", $"{push}/credentials", $"{count} BadCertificateEnvironment answer(s) in 24 h"),
        "InvalidProviderToken" or "BadCertificate" or "DeviceTokenNotForTopic" or "BadTopic" or "TopicDisallowed" => new($"apns-{code}", "error", "APNs",
            $"APNs refused the credential: {code}.", "Check the key id, team id and topic (bundle id) of the active APNs credential, or upload a new one.", $"{push}/credentials", $"{count} {code} answer(s) in 24 h"),
        _ => null,
    };

    public static IEnumerable<ProviderFinding> OfCredential(CredentialRecord c, DateTimeOffset now, int renewalDays, string push)
    {
        if (c.ExpiresAt is { } exp && DateTimeOffset.FromUnixTimeMilliseconds(exp) - now < TimeSpan.FromDays(renewalDays))
        {
            var days = Math.Floor((DateTimeOffset.FromUnixTimeMilliseconds(exp) - now).TotalDays);
            yield return new("credential-expiring", days < 0 ? "error" : "warning", c.Name,
                days < 0 ? "The active certificate has expired; APNs refuses it." : $"The active certificate expires in {days} day(s).",
                "Upload the renewed certificate and activate it before the old one expires.", $"{push}/credentials/{c.Id}", $"expires {At(exp)}");
        }
        if (c.Details.CertificateEnvironment is { } certEnv && certEnv != c.Environment)
            yield return new("credential-environment-mismatch", "error", c.Name,
                $"The certificate is a {certEnv} certificate but the credential is marked {c.Environment}, so pushes go to the wrong APNs host.",
                $"Upload it again marked {certEnv}, or upload the {c.Environment} certificate.", $"{push}/credentials/{c.Id}", $"certificate environment: {certEnv}");
    }

    private static string At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("u", System.Globalization.CultureInfo.InvariantCulture);
}
