using System.Text.RegularExpressions;
using Herald.Kernel;
using Herald.Storage;

namespace Herald.Push.Templates;

public sealed partial class TemplateRenderer
{
    public const int MaxTemplateLength = 1000;
    public const int MaxLocales = 100;
    public const int MaxLocKeyLength = 200;
    public const int MaxLocArgs = 10;

    // Names every event can fill (TemplateValues), beside each type's own catalog placeholders.
    private static readonly string[] CommonPlaceholders =
        ["senderName", "senderUid", "senderAvatar", "conversationName", "conversationId", "conversationType",
         "text", "callType", "callTypeLabel", "sessionId", "reaction", "targetName"];

    // \z, not $: "$" also matches before a final newline ("fr\n" was accepted).
    [GeneratedRegex(@"\A[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*\z")]
    private static partial Regex LanguageTag();

    /// <summary>A BCP 47 language tag in the shape devices send: "fr", "pt-BR", "zh-Hant-TW" ("pt_BR" too).</summary>
    public static bool IsLanguageTag(string? tag) => tag is { Length: <= 35 } && LanguageTag().IsMatch(tag);

    /// <summary>Adds a field error for every problem of a template about to be saved.</summary>
    public void Validate(string type, PushTemplate template, string field, FieldErrors errors)
    {
        var known = CommonPlaceholders.Concat(catalog.Find(type)?.Placeholders ?? []).Distinct(StringComparer.Ordinal).ToArray();
        CheckText(template.Title, $"{field}.title", "title", known, errors);
        CheckText(template.Body, $"{field}.body", "body", known, errors);

        if (template.Locales is { } locales)
        {
            if (locales.Count > MaxLocales) errors.Add($"{field}.locales", $"At most {MaxLocales} locales per template.");
            foreach (var (tag, text) in locales.Take(MaxLocales))
            {
                var at = $"{field}.locales.{(tag.Length > 40 ? tag[..40] + "…" : tag)}";
                if (!IsLanguageTag(tag))
                    errors.Add(at, $"'{tag}' is not a language tag; use a BCP 47 tag such as 'fr' or 'pt-BR'.");
                else if (text is null || (text.Title is null && text.Body is null))
                    errors.Add(at, "Give this locale a title and/or a body (what it leaves out comes from the template's own), or remove it.");
                else
                {
                    CheckText(text.Title, $"{at}.title", "title", known, errors);
                    CheckText(text.Body, $"{at}.body", "body", known, errors);
                }
            }
        }

        CheckKey(template.TitleLocKey, template.TitleLocArgs, $"{field}.titleLocKey", $"{field}.titleLocArgs", known, errors);
        CheckKey(template.BodyLocKey, template.BodyLocArgs, $"{field}.bodyLocKey", $"{field}.bodyLocArgs", known, errors);

        if (template.Title is null && template.Body is null && template.Locales is not { Count: > 0 }
            && template.TitleLocKey is null && template.BodyLocKey is null && template.TitleLocArgs is not { Count: > 0 } && template.BodyLocArgs is not { Count: > 0 })
            errors.Add(field, "The template is empty: give a title, a body, locales or translation keys, or send \"template\": null to go back to the default.");
    }

    private static void CheckKey(string? key, IReadOnlyList<string>? args, string keyField, string argsField, string[] known, FieldErrors errors)
    {
        if (key is not null && (key.Length is 0 or > MaxLocKeyLength || key.Any(char.IsControl) || string.IsNullOrWhiteSpace(key)))
            errors.Add(keyField, $"A translation key is 1-{MaxLocKeyLength} printable characters, the name of a string in the app's localization files.");
        if (args is null) return;
        if (key is null && args.Count > 0)
            errors.Add(argsField, $"Arguments go with a key: give {keyField[(keyField.LastIndexOf('.') + 1)..]} too, or leave the arguments out.");
        if (args.Count > MaxLocArgs)
            errors.Add(argsField, $"At most {MaxLocArgs} arguments per translation key.");
        for (var i = 0; i < Math.Min(args.Count, MaxLocArgs); i++)
        {
            if (args[i] is null) errors.Add($"{argsField}[{i}]", "Each argument is a text template such as \"{{senderName}}\", not null.");
            else CheckText(args[i], $"{argsField}[{i}]", "argument", known, errors);
        }
    }

    private static void CheckText(string? text, string field, string what, string[] known, FieldErrors errors)
    {
        if (text is null) return;
        if (text.Length > MaxTemplateLength)
        {
            errors.Add(field, $"Keep a template {what} to {MaxTemplateLength} characters (the rendered {what} is cut at {MaxBodyLength} anyway).");
            return;
        }
        var parts = TemplateSyntax.Parse(text, out var syntax);
        if (syntax is not null)
        {
            errors.Add(field, syntax.Message);
            return;
        }
        foreach (var p in parts.Where(p => p.IsPlaceholder))
        {
            var name = p.Text.StartsWith("data.", StringComparison.Ordinal) ? p.Text[5..] : p.Text;
            // Any name is allowed (data fields are placeholders), but a case slip of a known one never matches anything.
            var near = known.FirstOrDefault(k => !string.Equals(k, name, StringComparison.Ordinal) && string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (near is not null && !known.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(field, $"'{{{{{p.Text}}}}}' matches nothing (placeholder names are case-sensitive); did you mean '{{{{{near}}}}}'?");
                return;
            }
        }
        var fixedLength = TemplateSyntax.Length(TemplateSyntax.FixedText(parts));
        var max = what == "title" ? MaxTitleLength : MaxBodyLength;
        if (fixedLength > max)
            errors.Add(field, $"The fixed text alone is {fixedLength} characters; a push {what} may be at most {max} (longer text is cut with '…'). Shorten the wording.");
    }
}
