using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Herald.Kernel;
using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Apns;

/// <summary>Section "Herald:Push:Apns": where APNs is, and how Herald talks to it.</summary>
public sealed class ApnsOptions
{
    public const string Section = "Herald:Push:Apns";
    public string ProductionUrl { get; set; } = "https://api.push.apple.com";
    public string SandboxUrl { get; set; } = "https://api.sandbox.push.apple.com";
    /// <summary>A PEM file of extra CA certificates trusted for the APNs hosts (test servers); the system store still counts.</summary>
    public string? TrustedCaFile { get; set; }
    /// <summary>HTTP/2 carries many concurrent pushes per connection, so a few connections per credential suffice.</summary>
    public int MaxConnectionsPerCredential { get; set; } = 2;
    public string RequestTimeout { get; set; } = "10s";

    public TimeSpan RequestTimeoutValue => Durations.Parse(RequestTimeout, "Herald:Push:Apns:RequestTimeout");

    public Uri BaseFor(string environment) =>
        new((environment == Credentials.CredentialKinds.Sandbox ? SandboxUrl : ProductionUrl).TrimEnd('/') + "/");
}

/// <summary>Checks the APNs options on start, so a wrong URL or CA file stops Herald with the fix instead of failing every push.</summary>
internal sealed class ApnsOptionsValidator : IValidateOptions<ApnsOptions>
{
    public ValidateOptionsResult Validate(string? name, ApnsOptions o)
    {
        var errors = new List<string>();
        CheckUrl(errors, "ProductionUrl", o.ProductionUrl, "https://api.push.apple.com");
        CheckUrl(errors, "SandboxUrl", o.SandboxUrl, "https://api.sandbox.push.apple.com");
        if (o.MaxConnectionsPerCredential is < 1 or > 100)
            errors.Add($"{ApnsOptions.Section}:MaxConnectionsPerCredential must be 1-100 (it is {o.MaxConnectionsPerCredential}); " +
                       "each HTTP/2 connection already carries hundreds of pushes at once, so 1-4 is usual.");
        if (!Durations.TryParse(o.RequestTimeout, out var timeout) || timeout <= TimeSpan.Zero)
            errors.Add($"{ApnsOptions.Section}:RequestTimeout '{o.RequestTimeout}' is not a duration above zero; write e.g. 10s.");
        if (o.TrustedCaFile is { Length: > 0 } file && CaProblem(file) is { } problem)
            errors.Add($"{ApnsOptions.Section}:TrustedCaFile: {problem}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(List<string> errors, string key, string? value, string apple)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment))
            return;
        errors.Add($"{ApnsOptions.Section}:{key} '{value}' is not an http(s) URL without query; use {apple} " +
                   "(or http://host:port for an HTTP/2 test server without TLS).");
    }

    private static string? CaProblem(string file)
    {
        if (!File.Exists(file)) return $"'{file}' does not exist; give the path of a PEM file holding the CA certificate(s) to trust, or remove the key.";
        try
        {
            var certs = LoadCas(file);
            foreach (var c in certs) c.Dispose();
            return certs.Count == 0 ? $"'{file}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)." : null;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return $"'{file}' could not be read as PEM certificates: {ex.Message}";
        }
    }

    internal static X509Certificate2Collection LoadCas(string file)
    {
        var certs = new X509Certificate2Collection();
        certs.ImportFromPemFile(file);
        return certs;
    }
}
