using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Herald.Tests.Telemetry;

public sealed record PromSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(string label, string value) => Labels.TryGetValue(label, out var v) && v == value;
}

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): "# HELP", "# TYPE name type",
/// other comments, and samples "name{label="value",...} value [timestamp]". Anything else is an
/// error, and so is a sample of a family whose TYPE was not declared before it: the point is to
/// prove that what /metrics serves is what a Prometheus server accepts.
/// </summary>
public sealed partial class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];
    public Dictionary<string, string> TypeOf { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> HelpOf { get; } = new(StringComparer.Ordinal);
    public List<PromSample> Samples { get; } = [];

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();
    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        var lineNo = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNo++;
            try
            {
                result.ParseLine(line);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"line {lineNo}: {ex.Message}: '{line}'", ex);
            }
        }
        return result;
    }

    private void ParseLine(string line)
    {
        if (line.Length == 0) return;
        if (line.StartsWith('#'))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length >= 3 && parts[1] == "TYPE")
            {
                if (parts.Length != 4 || !MetricName().IsMatch(parts[2]) || !Types.Contains(parts[3])) throw new FormatException("malformed TYPE");
                if (!TypeOf.TryAdd(parts[2], parts[3])) throw new FormatException("TYPE declared twice");
            }
            else if (parts.Length >= 3 && parts[1] == "HELP")
            {
                if (!MetricName().IsMatch(parts[2])) throw new FormatException("malformed HELP");
                HelpOf[parts[2]] = parts.Length == 4 ? parts[3] : "";
            }
            return; // any other comment is allowed by the format
        }

        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        var name = line[..i];
        if (!MetricName().IsMatch(name)) throw new FormatException("bad metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{') i = ParseLabels(line, i + 1, labels);
        if (i >= line.Length || line[i] != ' ') throw new FormatException("expected a space before the value");
        var rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2) throw new FormatException("expected 'value [timestamp]'");
        var value = ParseValue(rest[0]);
        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            throw new FormatException("bad timestamp");
        if (FamilyOf(name) is null) throw new FormatException($"sample '{name}' has no TYPE declared before it");
        Samples.Add(new PromSample(name, labels, value));
    }

    private static int ParseLabels(string line, int i, Dictionary<string, string> labels)
    {
        while (true)
        {
            if (i < line.Length && line[i] == '}') return i + 1;
            var eq = line.IndexOf('=', i);
            if (eq < 0) throw new FormatException("label without '='");
            var label = line[i..eq];
            if (!LabelName().IsMatch(label)) throw new FormatException($"bad label name '{label}'");
            if (eq + 1 >= line.Length || line[eq + 1] != '"') throw new FormatException("label value not quoted");
            var value = new StringBuilder();
            i = eq + 2;
            for (; ; i++)
            {
                if (i >= line.Length) throw new FormatException("unterminated label value");
                var c = line[i];
                if (c == '"') break;
                if (c == '\\')
                {
                    if (++i >= line.Length) throw new FormatException("dangling escape");
                    value.Append(line[i] switch { '\\' => '\\', '"' => '"', 'n' => '\n', _ => throw new FormatException("bad escape") });
                }
                else value.Append(c);
            }
            if (!labels.TryAdd(label, value.ToString())) throw new FormatException($"label '{label}' repeated");
            i++;
            if (i < line.Length && line[i] == ',') i++;
            else if (i >= line.Length || line[i] != '}') throw new FormatException("expected ',' or '}' after a label");
        }
    }

    private static double ParseValue(string s) => s switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"bad value '{s}'"),
    };

    /// <summary>The declared family a sample belongs to: its own name, or a histogram/summary's name for _bucket/_sum/_count.</summary>
    public string? FamilyOf(string sample)
    {
        if (TypeOf.ContainsKey(sample)) return sample;
        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_sum", "_count"])
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && TypeOf.TryGetValue(sample[..^suffix.Length], out var t) && t is "histogram" or "summary")
                return sample[..^suffix.Length];
        return null;
    }

    public IEnumerable<PromSample> Series(string name, params (string Label, string Value)[] match) =>
        Samples.Where(s => s.Name == name && match.All(m => s.Has(m.Label, m.Value)));

    public double Sum(string name, params (string Label, string Value)[] match) => Series(name, match).Sum(s => s.Value);
}
