using Herald.Kernel;
using Herald.Webhooks;
using Herald.Push.Providers;
using static Herald.Push.Credentials.CredentialKinds;

namespace Herald.Push.Credentials;

/// <summary>
/// Checks a create body: the common fields, that no field of another provider is present, then the
/// provider's own rules (<see cref="IProviderCredentials"/>). Every mistake is reported at once, each naming its field and the fix.
/// </summary>
public sealed class CredentialValidator(UrlGuard guard, TimeProvider time)
{
    public const int MaxNameLength = 200;

    /// <summary>The valid credential, or null with the reasons in <paramref name="errors"/>.</summary>
    public async Task<ValidCredential?> ValidateAsync(CredentialBody body, FieldErrors errors, CancellationToken ct)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", $"Give the credential a name of 1-{MaxNameLength} characters, e.g. \"{PushProviders.All[0].ExampleName}\".");
        else if (name.Length > MaxNameLength) errors.Add("name", $"Keep the name to {MaxNameLength} characters (it has {name.Length}).");

        var provider = Canonical(body.Provider, CredentialKinds.Providers);
        if (provider is null)
            errors.Add("provider", body.Provider is null
                ? $"Give the provider: {PushProviders.OneOf(PushProviders.All.Select(p => p.CredentialHint))}."
                : $"'{body.Provider}' is not a provider; use {PushProviders.OneOf(PushProviders.Names)}.");

        var platform = ValidatePlatform(body.Platform, provider, errors);

        var environment = body.Environment is null ? Production : Canonical(body.Environment, CredentialKinds.Environments);
        if (environment is null)
            errors.Add("environment", $"'{body.Environment}' is not an environment; use sandbox (development builds) or production (TestFlight and App Store builds; the default).");

        if (provider is null) return null;
        var rules = PushProviders.Find(provider)!;
        foreach (var other in PushProviders.All.Where(p => p != rules))
            foreach (var owned in other.BodyFields.Where(f => f.Value(body) is not null))
                errors.Add(owned.Field, $"{owned.Field} belongs to provider {other.Name}, not {provider}; remove it " +
                    $"(a {provider} credential takes {string.Join(", ", rules.BodyFields.Select(f => f.Field))}).");

        var material = await rules.ValidateAsync(body, new CredentialCheck(guard, time.GetUtcNow()), errors, ct);
        if (errors.Any || material is null) return null;
        return new ValidCredential(name!, platform!, provider, environment!, material.Details, material.Material, material.ExpiresAt);
    }

    private static string? ValidatePlatform(string? given, string? provider, FieldErrors errors)
    {
        if (given is null)
        {
            // A provider for every platform needs none named.
            if (provider is not null && PlatformsOf(provider) is [Any]) return Any;
            if (provider is not null)
                errors.Add("platform", $"Give the platform: {provider} credentials are for {string.Join(" or ", PlatformsOf(provider))}.");
            return null;
        }
        var platform = Canonical(given, Platforms);
        if (platform is null)
        {
            errors.Add("platform", $"'{given}' is not a platform; use ios, android or any (any is for the " +
                $"{PushProviders.OneOf(PushProviders.All.Where(p => p.CredentialPlatforms.Contains(Any)).Select(p => p.Name))} provider).");
            return null;
        }
        if (provider is not null && !PlatformsOf(provider).Contains(platform))
            errors.Add("platform", PushProviders.Find(provider)!.WrongPlatformFix);
        return platform;
    }

    /// <summary>The API's spelling of a name given in any case, or null when it is not one of <paramref name="names"/>.</summary>
    private static string? Canonical(string? given, IEnumerable<string> names) =>
        given is null ? null : names.FirstOrDefault(n => string.Equals(n, given.Trim(), StringComparison.OrdinalIgnoreCase));
}
