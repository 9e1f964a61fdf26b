using Herald.Kernel;

namespace Herald.Monitoring;

/// <summary>Section "Herald:Monitoring": the thresholds of the four metrics and how often the watcher looks.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Herald:Monitoring";
    /// <summary>Delivery Success % below this is an alert.</summary>
    public double DeliverySuccessPercent { get; set; } = 95;
    /// <summary>An active credential expiring in fewer days than this is an alert (renew at least this far ahead).</summary>
    public int CredentialRenewalDays { get; set; } = 30;
    /// <summary>Webhook Failure Rate above this is an alert.</summary>
    public double WebhookFailureRatePercent { get; set; } = 2;
    /// <summary>How often the watcher evaluates every app (operational events, queue samples).</summary>
    public string WatchInterval { get; set; } = "1m";
    public TimeSpan WatchIntervalValue => Durations.Parse(WatchInterval, "Herald:Monitoring:WatchInterval");
}
