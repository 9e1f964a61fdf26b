using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Apps;

/// <summary>
/// Input a hostile client sends, generated from the route table and the OpenAPI request schemas rather
/// than picked by hand: every string field of every JSON route × every form of text that is not Unicode,
/// empty and null bodies on every route, and query values of the wrong type. A new route, or a new field,
/// is covered without anyone remembering to add it.
/// </summary>
public sealed class HostileInputTests : OneAppTest
{
    /// <summary>Each bad form as the bytes that stand for one JSON string, quotes included.</summary>
    public static readonly Dictionary<string, byte[]> BadStrings = new()
    {
        ["lone high surrogate escape"] = Encoding.ASCII.GetBytes("\"\\ud800\""),
        ["lone low surrogate escape"] = Encoding.ASCII.GetBytes("\"a\\udc00b\""),
        ["surrogate escapes in the wrong order"] = Encoding.ASCII.GetBytes("\"\\udc00\\ud800\""),
        ["invalid UTF-8 byte"] = [(byte)'"', 0xFF, (byte)'x', (byte)'"'],
        ["truncated UTF-8 sequence"] = [(byte)'"', (byte)'a', 0xE2, 0x82, (byte)'"'],
        ["UTF-8-encoded surrogate"] = [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'],
        ["overlong UTF-8"] = [(byte)'"', 0xC0, 0xAF, (byte)'"'],
    };

    private const string Placeholder = "@@bad-string@@";

    /// <summary>A body with the placeholder at one JSON path, and the path the problem must name.</summary>
    private sealed record Case(string Route, string Method, string Template, JsonNode Body, string ExpectedPath);

    [Fact]
    public async Task Every_string_field_of_every_route_refuses_text_that_is_not_Unicode_and_stores_nothing()
    {
        var cases = await GenerateCasesAsync();
        // Every route of the table that takes a JSON body produced cases (so none was skipped by the generator).
        var routes = JsonRoutes().Select(r => r.Key).ToHashSet();
        Assert.NotEmpty(routes);
        Assert.Equal(routes.Order(), cases.Select(c => c.Route).Distinct().Order());

        var before = await SnapshotAsync();
        var failures = new List<string>();
        foreach (var c in cases)
            foreach (var (form, bytes) in BadStrings)
            {
                var json = Encoding.UTF8.GetBytes(c.Body.ToJsonString());
                var body = Replace(json, Encoding.UTF8.GetBytes($"\"{Placeholder}\""), bytes);
                using var response = await SendAsync(c.Method, c.Template, body);
                var text = await response.Content.ReadAsStringAsync();
                var named = TryGetErrors(text)?.ContainsKey(c.ExpectedPath) == true;
                if ((int)response.StatusCode != 400 || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !named)
                    failures.Add($"{c.Method} {c.Route} {c.ExpectedPath} ({form}): {(int)response.StatusCode} {text}");
            }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count * BadStrings.Count} requests mishandled:\n" + string.Join("\n", failures.Take(30)));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_check_sees_a_valid_request_through_so_the_snapshot_would_see_a_change()
    {
        // The control: one case of the generator with a valid string instead of the bad one is stored.
        var before = await SnapshotAsync();
        var body = Encoding.UTF8.GetBytes("""{"type":"message.created","sender":{"uid":"u1","name":"Zoë 😀"},"data":{"text":"ok \ud83d\ude00"}}""");
        using var response = await SendAsync("POST", "/v1/apps/{app}/events", body);
        Assert.Equal(202, (int)response.StatusCode);
        Assert.NotEqual(before, await SnapshotAsync());
    }

    [Fact]
    public async Task An_empty_or_null_body_is_named_body_on_every_route_that_needs_one()
    {
        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var (route, (method, accepts)) in JsonRoutes())
        {
            if (accepts.IsOptional) continue;
            checkedRoutes++;
            foreach (var body in new[] { "", "null", "[]", "\"text\"" })
            {
                using var response = await SendAsync(method, route[(route.IndexOf(' ') + 1)..], Encoding.UTF8.GetBytes(body));
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode != 400 || TryGetErrors(text)?.ContainsKey("body") != true || HasFrameworkText(text))
                    failures.Add($"{route} with '{body}': {(int)response.StatusCode} {text}");
            }
        }
        Assert.True(checkedRoutes >= 10, $"only {checkedRoutes} routes need a body");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_named_without_framework_text()
    {
        using var doc = JsonDocument.Parse(await Root.GetStringAsync("/openapi/v1.json"));
        var failures = new List<string>();
        var found = 0;
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
            {
                if (!op.Value.TryGetProperty("parameters", out var parameters)) continue;
                foreach (var p in parameters.EnumerateArray())
                {
                    if (p.GetProperty("in").GetString() != "query" || !Types(p.GetProperty("schema")).Overlaps(["integer", "number", "boolean"])) continue;
                    found++;
                    var name = p.GetProperty("name").GetString()!;
                    using var response = await SendAsync(op.Name.ToUpperInvariant(), $"{path.Name}?{name}=abc", null);
                    var text = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode != 400 || TryGetErrors(text)?.ContainsKey(name) != true || HasFrameworkText(text))
                        failures.Add($"{op.Name} {path.Name}?{name}=abc: {(int)response.StatusCode} {text}");
                }
            }
        Assert.True(found > 0, "the OpenAPI document lists no typed query parameter");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_management_body_over_the_limit_is_refused_while_a_large_member_list_is_taken()
    {
        var big = "{\"name\":\"" + new string('n', 1024 * 1024) + "\",\"scope\":\"admin\"}";
        using var refused = await SendAsync("POST", "/v1/apps/{app}/keys", Encoding.UTF8.GetBytes(big));
        Assert.Equal(413, (int)refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Herald:Api:MaxJsonBodyBytes", await refused.Content.ReadAsStringAsync());

        // 40,000 members of 36-character uids: 1.6 MB, over the management limit, within the batch limit.
        var members = Enumerable.Range(0, 40_000).Select(i => $"user-{i:D6}-{new string('m', 24)}").ToArray();
        using var taken = await SendAsync("PUT", "/v1/apps/{app}/channels/big/members",
            JsonSerializer.SerializeToUtf8Bytes(new { members }));
        Assert.Equal(200, (int)taken.StatusCode);
        Assert.Equal(40_000, JsonDocument.Parse(await taken.Content.ReadAsStringAsync()).RootElement.GetProperty("count").GetInt32());
    }

    // ---------------------------------------------------------------- generation

    /// <summary>The routes of the table that bind a JSON body (the API's, not the console's forms).</summary>
    private Dictionary<string, (string Method, IAcceptsMetadata Accepts)> JsonRoutes()
    {
        var routes = new Dictionary<string, (string, IAcceptsMetadata)>();
        foreach (var e in Herald.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<IAcceptsMetadata>() is not { } accepts || !accepts.ContentTypes.Contains("application/json")) continue;
            var template = "/" + e.RoutePattern.RawText!.Trim('/');
            if (!template.StartsWith("/v1/", StringComparison.Ordinal)) continue;
            var method = e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single();
            routes[$"{method} {template}"] = (method, accepts);
        }
        return routes;
    }

