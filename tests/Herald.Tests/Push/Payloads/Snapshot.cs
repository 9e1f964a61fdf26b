using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.Tests.Push.Payloads;

/// <summary>
/// Compares JSON with a reviewed file under Push/Payloads/Snapshots/. A difference fails with the first lines
/// that differ; HERALD_UPDATE_SNAPSHOTS=1 writes the files instead (then review them against
/// docs/PAYLOADS.md before committing: a snapshot only holds what someone checked).
/// </summary>
public static class Snapshot
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // emoji and "<" readable in the files
    };

    public static bool Updating => Environment.GetEnvironmentVariable("HERALD_UPDATE_SNAPSHOTS") == "1";

    public static void Match(string name, JsonNode actual, [CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, "Snapshots", name + ".json");
        var text = actual.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        if (Updating)
        {
            File.WriteAllText(path, text, new UTF8Encoding(false));
            return;
        }
        Assert.True(File.Exists(path), $"No snapshot {path}. Run with HERALD_UPDATE_SNAPSHOTS=1 and review the file against docs/PAYLOADS.md.\nactual:\n{text}");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == text) return;
        Assert.Fail($"{name} differs from {path} (- expected, + actual; rerun with HERALD_UPDATE_SNAPSHOTS=1 only if the change is intended):\n{Diff(expected, text)}");
    }

    /// <summary>The lines from the first difference to the last, each side, with two lines of context.</summary>
    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start]) start++;
        int endA = a.Length - 1, endB = b.Length - 1;
        while (endA >= start && endB >= start && a[endA] == b[endB]) { endA--; endB--; }
        var s = new StringBuilder();
        for (var i = Math.Max(0, start - 2); i < start; i++) s.Append("  ").AppendLine(a[i]);
        for (var i = start; i <= endA; i++) s.Append("- ").AppendLine(a[i]);
        for (var i = start; i <= endB; i++) s.Append("+ ").AppendLine(b[i]);
        for (var i = endA + 1; i < Math.Min(a.Length, endA + 3); i++) s.Append("  ").AppendLine(a[i]);
        return s.ToString();
    }
}
