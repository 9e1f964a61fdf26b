using Herald.Events;
using Herald.Hosting;
using Herald.Push.Templates;
using Herald.Storage;

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

    public static string Sample(string placeholder) =>
        SampleValues.TryGetValue(placeholder, out var v) ? v : placeholder.Length > 0 ? $"<{placeholder}>" : "";

    public static TemplatePreview Of(TemplateRenderer renderer, EventCatalog catalog, string type, string variant, string? title, string? body)
    {
        var values = new Dictionary<string, string>(SampleValues, StringComparer.Ordinal);
        foreach (var p in catalog.Find(type)?.Placeholders ?? []) values.TryAdd(p, Sample(p));
        var template = new PushTemplate(string.IsNullOrEmpty(title) ? null : title, string.IsNullOrEmpty(body) ? null : body);
        var rendered = renderer.Render(template with { Title = title ?? "", Body = body ?? "" }, values, null);
        var errors = new FieldErrors();
        renderer.Validate(type, template, "template", errors);
        var messages = errors.Any ? errors.ToProblem().ProblemDetails.Errors.Select(e => e.Value[0]).ToList() : [];
        return new TemplatePreview(rendered.Title, rendered.Body,
            TemplateSyntax.Length(TemplateRenderer.Fill(title ?? "", values)), TemplateSyntax.Length(TemplateRenderer.Fill(body ?? "", values)),
            FixedLength(title), FixedLength(body), TemplateRenderer.MaxBodyLength, messages);
    }

    private static int FixedLength(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var parts = TemplateSyntax.Parse(text, out var error);
        return error is null ? TemplateSyntax.Length(TemplateSyntax.FixedText(parts)) : TemplateSyntax.Length(text);
    }
}
