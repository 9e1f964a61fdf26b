using Microsoft.Extensions.Options;
using Herald.Kernel;

namespace Herald.Webhooks;

/// <summary>Section "Herald:Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string Section = "Herald:Webhooks";
    /// <summary>Allow endpoint URLs on loopback/private networks (tests and development only).</summary>
    public bool AllowPrivateNetworks { get; set; }
    /// <summary>How long a rotated-out secret keeps signing beside the new one.</summary>
    public string SecretRotationGrace { get; set; } = "24h";
    public TimeSpan SecretRotationGraceValue => Durations.Parse(SecretRotationGrace, "Herald:Webhooks:SecretRotationGrace");
}

/// <summary>Checked on start, so a typo stops Herald with a message instead of failing later.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions o)
    {
        var errors = new List<string>();
        OptionErrors.Check(errors, () => _ = o.SecretRotationGraceValue);
        return OptionErrors.Validation(errors);
    }
}
