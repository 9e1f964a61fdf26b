using Herald.Catalog;
using Herald.Kernel;
using Herald.Push.Templates;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.WebConsole;

/// <summary>
/// The template editor's preview: the template rendered by the real <see cref="TemplateRenderer"/> with
/// sample values, the length before the 140-character cut, the fixed text's length (over 140 is refused
/// on save), and the validator's messages. Used for the first render and by the live preview's fetch.
/// </summary>
public sealed record TemplatePreview(
    string Title, string Body, int TitleLength, int BodyLength, int FixedTitleLength, int FixedBodyLength, int Max,
    IReadOnlyList<string> Errors)
{
    /// <summary>What a placeholder shows in the preview.</summary>
    public static readonly IReadOnlyDictionary<string, string> SampleValues = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["senderName"] = "Andrew Joseph", ["senderUid"] = "cometchat-uid-1", ["senderAvatar"] = "https://example.com/a.webp",
        ["conversationName"] = "Hiking group", ["conversationId"] = "hiking", ["conversationType"] = "group",
        ["text"] = "Hello! Are we still on for Saturday?", ["callType"] = "audio", ["callTypeLabel"] = "AUDIO",
        ["sessionId"] = "v1.123.aik2", ["reaction"] = "😎", ["targetName"] = "George Alan",
    };

    /// <summary>
    /// Most characters of a previewed title or body: twice what may be saved, so the validator's
    /// "keep it to 1000 characters" still shows while typing, and no more, since the preview is free to call.
    /// </summary>
    public const int MaxInputLength = 2 * TemplateRenderer.MaxTemplateLength;

    /// <summary>A 400 naming the field for preview input out of bounds; null when it may be rendered.</summary>
    public static ValidationProblem? CheckInput(CatalogEvent e, string? variant, string? title, string? body)
    {
        var errors = new FieldErrors();
        if (!string.IsNullOrEmpty(variant) && e.ConversationVariants?.ContainsKey(variant) != true)
            errors.Add("variant", $"'{Clip(variant)}' is not a conversation variant of {e.Type}; leave it empty for the type's own template.");
        if (title is { Length: > MaxInputLength }) errors.Add("title", $"The preview takes at most {MaxInputLength} characters of title.");
        if (body is { Length: > MaxInputLength }) errors.Add("body", $"The preview takes at most {MaxInputLength} characters of body.");
        return errors.Any ? errors.ToProblem() : null;
    }

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;

    public static string Sample(string placeholder) =>
        SampleValues.TryGetValue(placeholder, out var v) ? v : placeholder.Length > 0 ? $"<{placeholder}>" : "";

    public static TemplatePreview Of(TemplateRenderer renderer, EventCatalog catalog, string type, string variant, string? title, string? body)
    {
        var values = new Dictionary<string, string>(SampleValues, StringComparer.Ordinal);
        foreach (var p in catalog.Find(type)?.Placeholders ?? []) values.TryAdd(p, Sample(p));
        var template = new PushTemplate(string.IsNullOrEmpty(title) ? null : title, string.IsNullOrEmpty(body) ? null : body);
        // Rendered without the parse cache: every keystroke is a new text, and typing must not evict what pushes use.
        var rendered = renderer.Render(template with { Title = title ?? "", Body = body ?? "" }, values, null, cacheParsed: false);
        var errors = new FieldErrors();
        renderer.Validate(type, template, "template", errors);
        var messages = errors.Any ? errors.ToProblem().ProblemDetails.Errors.Select(e => e.Value[0]).ToList() : [];
        return new TemplatePreview(rendered.Title, rendered.Body,
            TemplateSyntax.Length(TemplateRenderer.Fill(title ?? "", values, cacheParsed: false)),
            TemplateSyntax.Length(TemplateRenderer.Fill(body ?? "", values, cacheParsed: false)),
            FixedLength(title), FixedLength(body), TemplateRenderer.MaxBodyLength, messages);
    }

    private static int FixedLength(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var parts = TemplateSyntax.Parse(text, out var error);
        return error is null ? TemplateSyntax.Length(TemplateSyntax.FixedText(parts)) : TemplateSyntax.Length(text);
    }
}
