using System.Globalization;
using System.Text.Json;
using Herald.Catalog;
using Herald.Hosting;
using Herald.Kernel;
using Herald.Push.Templates;
using Herald.Storage;

namespace Herald.Tests.Push.Templates;

public sealed class TemplateTests
{
    private static readonly EventCatalog Catalog = EventCatalog.LoadEmbedded();
    private static readonly TemplateRenderer Renderer = new(Catalog);
    private static readonly Dictionary<string, string> Values = new()
    {
        ["senderName"] = "Andrew Joseph", ["conversationName"] = "Hiking group", ["text"] = "Hello!",
    };

    private static RenderedText Render(string? title, string? body, string? locale = null, IReadOnlyDictionary<string, string>? values = null) =>
        Renderer.Render(new PushTemplate(title, body), values ?? Values, locale);

    private static Dictionary<string, string[]> Errors(PushTemplate template, string type = "message.created")
    {
        var errors = new FieldErrors();
        Renderer.Validate(type, template, "template", errors);
        var problem = errors.ToProblem().ProblemDetails;
        return errors.Any ? new Dictionary<string, string[]>(problem.Errors) : [];
    }

    private static int Graphemes(string s) => new StringInfo(s).LengthInTextElements;

    // --- rendering

    [Fact]
    public void Placeholders_are_filled_and_spaces_inside_the_braces_are_allowed()
    {
        var r = Render("{{ conversationName }}", "{{senderName}}: {{  text }}");
        Assert.Equal("Hiking group", r.Title);
        Assert.Equal("Andrew Joseph: Hello!", r.Body);
        Assert.Null(r.TitleLocKey);
        Assert.Null(r.BodyLocArgs);
    }

    [Fact]
    public void Missing_values_render_empty_and_leave_no_double_spaces()
    {
        var r = Render("{{nobody}}", "{{senderName}} kicked {{targetName}} from {{conversationName}}");
        Assert.Equal("", r.Title);
        Assert.Equal("Andrew Joseph kicked from Hiking group", r.Body);
        Assert.Equal("Hi", Render(null, "  {{a}}  Hi  {{b}} ").Body);
    }

    [Fact]
    public void Data_fields_can_be_named_with_or_without_the_data_prefix()
    {
        var values = new Dictionary<string, string> { ["orderId"] = "A-17" };
        Assert.Equal("Order A-17 / A-17", Render(null, "Order {{data.orderId}} / {{orderId}}", values: values).Body);
    }

    [Fact]
    public void Locales_match_exactly_then_by_language_then_fall_back_to_the_template()
    {
        var template = new PushTemplate("{{senderName}}", "{{text}}", new Dictionary<string, LocaleText>
        {
            ["fr"] = new(null, "{{senderName}} : {{text}}"),  // overrides only the body
            ["pt-BR"] = new("Mensagem de {{senderName}}", "{{text}} (BR)"),
            ["pt"] = new("Mensagem", "{{text}} (PT)"),
        });
        var fr = Renderer.Render(template, Values, "fr-CA");
        Assert.Equal("Andrew Joseph", fr.Title);
        Assert.Equal("Andrew Joseph : Hello!", fr.Body);
        Assert.Equal("Andrew Joseph : Hello!", Renderer.Render(template, Values, "FR").Body);
        Assert.Equal("Hello! (BR)", Renderer.Render(template, Values, "pt_br").Body);
        Assert.Equal("Hello! (PT)", Renderer.Render(template, Values, "pt-PT").Body);
        Assert.Equal("Hello!", Renderer.Render(template, Values, "de-DE").Body);
        Assert.Equal("Hello!", Renderer.Render(template, Values, null).Body);
    }

