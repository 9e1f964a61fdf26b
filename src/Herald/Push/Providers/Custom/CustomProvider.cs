using Herald.Kernel;
using Herald.Push.Credentials;
using Herald.Push.Payloads;
using Herald.Storage;
using Microsoft.AspNetCore.Components;
using static Herald.Push.Credentials.CredentialKinds;

namespace Herald.Push.Providers.Custom;

/// <summary>
/// The custom provider: the operator's own HTTPS gateway, one POST per recipient (not per device), optionally with
/// Basic Auth, always signed with the credential's signing secret (Standard Webhooks headers).
/// </summary>
public sealed class CustomProvider : IPushProvider
{
    public string Name => "custom";

    public void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CustomProviderOptions>().BindConfiguration(CustomProviderOptions.Section)
            .Validate(o => { _ = o.CustomTimeoutValue; return o.CustomTimeoutValue > TimeSpan.Zero; }, "Herald:Push:CustomTimeout must be a duration above zero, e.g. 2s.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IPushProviderSender, CustomProviderSender>();
    }

    public IReadOnlyList<string> CredentialPlatforms => [Any];
    public string CredentialHint => "custom (your own HTTPS endpoint)";
    public string ExampleName => "Our push gateway";
    public string WrongPlatformFix => "A custom provider serves every platform; use platform any, or leave platform out.";
    public IReadOnlyList<OwnedField> BodyFields => [new("url", b => b.Url), new("username", b => b.Username), new("password", b => b.Password)];
    public async ValueTask<ProviderMaterial?> ValidateAsync(CredentialBody body, CredentialCheck check, FieldErrors errors, CancellationToken ct) =>
        await CustomCredentialRules.ValidateAsync(body, check.Guard, errors, ct);

    public bool SignsRequests => true;

    public IReadOnlyList<string> DevicePlatforms => [];
    public string RecipientPayload(Notification n, string appId, string region) => PushPayloads.CustomEnvelope(n, appId, region);

    public Task<ProviderFinding?> RollupFindingAsync(ProviderRollups context) => CustomGatewayFindings.ForAsync(context);

    public string Label => "Custom";
    public string ChoiceLabel => "Custom provider";
    public Type ConsoleFields => typeof(CustomCredentialFields);
    public Task<CredentialBody> ReadFormAsync(CredentialForm form) =>
        Task.FromResult(form.Common with { Url = form.Field("url"), Username = form.Field("username"), Password = form.Field("password") });
    public string Describe(CredentialView c) => c.Url + (c.Username is null ? "" : $" · Basic Auth as {c.Username}");

    public RenderFragment RecipientRoute(CredentialRecord c) => b =>
    {
        b.AddContent(0, "one POST per notification to ");
        b.OpenElement(1, "code");
        b.AddContent(2, c.Details.Url);
        b.CloseElement();
        b.AddContent(3, $" with the credential “{c.Name}”, whatever the devices.");
    };
}
