using System.Text.RegularExpressions;
using Herald.Tests.Processes;

namespace Herald.Tests.Architecture;

/// <summary>
/// Keeps the design true: src/Herald's top-level folders depend on each other one way only, along the edges
/// docs/ARCHITECTURE.md draws. A folder depends on another when one of its files names the other's namespace
/// (a <c>using</c>, a Razor <c>@using</c>, the console's _Imports.razor, or a qualified <c>Herald.X.</c>).
/// That is the whole of it because every file's namespace is its folder's (checked below) and nothing is
/// declared in the root namespace <c>Herald</c>, so no folder sees another's types implicitly.
/// A new edge is a design change: add it to <see cref="Allowed"/> and to the diagram, and this test checks
/// that the table still has no cycle.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string Source = Path.Combine(ServerProcess.RepoRoot, "src", "Herald");

    /// <summary>Each folder and what it may use. Kernel and Storage sit at the bottom; Console and Hosting on top.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Kernel"] = [],
        ["Catalog"] = [],
        ["Storage"] = ["Kernel"],
        ["Telemetry"] = ["Storage"],
        ["Secrets"] = ["Kernel", "Storage"],
        ["Apps"] = ["Kernel", "Storage"],
        ["Retention"] = ["Apps", "Kernel", "Storage", "Telemetry"],
        ["Queue"] = ["Kernel", "Secrets", "Storage", "Telemetry"],
        ["Webhooks"] = ["Apps", "Catalog", "Kernel", "Queue", "Secrets", "Storage"],
        ["Push"] = ["Apps", "Catalog", "Kernel", "Queue", "Storage", "Webhooks"],
        ["Route"] = ["Catalog", "Kernel", "Push", "Storage", "Webhooks"],
        ["Ingest"] = ["Apps", "Catalog", "Kernel", "Queue", "Route", "Storage", "Telemetry"],
        ["FanOut"] = ["Apps", "Catalog", "Kernel", "Push", "Queue", "Storage", "Telemetry"],
        ["Send"] = ["Apps", "Kernel", "Push", "Queue", "Secrets", "Storage", "Webhooks"],
        ["Record"] = ["Apps", "Kernel", "Push", "Queue", "Storage"],
        ["Monitoring"] = ["Apps", "Catalog", "Ingest", "Kernel", "Push", "Secrets", "Storage", "Webhooks"],
        ["Hosting"] = ["Apps", "Kernel", "Secrets", "Storage"],
        ["Console"] = ["Apps", "Catalog", "FanOut", "Hosting", "Kernel", "Monitoring", "Push", "Queue", "Record", "Send", "Storage", "Webhooks"],
    };

    /// <summary>
    /// Files whose namespace is not their folder's, and why: type names that data stored in the field carries.
    /// </summary>
    private static readonly Dictionary<string, string> StoredNames = new()
    {
        ["Secrets/StoredTypeNames.cs"] = "Herald.Hosting.KeyRing", // Data Protection's decryptorType in every stored key
    };

    [Fact]
    public void Every_folder_uses_only_the_folders_the_design_allows()
    {
        var found = Edges();
        Assert.NotEmpty(found); // the scan found the tree at all
        var unexpected = found
            .Where(e => !Allowed.TryGetValue(e.From, out var to) || !to.Contains(e.To))
            .Select(e => $"{e.From} -> {e.To} ({e.File})")
            .Distinct().Order().ToList();
        Assert.True(unexpected.Count == 0,
            "Dependencies the design does not allow (a back-edge, or a new one: then add it to Allowed and to docs/ARCHITECTURE.md's diagram):\n" +
            string.Join("\n", unexpected));
    }

    [Fact]
    public void The_allowed_dependencies_have_no_cycle()
    {
        var cycle = FindCycle(Allowed);
        Assert.True(cycle is null, $"The allowed dependencies run in a circle: {string.Join(" -> ", cycle ?? [])}");
        Assert.Equal(Folders().Order(), Allowed.Keys.Order()); // every folder is placed, and no placed folder is gone
    }

    [Fact]
    public void Every_file_is_in_its_folders_namespace()
    {
        var wrong = new List<string>();
        foreach (var file in SourceFiles().Where(f => f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var folder = FolderOf(file);
            var ns = NamespaceLine().Match(File.ReadAllText(file));
            if (folder is null) continue; // Program.cs: the composition root, in no namespace
            if (StoredNames.TryGetValue(Path.GetRelativePath(Source, file).Replace('\\', '/'), out var stored) && ns.Groups[1].Value == stored) continue;
            if (!ns.Success || NamespaceFolder(ns.Groups[1].Value) != folder)
                wrong.Add($"{Path.GetRelativePath(Source, file)}: namespace {(ns.Success ? ns.Groups[1].Value : "(none)")}");
        }
        Assert.True(wrong.Count == 0, "Files outside their folder's namespace (their types would be seen without a using):\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_check_sees_a_back_edge()
    {
        // The scan itself must be able to fail: Storage naming Queue's namespace is the kind of edge it exists to catch.
        var edges = EdgesOf("Storage", "x.cs", "using Herald.Queue;\nnamespace Herald.Storage;\nclass A { Herald.Push.Payloads.PushPayloads? p; }");
        Assert.Contains(edges, e => e.To == "Queue");
        Assert.Contains(edges, e => e.To == "Push");
        Assert.DoesNotContain(edges, e => e.To == "Idempotency"); // "Herald.Idempotency.v1" is a string, not a namespace
        Assert.Empty(EdgesOf("Storage", "y.cs", "var purpose = \"Herald.Idempotency.v1\"; // Herald.Queue.X in a comment"));
    }

    private sealed record Edge(string From, string To, string File);

    private static List<Edge> Edges()
    {
        var imports = File.ReadAllText(Path.Combine(Source, "Console", "_Imports.razor"));
        var edges = new List<Edge>();
        foreach (var file in SourceFiles())
        {
            var from = FolderOf(file);
            if (from is null) continue;
            var text = File.ReadAllText(file);
            if (from == "Console" && file.EndsWith(".razor", StringComparison.Ordinal)) text += "\n" + imports;
            edges.AddRange(EdgesOf(from, Path.GetRelativePath(Source, file), text));
        }
        return edges;
    }

    private static IEnumerable<Edge> EdgesOf(string from, string file, string text)
    {
        // A file's own namespace line declares, it does not depend; a stored name is the folder's own type.
        var code = NamespaceLine().Replace(StringsAndComments().Replace(text, "\"\""), "");
        foreach (var stored in StoredNames.Where(s => s.Key.StartsWith(from + "/", StringComparison.Ordinal))) code = code.Replace(stored.Value + ".", "");
        return HeraldName().Matches(code)
            .Select(m => NamespaceFolder("Herald." + m.Groups[1].Value))
            .Where(to => to != from)
            .Select(to => new Edge(from, to!, file));
    }

    /// <summary>The top-level folder a namespace belongs to: Herald.X.Y is folder X; the console's namespace is Herald.WebConsole.</summary>
    private static string? NamespaceFolder(string ns)
    {
        var parts = ns.Split('.');
        if (parts.Length < 2 || parts[0] != "Herald") return null;
        return parts[1] == "WebConsole" ? "Console" : parts[1];
    }

    private static string? FolderOf(string file)
    {
        var relative = Path.GetRelativePath(Source, file).Split(Path.DirectorySeparatorChar);
        return relative.Length > 1 ? relative[0] : null;
    }

    /// <summary>The top-level folders that hold source files.</summary>
    private static IEnumerable<string> Folders() => SourceFiles().Select(FolderOf).OfType<string>().Distinct();

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Source, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static List<string>? FindCycle(Dictionary<string, string[]> graph)
    {
        var state = new Dictionary<string, int>(); // 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2) return null;
            if (state.GetValueOrDefault(node) == 1) return [.. path[path.IndexOf(node)..], node];
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        return graph.Keys.Select(Visit).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    /// <summary>A namespace named in code: after using/@using, or qualified (Herald.X.Something).</summary>
    [GeneratedRegex(@"\bHerald\.(\w+)\b")]
    private static partial Regex HeraldName();

    /// <summary>String literals (plain, verbatim, raw and interpolated alike, approximately) and comments: names there are not dependencies.</summary>
    [GeneratedRegex(@"""""""[\s\S]*?""""""|@""(?:[^""]|"""")*""|""(?:\\.|[^""\\\n])*""|//[^\n]*|/\*[\s\S]*?\*/|@\*[\s\S]*?\*@")]
    private static partial Regex StringsAndComments();
}
