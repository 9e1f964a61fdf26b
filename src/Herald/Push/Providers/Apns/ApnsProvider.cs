using Herald.Kernel;
using Herald.Push.Credentials;
using Herald.Storage;
using static Herald.Push.Credentials.CredentialKinds;

namespace Herald.Push.Providers.Apns;

/// <summary>APNs (Apple Push Notification service): iOS devices, a .p8 key or a .p12 certificate.</summary>
public sealed class ApnsProvider : IPushProvider
{
    public string Name => "apns";
    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddApns();

    public IReadOnlyList<string> CredentialPlatforms => [Ios];
    public string CredentialHint => "apns (iOS)";
    public string ExampleName => "App Store APNs key";
    public string WrongPlatformFix => "APNs pushes to Apple devices only; use platform ios.";
    public IReadOnlyList<OwnedField> BodyFields =>
    [
        new("p8", b => b.P8), new("keyId", b => b.KeyId), new("teamId", b => b.TeamId), new("topic", b => b.Topic),
        new("p12", b => b.P12), new("p12Password", b => b.P12Password),
    ];
    public ValueTask<ProviderMaterial?> ValidateAsync(CredentialBody body, CredentialCheck check, FieldErrors errors, CancellationToken ct) =>
        ValueTask.FromResult(ApnsCredentialRules.Validate(body, check.Now, errors));
    public IEnumerable<string> Warnings(CredentialRecord credential, DateTimeOffset now) => ApnsCredentialWarnings.Of(credential, now);

    public IReadOnlyList<string> DevicePlatforms => ["ios"];
    public string DeviceHint => "apns (iOS)";
    public string CheckToken(string token, FieldErrors errors) => ApnsDeviceTokens.Check(token, errors);

    public ProviderFinding? AnswerFinding(string code, long count, string fixAt) => ApnsFindings.OfAnswer(code, count, fixAt);
    public IEnumerable<ProviderFinding> CredentialFindings(CredentialRecord active, DateTimeOffset now, int renewalDays, string fixAt) =>
        ApnsFindings.OfCredential(active, now, renewalDays, fixAt);
    public string? NeverExpires => ".p8 keys";

    public string Label => "APNs";
    public string ChoiceLabel => "APNs (iOS)";
    public Type ConsoleFields => typeof(ApnsCredentialFields);
    public Task<CredentialBody> ReadFormAsync(CredentialForm form) => ApnsCredentialFields.ReadAsync(form);
    public string Describe(CredentialView c) =>
        string.Join(" · ", new[] { c.AuthKind, c.KeyId is null ? null : $"key {c.KeyId}", c.TeamId is null ? null : $"team {c.TeamId}", c.Topic }.Where(s => s is not null));
    public string? DeviceMismatch(string deviceEnvironment, CredentialRecord credential) =>
        credential.Environment != deviceEnvironment ? $"the device is {deviceEnvironment}, the credential {credential.Environment}: APNs will refuse its token." : null;
}
