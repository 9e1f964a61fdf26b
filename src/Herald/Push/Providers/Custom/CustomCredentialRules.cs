using Herald.Kernel;
using Herald.Storage;
using Herald.Webhooks;
using Herald.Push.Credentials;

namespace Herald.Push.Providers.Custom;

/// <summary>The custom provider: Herald POSTs each push to the operator's HTTPS URL, optionally with Basic Auth.</summary>
internal static class CustomCredentialRules
{
    public const int MaxUsernameLength = 200, MaxPasswordLength = 1000;

    public static async Task<ProviderMaterial?> ValidateAsync(CredentialBody b, UrlGuard guard, FieldErrors errors, CancellationToken ct)
    {
        if (b.Url is null) errors.Add("url", "Give the https URL Herald should POST each push to, e.g. https://push.example.com/herald.");
        else if (await ProviderUrls.ProblemAsync(b.Url, guard, ct) is { } problem) errors.Add("url", problem);

        if (b.Username is not null && b.Password is null)
            errors.Add("password", $"Give the Basic Auth password of user '{b.Username}', or leave both username and password out.");
        if (b.Password is not null && b.Username is null)
            errors.Add("username", "Give the Basic Auth user name that goes with password, or leave both username and password out.");
        if (b.Username is not null)
        {
            if (b.Username.Length is 0 or > MaxUsernameLength || b.Username.Any(char.IsControl))
                errors.Add("username", $"Give a user name of 1-{MaxUsernameLength} characters without control characters, or leave username and password out.");
            else if (b.Username.Contains(':', StringComparison.Ordinal))
                errors.Add("username", "A Basic Auth user name cannot contain ':' (it separates the user from the password); choose a user name without it.");
        }
        if (b.Password is { } password && (password.Length is 0 or > MaxPasswordLength || password.Any(char.IsControl)))
            errors.Add("password", $"Give a password of 1-{MaxPasswordLength} characters without control characters.");
        if (errors.Any) return null;

        return new ProviderMaterial(new CredentialDetails(Url: b.Url, Username: b.Username), new CredentialMaterial(Password: b.Password));
    }
}
