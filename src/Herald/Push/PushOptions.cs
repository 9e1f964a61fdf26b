using Herald.Kernel;

namespace Herald.Push;

/// <summary>Section "Herald:Push".</summary>
public sealed class PushOptions
{
    public const string Section = "Herald:Push";
    /// <summary>The custom provider must answer 2xx within this (its reference says about 2 seconds).</summary>
    public string CustomTimeout { get; set; } = "2s";
    public TimeSpan CustomTimeoutValue => Durations.Parse(CustomTimeout, "Herald:Push:CustomTimeout");
}
