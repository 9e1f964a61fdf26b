using Herald.Kernel;
using Herald.Webhooks;
using static Herald.Push.Credentials.CredentialKinds;

namespace Herald.Push.Credentials;

/// <summary>
/// Checks a create body: the common fields, that no field of another provider is present, then the
/// provider's own rules. Every mistake is reported at once, each naming its field and the fix.
/// </summary>
public sealed class CredentialValidator(UrlGuard guard, TimeProvider time)
{
    public const int MaxNameLength = 200;

    private sealed record OwnedField(string Field, string Provider, Func<CredentialBody, object?> Value);

    private static readonly OwnedField[] ProviderFields =
    [
        new("p8", Apns, b => b.P8), new("keyId", Apns, b => b.KeyId), new("teamId", Apns, b => b.TeamId), new("topic", Apns, b => b.Topic),
        new("p12", Apns, b => b.P12), new("p12Password", Apns, b => b.P12Password),
        new("serviceAccountJson", Fcm, b => b.ServiceAccountJson),
        new("apiKey", Baidu, b => b.ApiKey), new("secretKey", Baidu, b => b.SecretKey),
        new("url", Custom, b => b.Url), new("username", Custom, b => b.Username), new("password", Custom, b => b.Password),
    ];

    /// <summary>The valid credential, or null with the reasons in <paramref name="errors"/>.</summary>
    public async Task<ValidCredential?> ValidateAsync(CredentialBody body, FieldErrors errors, CancellationToken ct)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", $"Give the credential a name of 1-{MaxNameLength} characters, e.g. \"App Store APNs key\".");
        else if (name.Length > MaxNameLength) errors.Add("name", $"Keep the name to {MaxNameLength} characters (it has {name.Length}).");

        var provider = Canonical(body.Provider, CredentialKinds.Providers);
        if (provider is null)
            errors.Add("provider", body.Provider is null
                ? "Give the provider: apns (iOS), fcm (Android, or iOS through Firebase), baidu (Android in China) or custom (your own HTTPS endpoint)."
                : $"'{body.Provider}' is not a provider; use apns, fcm, baidu or custom.");

        var platform = ValidatePlatform(body.Platform, provider, errors);

        var environment = body.Environment is null ? Production : Canonical(body.Environment, CredentialKinds.Environments);
        if (environment is null)
            errors.Add("environment", $"'{body.Environment}' is not an environment; use sandbox (development builds) or production (TestFlight and App Store builds; the default).");

        if (provider is null) return null;
        foreach (var owned in ProviderFields)
            if (owned.Provider != provider && owned.Value(body) is not null)
                errors.Add(owned.Field, $"{owned.Field} belongs to provider {owned.Provider}, not {provider}; remove it " +
                    $"(a {provider} credential takes {string.Join(", ", ProviderFields.Where(f => f.Provider == provider).Select(f => f.Field))}).");

        var material = provider switch
        {
            Apns => ApnsCredentialRules.Validate(body, time.GetUtcNow(), errors),
            Fcm => await FcmCredentialRules.ValidateAsync(body, guard, errors, ct),
            Baidu => BaiduCredentialRules.Validate(body, errors),
            _ => await CustomCredentialRules.ValidateAsync(body, guard, errors, ct),
        };
        if (errors.Any || material is null) return null;
        return new ValidCredential(name!, platform!, provider, environment!, material.Details, material.Material, material.ExpiresAt);
    }

    private static string? ValidatePlatform(string? given, string? provider, FieldErrors errors)
    {
        if (given is null)
        {
            if (provider == Custom) return Any;
            if (provider is not null)
                errors.Add("platform", $"Give the platform: {provider} credentials are for {string.Join(" or ", PlatformsOf(provider))}.");
            return null;
        }
        var platform = Canonical(given, Platforms);
        if (platform is null)
        {
            errors.Add("platform", $"'{given}' is not a platform; use ios, android or any (any is for the custom provider).");
            return null;
        }
        if (provider is not null && !PlatformsOf(provider).Contains(platform))
            errors.Add("platform", provider switch
            {
                Apns => "APNs pushes to Apple devices only; use platform ios.",
                Fcm => "FCM pushes to android (or ios through Firebase); use platform android or ios.",
                Baidu => "Baidu Push is for Android devices; use platform android.",
                _ => "A custom provider serves every platform; use platform any, or leave platform out.",
            });
        return platform;
    }

    /// <summary>The API's spelling of a name given in any case, or null when it is not one of <paramref name="names"/>.</summary>
    private static string? Canonical(string? given, string[] names) =>
        given is null ? null : names.FirstOrDefault(n => string.Equals(n, given.Trim(), StringComparison.OrdinalIgnoreCase));
}
