using System.Text.RegularExpressions;
using Herald.Push.Providers;
using Herald.Tests.Processes;

namespace Herald.Tests.Push.Providers;

/// <summary>
/// Each push provider is one folder you can delete (issue 21). In Herald's generic code (src/Herald outside every
/// Push/Providers/&lt;X&gt;/ folder) a provider's name appears in at most two source files: the registration list,
/// PushProviders.cs, and at most one message or comment that names it as an example. Another provider's folder may
/// name it in words (FCM's own wire format has an "apns" object, and its errors explain APNs tokens), but may not use
/// its code: no type declared in one provider folder is used in another. Docs are not counted; they are not compiled.
/// </summary>
public sealed class ProviderFolderTests
{
    private const int MaxFilesOutside = 2;

    /// <summary>
    /// How each provider is recognised in a file, case-insensitively. apns, fcm and baidu are distinctive words,
    /// so any occurrence counts (identifiers, strings, comments). "custom" is an ordinary word (the settings' custom
    /// JSON, "custom message", GetCustomAttributes), so for it only identifiers specific to the custom provider
    /// count: its type and member names (CustomProvider…, CustomEnvelope, CustomGateway…, CustomTimeout,
    /// CustomCredential…), its console class pf-custom, and the name used as a provider in code
    /// (provider == "custom", "custom" =&gt; in a switch). Prose such as "the custom provider" in a comment is not matched.
    /// </summary>
    internal static readonly Dictionary<string, Regex> Mentions = new()
    {
        ["Apns"] = new(@"apns", RegexOptions.IgnoreCase),
        ["Fcm"] = new(@"fcm", RegexOptions.IgnoreCase),
        ["Baidu"] = new(@"baidu", RegexOptions.IgnoreCase),
        ["Custom"] = new(@"Custom(Provider|Envelope|Gateway|Timeout|Credential)|pf-custom|provider\s*[!=]=\s*""custom""|""custom""\s*=>|case\s+""custom""",
            RegexOptions.IgnoreCase),
    };

    private static string SourceRoot => Path.Combine(ServerProcess.RepoRoot, "src", "Herald");

    private static string ProviderFolder(string folder) => Path.Combine(SourceRoot, "Push", "Providers", folder) + Path.DirectorySeparatorChar;

    /// <summary>The C# and Razor files under <paramref name="root"/>, build output excluded.</summary>
    private static IEnumerable<string> SourceFiles(string root) =>
        Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The files of Herald's generic code (outside every provider folder) mentioning the provider.</summary>
    internal static List<string> FilesMentioning(Regex mention) =>
        SourceFiles(SourceRoot)
            .Where(f => !Mentions.Keys.Any(folder => f.StartsWith(ProviderFolder(folder), StringComparison.Ordinal)))
            .Where(f => mention.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(SourceRoot, f))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The types a provider folder declares (its Razor components too), less partial parts of shared types
    /// (CredentialMaterial, PushPayloads), which belong to the generic code they extend.
    /// </summary>
    private static HashSet<string> TypesDeclaredIn(string folder)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in SourceFiles(ProviderFolder(folder)))
        {
            if (f.EndsWith(".razor", StringComparison.Ordinal)) declared.Add(Path.GetFileNameWithoutExtension(f));
            foreach (Match m in Declaration.Matches(File.ReadAllText(f)))
                if (!m.Groups["partial"].Success) declared.Add(m.Groups["name"].Value);
        }
        return declared;
    }

    // Top-level declarations only (a line starting with the modifiers): nested private types are no one else's to use.
    private static readonly Regex Declaration = new(
        @"^(?:(?:public|internal|sealed|static|abstract|file|readonly)\s+)*(?<partial>partial\s+)?(?:class|record|struct|interface|enum)\s+(?<name>\w+)",
        RegexOptions.Multiline);

    [Fact]
    public void Each_provider_is_named_in_at_most_two_files_outside_its_folder()
    {
        var tooMany = Mentions.Select(m => (Provider: m.Key, Files: FilesMentioning(m.Value)))
            .Where(p => p.Files.Count > MaxFilesOutside)
            .Select(p => $"{p.Provider} is named in {p.Files.Count} files outside Push/Providers/{p.Provider}/: {string.Join(", ", p.Files)}")
            .ToList();
        Assert.True(tooMany.Count == 0, string.Join("\n", tooMany) +
            "\nMove the provider's code into its folder behind IPushProvider, or iterate PushProviders.All instead of naming it.");
    }

    [Fact]
    public void No_provider_folder_uses_another_providers_code()
    {
        var uses = new List<string>();
        foreach (var owner in Mentions.Keys)
        {
            var types = TypesDeclaredIn(owner);
            Assert.NotEmpty(types);
            var used = new Regex($@"\b(?:{string.Join("|", types)})\b|Providers\.{owner}\b");
            foreach (var other in Mentions.Keys.Where(k => k != owner))
                foreach (var f in SourceFiles(ProviderFolder(other)).Where(f => used.IsMatch(File.ReadAllText(f))))
                    uses.Add($"{Path.GetRelativePath(SourceRoot, f)} uses {owner}'s {used.Match(File.ReadAllText(f)).Value}");
        }
        Assert.True(uses.Count == 0, string.Join("\n", uses) + "\nMove what both need into the generic code (e.g. Push/Credentials/ProviderUrls.cs).");
    }

    /// <summary>The checks above can fail: its patterns find the providers in their own folders and in the registration list.</summary>
    [Fact]
    public void The_patterns_find_what_they_look_for()
    {
        Assert.Equal(PushProviders.All.Count, Mentions.Count);
        foreach (var (folder, mention) in Mentions)
        {
            var ownFolder = Path.Combine(SourceRoot, "Push", "Providers", folder);
            Assert.True(Directory.Exists(ownFolder), $"Push/Providers/{folder}/ is missing");
            Assert.Contains(Directory.EnumerateFiles(ownFolder, "*.cs"), f => mention.IsMatch(File.ReadAllText(f)));
            Assert.Contains(Path.Combine("Push", "Providers", "PushProviders.cs"), FilesMentioning(mention));
        }
        Assert.Matches(Mentions["Custom"], """if (c.Provider == "custom") return;""");
        Assert.DoesNotMatch(Mentions["Custom"], """errors.Add("custom", "Custom data is a JSON object");""");
    }
}
