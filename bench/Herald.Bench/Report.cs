using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Herald.Bench;

/// <summary>One line of the final table.</summary>
internal sealed record Row(
    string Scenario, string Store, string Figure, double? Value, string Unit,
    double? LoopbackLimit, double? Ratio, string Target, bool? Met, double? PeakRssMb, string Notes);

internal sealed record Machine(int Cores, long MemoryMb, string Cpu, string Commit, string Os);

internal sealed record ReportDocument(
    string Command, string Size, string Store, int Nodes, DateTimeOffset StartedAt, double WallSeconds, Machine Machine, IReadOnlyList<Row> Rows);

internal static class Report
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Machine DescribeMachine(string repoRoot)
    {
        long memMb = 0;
        var cpu = "unknown";
        try
        {
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null) memMb = long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (model is not null) cpu = model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException) { }
        return new Machine(Environment.ProcessorCount, memMb, cpu, GitCommit(repoRoot), System.Runtime.InteropServices.RuntimeInformation.OSDescription);
    }

    private static string GitCommit(string repoRoot)
    {
        try
        {
            var info = new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                WorkingDirectory = repoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var p = Process.Start(info)!;
            var sha = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            var dirty = "";
            var status = new ProcessStartInfo("git", "status --porcelain --untracked-files=no -- src")
            {
                WorkingDirectory = repoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using (var s = Process.Start(status)!)
            {
                if (s.StandardOutput.ReadToEnd().Trim().Length > 0) dirty = "+uncommitted src changes";
                s.WaitForExit();
            }
            return p.ExitCode == 0 ? sha + dirty : "unknown";
        }
        catch (System.ComponentModel.Win32Exception) { return "unknown"; }
    }

    public static string Format(double? v) => v switch
    {
        null => "-",
        >= 1000 => v.Value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => v.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => v.Value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    public static string Table(IReadOnlyList<Row> rows)
    {
        string[] head = ["scenario", "store", "figure", "value", "unit", "loopback limit", "ratio", "target", "met?", "server peak RSS", "notes"];
        var cells = rows.Select(r => new[]
        {
            r.Scenario, r.Store, r.Figure, Format(r.Value), r.Unit, r.LoopbackLimit is null ? "-" : Format(r.LoopbackLimit) + "/s",
            r.Ratio is null ? "-" : (r.Ratio.Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %",
            r.Target, r.Met switch { true => "yes", false => "NO", null => "-" },
            r.PeakRssMb is null ? "-" : r.PeakRssMb.Value.ToString("0", CultureInfo.InvariantCulture) + " MB", r.Notes,
        }).ToList();
        var widths = head.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(string[] c) => sb.AppendLine("| " + string.Join(" | ", c.Select((x, i) => i == c.Length - 1 ? x : x.PadRight(widths[i]))) + " |");
        Line(head);
        sb.AppendLine("|" + string.Join("|", widths.Select((w, i) => new string('-', i == widths.Length - 1 ? 5 : w + 2))) + "|");
        foreach (var c in cells) Line(c);
        return sb.ToString();
    }

    public static void WriteJson(string path, ReportDocument doc)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(doc, Json));
    }
}
