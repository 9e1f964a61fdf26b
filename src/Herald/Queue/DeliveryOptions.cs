using Microsoft.Extensions.Options;
using Herald.Kernel;

namespace Herald.Queue;

/// <summary>Section "Herald:Delivery": the queue, workers and retry policy.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Herald:Delivery";
    public string RetrySchedule { get; set; } = "0s,5s,5m,30m,2h,5h,10h,10h";
    /// <summary>Each retry delay is moved by up to this fraction either way, so failed endpoints are not hit in lockstep.</summary>
    public double RetryJitter { get; set; } = 0.2;
    public string WebhookTimeout { get; set; } = "5s";
    /// <summary>How long a worker owns a claimed job before another may take it (renewed while it works).</summary>
    public string LeaseDuration { get; set; } = "30s";
    /// <summary>An endpoint failing without a single success for this long is disabled.</summary>
    public string DisableEndpointAfter { get; set; } = "5d";
    /// <summary>Most deliveries in flight at once on this node.</summary>
    public int Concurrency { get; set; } = 256;
    public int ClaimBatchSize { get; set; } = 256;
    /// <summary>Backstop poll when nothing wakes the workers (ingest wakes them at once).</summary>
    public string PollInterval { get; set; } = "1s";

    /// <summary>
    /// On SIGTERM: how long sends already under way may take to finish and be recorded. What is still
    /// running then is released (due at once) for another node, instead of waiting out its lease.
    /// </summary>
    public string ShutdownTimeout { get; set; } = "10s";

    public TimeSpan[] RetryScheduleValue => RetrySchedule.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(s => Durations.Parse(s, "Herald:Delivery:RetrySchedule")).ToArray();
    public TimeSpan WebhookTimeoutValue => Durations.Parse(WebhookTimeout, "Herald:Delivery:WebhookTimeout");
    public TimeSpan LeaseDurationValue => Durations.Parse(LeaseDuration, "Herald:Delivery:LeaseDuration");
    public TimeSpan DisableEndpointAfterValue => Durations.Parse(DisableEndpointAfter, "Herald:Delivery:DisableEndpointAfter");
    public TimeSpan PollIntervalValue => Durations.Parse(PollInterval, "Herald:Delivery:PollInterval");
    public TimeSpan ShutdownTimeoutValue => Durations.Parse(ShutdownTimeout, "Herald:Delivery:ShutdownTimeout");
}

/// <summary>Checked on start, so a typo stops Herald with a message instead of failing later.</summary>
internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions o)
    {
        var errors = new List<string>();
        OptionErrors.Check(errors, () => { if (o.RetryScheduleValue.Length == 0) throw new FormatException("Herald:Delivery:RetrySchedule: give at least one delay, e.g. 0s,5s,5m."); });
        OptionErrors.Check(errors, () => { if (o.WebhookTimeoutValue <= TimeSpan.Zero) throw new FormatException("Herald:Delivery:WebhookTimeout must be above zero."); });
        OptionErrors.Check(errors, () => { if (o.LeaseDurationValue < TimeSpan.FromSeconds(1)) throw new FormatException("Herald:Delivery:LeaseDuration must be at least 1s."); });
        OptionErrors.Check(errors, () => _ = o.DisableEndpointAfterValue);
        OptionErrors.Check(errors, () => _ = o.PollIntervalValue);
        OptionErrors.Check(errors, () => { if (o.ShutdownTimeoutValue < TimeSpan.Zero) throw new FormatException("Herald:Delivery:ShutdownTimeout must not be negative."); });
        if (o.RetryJitter is < 0 or > 1) errors.Add("Herald:Delivery:RetryJitter must be between 0 and 1 (0.2 = ±20 %).");
        if (o.Concurrency < 1) errors.Add("Herald:Delivery:Concurrency must be at least 1.");
        if (o.ClaimBatchSize < 1) errors.Add("Herald:Delivery:ClaimBatchSize must be at least 1.");
        return OptionErrors.Validation(errors);
    }
}
