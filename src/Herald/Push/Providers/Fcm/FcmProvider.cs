using System.Text.Json;
using Herald.Kernel;
using Herald.Push.Credentials;
using static Herald.Push.Credentials.CredentialKinds;

namespace Herald.Push.Providers.Fcm;

/// <summary>Firebase Cloud Messaging (HTTP v1): Android, iOS (through APNs, configured in Firebase) and web, with a service account.</summary>
public sealed class FcmProvider : IPushProvider
{
    public string Name => "fcm";
    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddFcm();

    public IReadOnlyList<string> CredentialPlatforms => [Android, Ios];
    public string CredentialHint => "fcm (Android, or iOS through Firebase)";
    public string ExampleName => "Firebase production";
    public string WrongPlatformFix => "FCM pushes to android (or ios through Firebase); use platform android or ios.";
    public IReadOnlyList<OwnedField> BodyFields => [new("serviceAccountJson", b => b.ServiceAccountJson)];
    public async ValueTask<ProviderMaterial?> ValidateAsync(CredentialBody body, CredentialCheck check, FieldErrors errors, CancellationToken ct) =>
        await FcmCredentialRules.ValidateAsync(body, check.Guard, errors, ct);

    public IReadOnlyList<string> DevicePlatforms => ["android", "ios", "web"];
    public string DeviceHint => "fcm (Android, iOS or web)";
    /// <summary>One Firebase project serves every platform, so an FCM credential of any platform reaches every FCM device.</summary>
    public bool OneCredentialForAllPlatforms => true;

    public ProviderFinding? AnswerFinding(string code, long count, string push) => code switch
    {
        "THIRD_PARTY_AUTH_ERROR" => new("fcm-third-party-auth", "error", "FCM", "FCM could not reach APNs for iOS devices: the APNs key or certificate in the Firebase project is missing or invalid.",
            "Upload a valid APNs key in Firebase console → Project settings → Cloud Messaging.", $"{push}/credentials", $"{count} THIRD_PARTY_AUTH_ERROR answer(s) in 24 h"),
        "SENDER_ID_MISMATCH" => new("fcm-sender-mismatch", "error", "FCM", "The device tokens belong to another Firebase project than the active service account.",
            "Upload the service-account JSON of the Firebase project the app is built with.", $"{push}/credentials", $"{count} SENDER_ID_MISMATCH answer(s) in 24 h"),
        _ => null,
    };
    public string? NeverExpires => "FCM keys";

    public string Label => "FCM";
    public string ChoiceLabel => "FCM (Android, iOS)";
    public Type ConsoleFields => typeof(FcmCredentialFields);
    /// <summary>The file's text goes in as a JSON string; the rules accept the text or the object.</summary>
    public async Task<CredentialBody> ReadFormAsync(CredentialForm form) =>
        form.Common with { ServiceAccountJson = await form.FileText("serviceAccountFile") is { } json ? JsonSerializer.SerializeToElement(json) : null };
    public string Describe(CredentialView c) => string.Join(" · ", new[] { c.ProjectId, c.ClientEmail }.Where(s => s is not null));
}
