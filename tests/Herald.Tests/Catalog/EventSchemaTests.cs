using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Herald.Catalog;
using Herald.Tests.Push;
using Herald.Tests.Support;

namespace Herald.Tests.Catalog;

/// <summary>The data schemas the catalog serves: one per type and version, each a valid draft 2020-12 schema that the catalog's own samples meet.</summary>
public sealed partial class EventSchemaTests(HeraldHostFixture host) : IClassFixture<HeraldHostFixture>
{
    private static readonly EventCatalog Catalog = EventCatalog.LoadEmbedded();
    private static readonly EventSchemas Schemas = new(Catalog);

    [Fact]
    public async Task The_catalog_serves_a_data_schema_for_every_type_and_version()
    {
        using var client = host.Herald.CreateClient();
        var events = (await client.GetJsonAsync("/v1/catalog")).GetProperty("events").EnumerateArray().ToArray();
        Assert.True(events.Length >= 30, $"only {events.Length} types served");
        foreach (var e in events)
        {
            var type = e.GetProperty("type").GetString();
            var versions = e.GetProperty("versions").EnumerateArray().ToArray();
            Assert.Equal(Enumerable.Range(1, e.GetProperty("schemaVersion").GetInt32()), versions.Select(v => v.GetProperty("version").GetInt32()));
            foreach (var v in versions)
            {
                var schema = v.GetProperty("dataSchema");
                Assert.Equal(DataSchemas.Dialect, schema.GetProperty("$schema").GetString());
                Assert.Equal("object", schema.GetProperty("type").GetString());
                Assert.Null(EventSchemas.MetaSchemaProblem(JsonNode.Parse(schema.GetRawText())!.AsObject()));
                Assert.True(schema.GetProperty("properties").EnumerateObject().Any() || type is "user.followed",
                    $"{type} v{v.GetProperty("version").GetInt32()} describes no data field");
            }
        }
        var created = events.Single(e => e.GetProperty("type").GetString() == "message.created").GetProperty("versions")[0].GetProperty("dataSchema");
        Assert.Equal(["text"], created.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.String, created.GetProperty("properties").GetProperty("text").GetProperty("description").ValueKind);
    }

    [Fact]
    public async Task The_OpenAPI_document_shows_the_schemas_and_the_app_setting()
    {
        using var client = host.Herald.CreateClient();
        var doc = await client.GetJsonAsync("/openapi/v1.json");
        Assert.Equal("updateApp", doc.GetProperty("paths").GetProperty("/v1/apps/{app}").GetProperty("patch").GetProperty("operationId").GetString());
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("CatalogEvent").GetProperty("properties").TryGetProperty("versions", out _));
        Assert.True(schemas.GetProperty("EventVersion").GetProperty("properties").TryGetProperty("dataSchema", out _));
        Assert.True(schemas.GetProperty("AppView").GetProperty("properties").TryGetProperty("strictEventSchemas", out _));
        Assert.True(schemas.GetProperty("UpdateApp").GetProperty("properties").TryGetProperty("strictEventSchemas", out _));
    }

    [Fact]
    public void The_meta_schema_check_can_fail()
    {
        Assert.NotNull(EventSchemas.MetaSchemaProblem(new JsonObject { ["type"] = "objet" }));
        Assert.NotNull(EventSchemas.MetaSchemaProblem(new JsonObject { ["required"] = "text" }));
    }

    [Theory]
    [MemberData(nameof(CatalogCases.Theory), MemberType = typeof(CatalogCases))]
    public void Each_sample_event_of_the_catalog_meets_its_schema(string name)
    {
        var e = CatalogCases.Event(name);
        using var data = JsonDocument.Parse(e["data"]!.ToJsonString());
        Assert.Empty(Schemas.Check(CatalogCases.TypeOf(name), 1, data.RootElement, ""));
    }

    /// <summary>A strict app's events render fully: whatever a default template takes from data, the schema requires.</summary>
    [Fact]
    public void Every_placeholder_is_herald_s_own_or_a_described_data_field_and_template_fields_are_required()
    {
        var checkedTypes = 0;
        foreach (var e in Catalog.Events)
        {
            var schema = e.Versions[^1].DataSchema;
            var described = schema["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
            var required = (schema["required"]?.AsArray() ?? []).Select(r => (string)r!).ToHashSet();
            foreach (var p in e.Placeholders.Where(p => !DataSchemas.DerivedPlaceholders.Contains(p)))
                Assert.True(described.Contains(p), $"{e.Type}: placeholder {p} is neither Herald's own nor a data field of its schema");
            var templates = new[] { e.DefaultTemplate.Title, e.DefaultTemplate.Body }
                .Concat((e.ConversationVariants ?? new Dictionary<string, JsonObject>()).Values
                    .SelectMany(v => new[] { (string?)v["defaultTemplate"]?["title"], (string?)v["defaultTemplate"]?["body"] }).OfType<string>());
            foreach (var used in templates.SelectMany(t => Placeholder().Matches(t).Select(m => m.Groups[1].Value)).Where(p => !DataSchemas.DerivedPlaceholders.Contains(p)))
                Assert.True(required.Contains(used), $"{e.Type}: its default template shows {{{{{used}}}}} but the schema does not require it");
            checkedTypes++;
        }
        Assert.True(checkedTypes >= 30);
    }

    [Fact]
    public void A_miss_is_named_by_its_path_and_says_what_was_expected()
    {
        using var data = JsonDocument.Parse("""{ "callType": "fax", "messageId": true }""");
        var errors = Schemas.Check("call.initiated", 1, data.RootElement, "events[3]").ToDictionary(e => e.Field, e => e.Fix);
        Assert.Contains("CallKit", errors["events[3].data.sessionId"]);
        Assert.Contains("\"audio\", \"video\"", errors["events[3].data.callType"]);
        Assert.Contains("a string or an integer", errors["events[3].data.messageId"]);
        Assert.Equal(3, errors.Count);
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