    [Fact]
    public void A_body_over_140_characters_is_cut_to_139_and_an_ellipsis()
    {
        var values = new Dictionary<string, string> { ["text"] = new string('x', 500) };
        var r = Render("t", "{{text}}", values: values);
        Assert.Equal(new string('x', 139) + "…", r.Body);
        Assert.Equal(TemplateRenderer.MaxBodyLength, Graphemes(r.Body));

        var exact = new Dictionary<string, string> { ["text"] = new string('y', 140) };
        Assert.Equal(new string('y', 140), Render("t", "{{text}}", values: exact).Body);
    }

    [Fact]
    public void The_cut_counts_an_emoji_as_one_character_and_never_splits_it()
    {
        const string family = "👨‍👩‍👧"; // 8 UTF-16 units, one grapheme
        const string thumb = "👍🏽";
        // The emoji is the 139th character: it is kept whole, then the ellipsis.
        var kept = Render("t", "{{text}}", values: new Dictionary<string, string> { ["text"] = new string('a', 138) + family + "bbbbb" }).Body;
        Assert.Equal(new string('a', 138) + family + "…", kept);
        Assert.Equal(140, Graphemes(kept));

        // The emoji would be the 140th: it goes entirely, no half surrogate pair is left.
        var dropped = Render("t", "{{text}}", values: new Dictionary<string, string> { ["text"] = new string('a', 139) + thumb + "b" }).Body;
        Assert.Equal(new string('a', 139) + "…", dropped);

        // 140 emoji fit exactly though they are far over 140 UTF-16 units.
        var emoji = string.Concat(Enumerable.Repeat(thumb, 140));
        Assert.Equal(emoji, Render("t", "{{text}}", values: new Dictionary<string, string> { ["text"] = emoji }).Body);
    }

    [Fact]
    public void A_title_is_cut_at_140_the_same_way()
    {
        var r = Render("{{conversationName}}", "b", values: new Dictionary<string, string> { ["conversationName"] = new string('g', 300) });
        Assert.Equal(new string('g', 139) + "…", r.Title);
    }

    [Fact]
    public void Translation_key_mode_fills_keys_and_renders_each_argument_and_keeps_text_for_other_providers()
    {
        var stored = new[]
        {
            new EventPushSetting("message.created", "group", true, new PushTemplate(null, null,
                TitleLocKey: "NEW_GROUP_MESSAGE_TITLE", TitleLocArgs: ["{{conversationName}}"],
                BodyLocKey: "NEW_GROUP_MESSAGE_BODY", BodyLocArgs: ["{{ senderName }}", "{{text}}", "{{missing}}"])),
        };
        var (_, template) = Renderer.Effective("message.created", "group", stored);
        var r = Renderer.Render(template, Values, "fr");
        Assert.Equal("NEW_GROUP_MESSAGE_TITLE", r.TitleLocKey);
        Assert.Equal(new[] { "Hiking group" }, r.TitleLocArgs!);
        Assert.Equal("NEW_GROUP_MESSAGE_BODY", r.BodyLocKey);
        Assert.Equal(new[] { "Andrew Joseph", "Hello!", "" }, r.BodyLocArgs!);
        // Title and body come from the group variant's default, for providers without key support.
        Assert.Equal("Hiking group", r.Title);
        Assert.Equal("Andrew Joseph: Hello!", r.Body);
    }

    // --- effective settings

    [Fact]
    public void Without_stored_rows_each_variant_gets_its_own_catalog_default_and_is_allowed()
    {
        var group = Renderer.Effective("message.created", "group", []);
        Assert.True(group.Allowed);
        Assert.Equal(new PushTemplate("{{conversationName}}", "{{senderName}}: {{text}}"), group.Template);
        Assert.Equal(new PushTemplate("{{senderName}}", "{{text}}"), Renderer.Effective("message.created", "user", []).Template);
        Assert.Equal(new PushTemplate("{{senderName}}", "{{text}}"), Renderer.Effective("message.created", null, []).Template);
        Assert.Equal(new PushTemplate("{{senderName}}", "Reacted to your message: {{reaction}}"), Renderer.Effective("reaction.added", "group", []).Template);
    }

