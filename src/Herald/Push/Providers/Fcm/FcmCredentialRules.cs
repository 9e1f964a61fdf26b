using System.Security.Cryptography;
using System.Text.Json;
using Herald.Kernel;
using Herald.Storage;
using Herald.Webhooks;
using Herald.Push.Credentials;

namespace Herald.Push.Providers.Fcm;

/// <summary>FCM HTTP v1: a service account's JSON key file. Legacy server keys no longer work and are refused with the way out.</summary>
internal static class FcmCredentialRules
{
    public const int MaxJsonLength = 64 * 1024;
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";
    private const string Field = "serviceAccountJson";

    public const string LegacyKeyFix =
        "This is a legacy FCM server key. The legacy FCM API and server keys were shut down in 2024; create a service account in the " +
        "Firebase console (Project settings → Service accounts → Generate new private key) and upload that JSON.";

    private const string RegenerateFix =
        "generate a new private key in the Firebase console (Project settings → Service accounts → Generate new private key) and upload that JSON unchanged.";

    public static async Task<ProviderMaterial?> ValidateAsync(CredentialBody b, UrlGuard guard, FieldErrors errors, CancellationToken ct)
    {
        if (b.ServiceAccountJson is not { } given || given.ValueKind == JsonValueKind.Null)
        {
            errors.Add(Field, "Give the service account's JSON file text (Firebase console → Project settings → Service accounts → Generate new private key).");
            return null;
        }
        var text = given.ValueKind == JsonValueKind.String ? given.GetString()! : given.GetRawText();
        if (text.Length > MaxJsonLength)
        {
            errors.Add(Field, $"This is {text.Length} characters; a service account file is about 2 KB. Upload the file Firebase generated.");
            return null;
        }
        if (LooksLikeServerKey(text))
        {
            errors.Add(Field, LegacyKeyFix);
            return null;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            errors.Add(Field, "This is not JSON; paste the whole contents of the service account .json file, which starts with {\"type\": \"service_account\".");
            return null;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if ((root.ValueKind == JsonValueKind.String && LooksLikeServerKey(root.GetString()!)) || (root.ValueKind == JsonValueKind.Object && HasServerKey(root)))
            {
                errors.Add(Field, LegacyKeyFix);
                return null;
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(Field, "This is JSON but not the service account file, which is one object starting with {\"type\": \"service_account\".");
                return null;
            }
            var type = Text(root, "type");
            if (type != "service_account")
            {
                errors.Add(Field, (type is null ? "The JSON has no \"type\"" : $"The JSON's type is '{type}'") +
                                  ", not 'service_account'; upload a service account key, not an OAuth client or user credential: " + RegenerateFix);
                return null;
            }

            var projectId = Required(root, "project_id", "the Firebase project id", errors);
            var clientEmail = Required(root, "client_email", "the service account's e-mail", errors);
            var privateKey = Required(root, "private_key", "the service account's private key", errors);
            if (privateKey is not null && !IsRsaPkcs8(privateKey))
                errors.Add($"{Field}.private_key", "private_key is not an RSA private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----); " + RegenerateFix);

            var tokenUri = Text(root, "token_uri");
            if (tokenUri is not null && tokenUri != DefaultTokenUri && await ProviderUrls.ProblemAsync(tokenUri, guard, ct) is { } uriProblem)
                errors.Add($"{Field}.token_uri", $"token_uri: {uriProblem} It is normally {DefaultTokenUri}.");
            if (errors.Any) return null;

            return new ProviderMaterial(
                new CredentialDetails(ProjectId: projectId, ClientEmail: clientEmail, TokenUri: tokenUri ?? DefaultTokenUri),
                new CredentialMaterial(ServiceAccountJson: text));
        }
    }

    /// <summary>"AAAA…:APA91b…" server keys and "AIza…" web API keys, bare or quoted.</summary>
    private static bool LooksLikeServerKey(string text)
    {
        var t = text.Trim().Trim('"').Trim();
        if (t.StartsWith("key=", StringComparison.OrdinalIgnoreCase)) t = t[4..];
        return (t.StartsWith("AIza", StringComparison.Ordinal) && !t.Contains('{', StringComparison.Ordinal)) ||
               (t.StartsWith("AAAA", StringComparison.Ordinal) && t.Contains(":APA91b", StringComparison.Ordinal));
    }

    private static bool HasServerKey(JsonElement root) =>
        Text(root, "type") != "service_account" &&
        (root.TryGetProperty("server_key", out _) || root.TryGetProperty("serverKey", out _) || root.TryGetProperty("legacy_server_key", out _));

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Required(JsonElement root, string name, string what, FieldErrors errors)
    {
        var value = Text(root, name);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{Field}.{name}", $"The service account JSON has no {name} ({what}); the file is incomplete: {RegenerateFix}");
            return null;
        }
        return value;
    }

    private static bool IsRsaPkcs8(string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not "PRIVATE KEY") return false;
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem[fields.Location]);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return false;
        }
    }
}
