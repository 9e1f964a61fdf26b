using Herald.Kernel;

namespace Herald.Push.Providers.Custom;

/// <summary>The custom provider's setting, in section "Herald:Push" (as it always was: Herald:Push:CustomTimeout).</summary>
public sealed class CustomProviderOptions
{
    public const string Section = "Herald:Push";
    /// <summary>The custom provider must answer 2xx within this (its reference says about 2 seconds).</summary>
    public string CustomTimeout { get; set; } = "2s";
    public TimeSpan CustomTimeoutValue => Durations.Parse(CustomTimeout, "Herald:Push:CustomTimeout");
}