    [Fact]
    public void A_variant_without_its_own_row_falls_back_to_the_type_row_then_to_the_catalog()
    {
        var whole = new PushTemplate("All", "{{text}}");
        var stored = new List<EventPushSetting> { new("message.created", "", false, whole) };
        Assert.Equal((false, whole), Renderer.Effective("message.created", "group", stored));
        Assert.Equal((false, whole), Renderer.Effective("message.created", "user", stored));

        // The group row overrides the toggle; its null template still inherits the type row's.
        stored.Add(new("message.created", "group", true, null));
        Assert.Equal((true, whole), Renderer.Effective("message.created", "group", stored));
        Assert.Equal((false, whole), Renderer.Effective("message.created", "user", stored));

        // Only a group row: user keeps the catalog default; a type without variants ignores the conversation type.
        var onlyGroup = new[] { new EventPushSetting("message.created", "group", false, new PushTemplate("G", null)) };
        Assert.Equal((false, new PushTemplate("G", "{{senderName}}: {{text}}")), Renderer.Effective("message.created", "group", onlyGroup));
        Assert.Equal((true, new PushTemplate("{{senderName}}", "{{text}}")), Renderer.Effective("message.created", "user", onlyGroup));
        var reaction = new[] { new EventPushSetting("reaction.added", "", false, null) };
        Assert.False(Renderer.Effective("reaction.added", "group", reaction).Allowed);
    }

    // --- validation

    [Fact]
    public void A_good_template_with_locales_and_keys_has_no_errors()
    {
        Assert.Empty(Errors(new PushTemplate("{{senderName}}", "{{senderName}}: {{text}} {{data.orderId}}",
            new Dictionary<string, LocaleText> { ["fr"] = new(null, "{{text}}"), ["pt-BR"] = new("Oi", null), ["zh-Hant-TW"] = new("新", null) },
            "TITLE_KEY", ["{{senderName}}"], "BODY_KEY", [])));
    }

    [Fact]
    public void Fixed_text_over_140_characters_is_refused_with_its_length()
    {
        var errors = Errors(new PushTemplate("{{senderName}}", new string('w', 141) + " {{text}}"));
        Assert.Contains("The fixed text alone is 141 characters", errors["template.body"][0]);
        Assert.Contains("140", errors["template.body"][0]);
        Assert.Contains("template.locales.fr.title", Errors(new PushTemplate("t", "b",
            new Dictionary<string, LocaleText> { ["fr"] = new(new string('t', 141), null) })).Keys);
        // Placeholders may make the rendered text longer; that is cut, not refused.
        Assert.Empty(Errors(new PushTemplate("{{senderName}}", new string('w', 130) + " {{text}} {{conversationName}}")));
    }

