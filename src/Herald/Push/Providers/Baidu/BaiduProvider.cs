using Herald.Kernel;
using Herald.Push.Credentials;
using static Herald.Push.Credentials.CredentialKinds;

namespace Herald.Push.Providers.Baidu;

/// <summary>Baidu Cloud Push: Android devices in China, with the application's API Key and Secret Key.</summary>
public sealed class BaiduProvider : IPushProvider
{
    public string Name => "baidu";
    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddBaidu();

    public IReadOnlyList<string> CredentialPlatforms => [Android];
    public string CredentialHint => "baidu (Android in China)";
    public string ExampleName => "Baidu Push production";
    public string WrongPlatformFix => "Baidu Push is for Android devices; use platform android.";
    public IReadOnlyList<OwnedField> BodyFields => [new("apiKey", b => b.ApiKey), new("secretKey", b => b.SecretKey)];
    public ValueTask<ProviderMaterial?> ValidateAsync(CredentialBody body, CredentialCheck check, FieldErrors errors, CancellationToken ct) =>
        ValueTask.FromResult(BaiduCredentialRules.Validate(body, errors));

    public IReadOnlyList<string> DevicePlatforms => ["android"];
    public string DeviceHint => "baidu (Android)";

    public ProviderFinding? AnswerFinding(string code, long count, string push) => code is "30603" or "30604" or "30605"
        ? new("baidu-credential", "error", "Baidu", $"Baidu refused the request (error {code}): the API key and secret key do not match the app the devices belong to.",
            "Check the API key and secret key of the active Baidu credential.", $"{push}/credentials", $"{count} error {code} answer(s) in 24 h")
        : null;
    public string? NeverExpires => "Baidu keys";

    public string Label => "Baidu";
    public string ChoiceLabel => "Baidu (Android)";
    public Type ConsoleFields => typeof(BaiduCredentialFields);
    public Task<CredentialBody> ReadFormAsync(CredentialForm form) =>
        Task.FromResult(form.Common with { ApiKey = form.Field("apiKey"), SecretKey = form.Field("secretKey") });
    public string Describe(CredentialView c) => c.ApiKeyHint is null ? "" : $"API key {c.ApiKeyHint}";
}
