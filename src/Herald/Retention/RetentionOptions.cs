using Herald.Kernel;

namespace Herald.Retention;

/// <summary>Section "Herald:Retention": how long history is kept, and how often the sweep looks for what is older.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Herald:Retention";
    /// <summary>Events, and finished deliveries with their attempts, whose last activity is older than this are deleted.</summary>
    public string Period { get; set; } = "30d";
    public string SweepInterval { get; set; } = "10m";
    /// <summary>How long the per-minute monitoring rollups and queue samples are kept.</summary>
    public string RollupPeriod { get; set; } = "90d";
    /// <summary>Rows a sweep reads per transaction (not documented: a knob for measurements, not for operators).</summary>
    public int BatchSize { get; set; } = 250;

    public TimeSpan PeriodValue => Durations.Parse(Period, "Herald:Retention:Period");
    public TimeSpan SweepIntervalValue => Durations.Parse(SweepInterval, "Herald:Retention:SweepInterval");
    public TimeSpan RollupPeriodValue => Durations.Parse(RollupPeriod, "Herald:Retention:RollupPeriod");
}