    [Theory]
    [InlineData("Hi {{text", "character 4")]
    [InlineData("Hi {{text {{senderName}}", "character 4")]
    [InlineData("Hi text}} there", "character 8")]
    [InlineData("{{}} said", "empty")]
    [InlineData("{{sender name}}", "not a placeholder name")]
    [InlineData("{{sendername}}", "senderName")]
    public void Malformed_placeholders_are_refused_with_their_position(string body, string mention)
    {
        var errors = Errors(new PushTemplate("{{senderName}}", body));
        Assert.True(errors.TryGetValue("template.body", out var e), string.Join("; ", errors.Keys));
        Assert.Contains(mention, e[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Locale_tags_keys_and_arguments_are_checked()
    {
        var errors = Errors(new PushTemplate("t", "b",
            new Dictionary<string, LocaleText> { ["french!"] = new("t", null), ["de"] = new(null, null), ["es"] = new("{{oops", null) },
            new string('K', 201), null, null, ["{{senderName}}"]));
        Assert.Contains("template.locales.french!", errors.Keys);
        Assert.Contains("template.locales.de", errors.Keys);
        Assert.Contains("character 1", errors["template.locales.es.title"][0]);
        Assert.Contains("template.titleLocKey", errors.Keys);
        Assert.Contains("bodyLocKey", errors["template.bodyLocArgs"][0]);

        var tooMany = Errors(new PushTemplate("t", "b", BodyLocKey: "K", BodyLocArgs: Enumerable.Repeat("{{text}}", 11).ToArray()));
        Assert.Contains("At most 10", tooMany["template.bodyLocArgs"][0]);
        Assert.Contains("template", Errors(new PushTemplate(null, null)).Keys);
    }

    // --- values from the event

    private static JsonElement Event(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Values_come_from_sender_conversation_and_data_with_fallbacks()
    {
        var v = TemplateValues.FromEvent(Event("""
            { "id": "e1", "type": "reaction.added", "sender": { "uid": "u1" }, "conversation": { "id": "hiking", "type": "group" },
              "data": { "reaction": "👍", "count": 1.5, "pinned": true, "nested": { "x": 1 }, "senderName": "spoof" } }
            """), Catalog.Find("reaction.added")!);
        Assert.Equal("u1", v["senderName"]);     // no name: the uid, not data's field of that name
        Assert.Equal("u1", v["senderUid"]);
        Assert.Equal("hiking", v["conversationName"]);
        Assert.Equal("hiking", v["conversationId"]);
        Assert.Equal("👍", v["reaction"]);
        Assert.Equal("1.5", v["count"]);
        Assert.Equal("true", v["pinned"]);
        Assert.False(v.ContainsKey("nested"));
        Assert.False(v.ContainsKey("callType"));
    }

    [Fact]
    public void Calls_default_to_audio_and_have_an_upper_case_label()
    {
        var call = Catalog.Find("call.initiated")!;
        var audio = TemplateValues.FromEvent(Event("""{ "sender": { "uid": "u1", "name": "Ann" }, "data": { "sessionId": "s-1" } }"""), call);
        Assert.Equal(("audio", "AUDIO", "s-1"), (audio["callType"], audio["callTypeLabel"], audio["sessionId"]));
        var video = TemplateValues.FromEvent(Event("""{ "sender": { "uid": "u1" }, "data": { "callType": "video" } }"""), call);
        Assert.Equal("VIDEO", video["callTypeLabel"]);
        var (_, template) = Renderer.Effective("call.initiated", "user", []);
        Assert.Equal("VIDEO CALL", Renderer.Render(template, video, null).Body);
    }

    [Fact]
    public void A_sensitive_event_never_shows_its_content_only_names()
    {
        const string secret = """
            { "type": "message.created", "sender": { "uid": "u1", "name": "Andrew" }, "conversation": { "id": "hiking", "type": "group", "name": "Hiking" },
              "data": { "text": "my PIN is 1234", "body": "1234", "message": "1234", "content": "1234", "sensitive": true, "messageId": "m1" } }
            """;
        var message = Catalog.Find("message.created")!;
        var v = TemplateValues.FromEvent(Event(secret), message);
        foreach (var field in new[] { "text", "body", "message", "content" }) Assert.Equal("New message", v[field]);
        Assert.Equal("m1", v["messageId"]);

        var (_, template) = Renderer.Effective("message.created", "group", []);
        var r = Renderer.Render(template, v, null);
        Assert.Equal(("Hiking", "Andrew: New message"), (r.Title, r.Body));
        var custom = Renderer.Render(new PushTemplate("{{senderName}}", "{{text}} {{data.body}} {{content}}"), v, null);
        Assert.DoesNotContain("1234", custom.Body, StringComparison.Ordinal);

        // Without the flag, or for a type the catalog does not call sensitive, the text is shown.
        var plain = TemplateValues.FromEvent(Event(secret.Replace("\"sensitive\": true", "\"sensitive\": false", StringComparison.Ordinal)), message);
        Assert.Equal("my PIN is 1234", plain["text"]);
        var reaction = TemplateValues.FromEvent(Event(secret), Catalog.Find("reaction.added")!);
        Assert.Equal("my PIN is 1234", reaction["text"]);
    }
}