    private async Task<List<Case>> GenerateCasesAsync()
    {
        using var doc = JsonDocument.Parse(await Root.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        var cases = new List<Case>();
        foreach (var (route, (method, _)) in JsonRoutes())
        {
            var template = route[(route.IndexOf(' ') + 1)..];
            Assert.True(paths.TryGetProperty(template, out var item), $"{route} is not in the OpenAPI document");
            var schema = item.GetProperty(method.ToLowerInvariant()).GetProperty("requestBody").GetProperty("content")
                .GetProperty("application/json").GetProperty("schema");
            foreach (var (path, body) in StringFields(Resolve(schema, schemas), schemas, "", depth: 0))
                cases.Add(new Case(route, method, template, body, path.Length == 0 ? "body" : path));
        }
        return cases;
    }

    /// <summary>
    /// Every place a string can stand in the schema: (its JSON path, a body with the placeholder there).
    /// Objects also get a property *name* that is the placeholder, reported at the object's own path.
    /// </summary>
    private static IEnumerable<(string Path, JsonNode Body)> StringFields(JsonElement schema, JsonElement schemas, string path, int depth)
    {
        if (depth > 6) yield break;
        var types = Types(schema);
        if (types.Contains("object") || schema.TryGetProperty("properties", out _))
        {
            yield return (path, new JsonObject { [Placeholder] = 1 });
            var any = false;
            if (schema.TryGetProperty("properties", out var properties))
                foreach (var p in properties.EnumerateObject())
                    foreach (var (inner, value) in StringFields(Resolve(p.Value, schemas), schemas, Join(path, p.Name), depth + 1))
                    {
                        any = true;
                        yield return (inner, new JsonObject { [p.Name] = value });
                    }
            if (!any && schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object)
                foreach (var (inner, value) in StringFields(Resolve(extra, schemas), schemas, Join(path, "k"), depth + 1))
                    yield return (inner, new JsonObject { ["k"] = value });
            else if (!any && !schema.TryGetProperty("properties", out _))
                yield return (Join(path, "text"), new JsonObject { ["text"] = Placeholder }); // a free-form object such as "data"
        }
        else if (types.Contains("array"))
        {
            var items = schema.TryGetProperty("items", out var i) ? Resolve(i, schemas) : default;
            foreach (var (inner, value) in StringFields(items, schemas, $"{path}[0]", depth + 1))
                yield return (inner, new JsonArray(value));
        }
        else if (types.Contains("string") || types.Count == 0)
            // A string, or a value of any type (JsonElement): both must hold only Unicode text.
            yield return (path, JsonValue.Create(Placeholder));
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static HashSet<string> Types(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var t)) return [];
        var types = t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [t.GetString()!];
        types.Remove("null");
        // Numbers are documented as "integer or string" (numbers may be sent quoted): not text fields.
        if (types.Contains("integer") || types.Contains("number")) types.Remove("string");
        return types;
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        for (var i = 0; i < 10 && schema.ValueKind == JsonValueKind.Object; i++)
        {
            if (schema.TryGetProperty("$ref", out var r))
                schema = schemas.GetProperty(r.GetString()!.Split('/')[^1]);
            else if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
                schema = oneOf.EnumerateArray().First(s => !(s.TryGetProperty("type", out var ty) && ty.ValueKind == JsonValueKind.String && ty.GetString() == "null"));
            else break;
        }
        return schema;
    }

