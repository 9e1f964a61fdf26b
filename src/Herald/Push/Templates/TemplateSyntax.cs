using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Herald.Push.Templates;

/// <summary>One piece of a template: fixed text, or the name inside a {{ placeholder }}.</summary>
internal readonly record struct TemplatePart(string Text, bool IsPlaceholder);

/// <summary>A syntax mistake, with its 1-based character position for the error message.</summary>
internal sealed record TemplateSyntaxError(int Position, string Message);

/// <summary>
/// The {{placeholder}} syntax. Rendering is lenient (a stored template always renders something);
/// validation reports the first mistake so the operator can fix it before it is saved.
/// </summary>
internal static class TemplateSyntax
{
    private const int MaxNameLength = 100;
    // Templates are few per app, so parsed forms are kept; the bounds only guard against unbounded distinct text:
    // at most MaxCached entries, each no longer than a template may be saved (the console's preview stays out).
    private const int MaxCached = 10_000;
    private static readonly ConcurrentDictionary<string, TemplatePart[]> Parsed = new(StringComparer.Ordinal);

    public static TemplatePart[] Parse(string template)
    {
        if (Parsed.TryGetValue(template, out var parts)) return parts;
        parts = [.. Parse(template, out _)];
        if (template.Length > TemplateRenderer.MaxTemplateLength) return parts; // never stored, so never worth keeping
        if (Parsed.Count > MaxCached) Parsed.Clear();
        Parsed[template] = parts;
        return parts;
    }

    /// <summary>For tests: whether a text's parsed form is kept.</summary>
    internal static bool IsCached(string template) => Parsed.ContainsKey(template);

    public static List<TemplatePart> Parse(string s, out TemplateSyntaxError? error)
    {
        error = null;
        var parts = new List<TemplatePart>();
        var i = 0;
        while (i < s.Length)
        {
            var open = s.IndexOf("{{", i, StringComparison.Ordinal);
            var close = s.IndexOf("}}", i, StringComparison.Ordinal);
            if (close >= 0 && (open < 0 || close < open))
            {
                error ??= new(close + 1, $"'}}}}' at character {close + 1} closes no '{{{{'. Write placeholders as {{{{name}}}}.");
                parts.Add(new(s[i..(close + 2)], false));
                i = close + 2;
                continue;
            }
            if (open < 0)
            {
                parts.Add(new(s[i..], false));
                break;
            }
            if (open > i) parts.Add(new(s[i..open], false));
            var end = s.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var reopen = s.IndexOf("{{", open + 2, StringComparison.Ordinal);
            if (end < 0 || (reopen >= 0 && reopen < end))
            {
                error ??= new(open + 1, $"'{{{{' at character {open + 1} is never closed; end the placeholder with '}}}}', e.g. {{{{senderName}}}}.");
                var literalEnd = end < 0 ? s.Length : reopen;
                parts.Add(new(s[open..literalEnd], false));
                i = literalEnd;
                continue;
            }
            var name = s[(open + 2)..end].Trim();
            if (!IsName(name))
                error ??= new(open + 1, name.Length == 0
                    ? $"The placeholder at character {open + 1} is empty; put a name inside, e.g. {{{{senderName}}}}."
                    : $"'{s[open..(end + 2)]}' at character {open + 1} is not a placeholder name: use letters, digits, '_', '-' or '.', starting with a letter (e.g. {{{{senderName}}}}, {{{{data.orderId}}}}).");
            parts.Add(new(name, true));
            i = end + 2;
        }
        return parts;
    }

    public static bool IsName(string name)
    {
        if (name.Length is 0 or > MaxNameLength || (!char.IsAsciiLetter(name[0]) && name[0] != '_')) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-')) return false;
        return true;
    }

    /// <summary>The text with every placeholder removed: what the operator wrote, whatever the event brings.</summary>
    public static string FixedText(IEnumerable<TemplatePart> parts) =>
        CollapseSpaces(string.Concat(parts.Where(p => !p.IsPlaceholder).Select(p => p.Text)));

    /// <summary>Empty values leave double spaces and dangling edges ("{{a}} {{b}}" with a empty); one space and trimmed.</summary>
    public static string CollapseSpaces(string s)
    {
        if (!s.Contains("  ", StringComparison.Ordinal)) return s.Trim();
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
            if (c != ' ' || b.Length == 0 || b[^1] != ' ') b.Append(c);
        return b.ToString().Trim();
    }

    /// <summary>Length in user-perceived characters (grapheme clusters), so an emoji counts once and is never split.</summary>
    public static int Length(string s) => new StringInfo(s).LengthInTextElements;

    public static string Cut(string s, int max)
    {
        // Cheap exit for the common case: fewer UTF-16 units than the limit means fewer graphemes too.
        if (s.Length <= max) return s;
        var info = new StringInfo(s);
        if (info.LengthInTextElements <= max) return s;
        return info.SubstringByTextElements(0, max - 1).TrimEnd() + "…";
    }
}
