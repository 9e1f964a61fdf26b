using Herald.Kernel;
using Herald.Storage;
using Herald.Push.Credentials;

namespace Herald.Push.Providers.Baidu;

/// <summary>Baidu Push: the application's API Key and Secret Key.</summary>
internal static class BaiduCredentialRules
{
    public const int MaxKeyLength = 128;

    public static ProviderMaterial? Validate(CredentialBody b, FieldErrors errors)
    {
        CheckKey(b.ApiKey, "apiKey", "API Key", errors);
        CheckKey(b.SecretKey, "secretKey", "Secret Key", errors);
        if (errors.Any) return null;
        var hint = b.ApiKey!.Length > 8 ? b.ApiKey[..4] + "…" : "…";
        return new ProviderMaterial(new CredentialDetails(ApiKeyHint: hint), new CredentialMaterial(ApiKey: b.ApiKey, SecretKey: b.SecretKey));
    }

    private static void CheckKey(string? value, string field, string label, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
            errors.Add(field, $"Give the {label} of your Baidu Push application (Baidu Push console → the application's details).");
        else if (value.Length > MaxKeyLength || !value.All(c => c is > ' ' and <= '~'))
            errors.Add(field, $"Give the {label} exactly as the Baidu Push console shows it: 1-{MaxKeyLength} printable characters without spaces.");
    }
}