    // ---------------------------------------------------------------- helpers

    private async Task<HttpResponseMessage> SendAsync(string method, string template, byte[]? body)
    {
        var path = template.Replace("{app}", App, StringComparison.Ordinal);
        // Other route values only have to reach the body check, which runs before the handler looks them up.
        path = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "x1");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return await Root.SendAsync(request);
    }

    private static Dictionary<string, JsonElement>? TryGetErrors(string problem)
    {
        try
        {
            var root = JsonDocument.Parse(problem).RootElement;
            return root.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().ToDictionary(p => p.Name, p => p.Value) : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>ASP.NET Core's own wording, which names .NET types instead of the API's fields.</summary>
    private static bool HasFrameworkText(string text) =>
        text.Contains("Implicit body", StringComparison.Ordinal) || text.Contains("Did you mean", StringComparison.Ordinal) ||
        text.Contains("Failed to bind", StringComparison.Ordinal) || text.Contains("Nullable<", StringComparison.Ordinal) ||
        text.Contains("System.", StringComparison.Ordinal);

    private static byte[] Replace(byte[] source, byte[] find, byte[] with)
    {
        var at = source.AsSpan().IndexOf(find);
        Assert.True(at >= 0, "placeholder not found");
        return [.. source.AsSpan(0, at), .. with, .. source.AsSpan(at + find.Length)];
    }

    /// <summary>Row counts of every table (SQLite), or the store's own counts (PostgreSQL).</summary>
    private async Task<string> SnapshotAsync()
    {
        var file = Path.Combine(Herald.DataDirectory, "herald.db");
        if (!File.Exists(file)) return (await Herald.Store.CountAsync(default)).ToString();
        await using var c = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }
        var counts = new StringBuilder();
        foreach (var t in tables)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT count(*) FROM \"{t}\"";
            counts.Append(t).Append('=').Append(await cmd.ExecuteScalarAsync()).Append(' ');
        }
        return counts.ToString();
    }
}
