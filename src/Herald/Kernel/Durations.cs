using System.Globalization;

namespace Herald.Kernel;

/// <summary>
/// Parses the short durations used in configuration ("0s", "500ms", "5m", "2h", "1d") and, for
/// operators used to .NET, the TimeSpan form ("00:00:05"). Configuration binding alone only
/// understands the latter, and DESIGN.md promises the former.
/// </summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        (string suffix, double factorMs)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];
        foreach (var (suffix, factorMs) in units)
        {
            if (!s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            var number = s[..^suffix.Length];
            // "5ms" also ends with "s": only accept when what is left is a plain number.
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
            {
                value = TimeSpan.FromMilliseconds(n * factorMs);
                return true;
            }
        }
        return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    public static TimeSpan Parse(string text, string key) =>
        TryParse(text, out var v) ? v : throw new FormatException($"{key}: '{text}' is not a duration; write e.g. 500ms, 5s, 5m, 2h or 1d.");

    public static string Format(TimeSpan t) =>
        t.TotalMilliseconds < 1000 ? $"{t.TotalMilliseconds:0}ms"
        : t.TotalSeconds < 60 ? $"{t.TotalSeconds:0.###}s"
        : t.TotalMinutes < 60 ? $"{t.TotalMinutes:0.###}m"
        : t.TotalHours < 48 ? $"{t.TotalHours:0.###}h" : $"{t.TotalDays:0.###}d";
}
