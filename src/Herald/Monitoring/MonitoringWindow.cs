namespace Herald.Monitoring;

/// <summary>The windows and steps the API accepts: few, named, so every query reads a bounded number of rollup rows.</summary>
public static class MonitoringWindow
{
    public static readonly IReadOnlyDictionary<string, TimeSpan> Windows = new Dictionary<string, TimeSpan>
    {
        ["1h"] = TimeSpan.FromHours(1), ["24h"] = TimeSpan.FromHours(24), ["7d"] = TimeSpan.FromDays(7),
    };

    public static readonly IReadOnlyDictionary<string, TimeSpan> Steps = new Dictionary<string, TimeSpan>
    {
        ["1m"] = TimeSpan.FromMinutes(1), ["5m"] = TimeSpan.FromMinutes(5), ["15m"] = TimeSpan.FromMinutes(15),
        ["1h"] = TimeSpan.FromHours(1), ["1d"] = TimeSpan.FromDays(1),
    };

    /// <summary>At most this many points per series, so a 7-day window at 1-minute steps is refused, not drawn.</summary>
    public const int MaxPoints = 2_000;
}
