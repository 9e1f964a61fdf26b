using System.Text.Json;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Hosting;

/// <summary>
/// /openapi/v1.json is complete enough to generate a client from (issue 23): every /v1 route is in it, and each
/// operation has an operationId, a summary, typed 2xx bodies, its 4xx answers as problem+json and, when it needs
/// a key, the bearer security requirement. test.sh also lints it and type-checks a generated TypeScript client.
/// </summary>
public sealed class OpenApiContractTests : IDisposable
{
    private readonly HeraldHost _host = new();

    private sealed record Operation(string Method, string Path, JsonElement Body)
    {
        public string Name => $"{Method.ToUpperInvariant()} {Path}";
        public string? Id => Body.TryGetProperty("operationId", out var id) ? id.GetString() : null;
        public IEnumerable<(string Status, JsonElement Response)> Responses =>
            Body.GetProperty("responses").EnumerateObject().Select(r => (r.Name, r.Value));
        public bool Answers(string status) => Body.GetProperty("responses").TryGetProperty(status, out _);
    }

    private async Task<(JsonElement Document, List<Operation> Operations)> ReadAsync()
    {
        using var client = _host.CreateClient();
        var document = await client.GetJsonAsync("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(m => new Operation(m.Name, p.Name, m.Value)))
            .ToList();
        return (document, operations);
    }

    /// <summary>A reference or a type; an optional body is oneOf null and its reference.</summary>
    private static bool IsTyped(JsonElement schema) =>
        schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("type", out _)
        || (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(s => s.TryGetProperty("$ref", out _)));

    [Fact]
    public async Task Every_v1_route_is_an_operation_with_a_unique_id_and_a_summary()
    {
        var (_, operations) = await ReadAsync();
        // The routes the server really has, so a route left out of the document (or a document of nothing) fails.
        var routes = _host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
            .Count();
        Assert.True(routes >= 40, $"only {routes} /v1 routes found");
        Assert.Equal(routes, operations.Count);

        foreach (var op in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(op.Id), $"{op.Name} has no operationId");
            Assert.True(op.Body.TryGetProperty("summary", out var summary) && summary.GetString()?.Length > 0, $"{op.Name} has no summary");
        }
        var duplicates = operations.GroupBy(o => o.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "operationIds used twice: " + string.Join(", ", duplicates));
    }

    [Fact]
    public async Task Every_answer_is_typed_and_every_4xx_is_a_problem()
    {
        var (_, operations) = await ReadAsync();
        Assert.NotEmpty(operations);
        foreach (var op in operations)
        {
            Assert.Contains(op.Responses, r => r.Status.StartsWith('2'));
            foreach (var (status, response) in op.Responses)
            {
                var hasContent = response.TryGetProperty("content", out var content);
                if (status.StartsWith('2'))
                {
                    // No body: a 204, or the retry's bare 202 (its Location names the delivery).
                    if (status == "204" || (status == "202" && op.Id == "retryDelivery"))
                    {
                        Assert.False(hasContent, $"{op.Name} {status} declares a body it never sends");
                        continue;
                    }
                    Assert.True(hasContent && content.TryGetProperty("application/json", out var json) && IsTyped(json.GetProperty("schema")),
                        $"{op.Name} {status} has no typed application/json schema");
                }
                else if (status.StartsWith('4'))
                {
                    Assert.True(hasContent, $"{op.Name} {status} has no content");
                    Assert.Equal(["application/problem+json"], content.EnumerateObject().Select(c => c.Name));
                }
            }
            if (op.Body.TryGetProperty("requestBody", out var body))
            {
                var schema = body.GetProperty("content").GetProperty("application/json").GetProperty("schema");
                Assert.True(IsTyped(schema), $"{op.Name}'s request body is untyped");
                foreach (var status in new[] { "400", "413", "415" })
                    Assert.True(op.Answers(status), $"{op.Name} takes a body but does not declare {status}");
            }
        }
    }

    [Fact]
    public async Task Every_guarded_operation_asks_for_the_bearer_key_and_declares_401_and_404()
    {
        var (document, operations) = await ReadAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearerKey");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var guarded = operations.Where(o => o.Id != "getCatalog").ToList(); // the catalog is public
        Assert.True(guarded.Count >= 40);
        foreach (var op in guarded)
        {
            Assert.True(op.Body.TryGetProperty("security", out var security)
                        && security.EnumerateArray().Any(r => r.TryGetProperty("bearerKey", out _)), $"{op.Name} has no bearerKey requirement");
            Assert.True(op.Answers("401"), $"{op.Name} does not declare 401");
            if (op.Path.Contains("{app}", StringComparison.Ordinal)) Assert.True(op.Answers("404"), $"{op.Name} does not declare 404");
        }
        var catalog = Assert.Single(operations, o => o.Id == "getCatalog");
        Assert.Equal(0, catalog.Body.GetProperty("security").GetArrayLength()); // public, and says so
        // An ingest key may ingest, so ingest answers no 403; the admin-only routes do.
        Assert.False(Assert.Single(operations, o => o.Id == "ingestEvent").Answers("403"));
        Assert.True(Assert.Single(operations, o => o.Id == "createEndpoint").Answers("403"));
    }

    [Fact]
    public async Task Request_bodies_require_only_what_Herald_requires_and_name_their_closed_sets()
    {
        var (document, _) = await ReadAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        string[] Required(string schema) => schemas.GetProperty(schema).TryGetProperty("required", out var r)
            ? [.. r.EnumerateArray().Select(e => e.GetString()!).Order()] : [];
        JsonElement Property(string schema, string name) => schemas.GetProperty(schema).GetProperty("properties").GetProperty(name);
        JsonElement Resolved(JsonElement s) => s.TryGetProperty("$ref", out var r) ? schemas.GetProperty(r.GetString()!.Split('/')[^1]) : s;
        string[] Enum(string schema, string name) => [.. Property(schema, name).GetProperty("enum").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? "(null)" : e.GetString()!)];

        Assert.Equal(["id", "name"], Required("CreateApp"));                  // region defaults to us
        Assert.Empty(Required("EndpointBody"));                               // shared with PATCH, where every field is optional
        Assert.Equal(["type"], Required("IngestEventBody"));                  // Herald makes an id when none is sent
        Assert.Equal(["platform", "provider", "token"], Required("DeviceBody"));
        Assert.Equal("uri", Property("EndpointBody", "url").GetProperty("format").GetString());
        Assert.Equal(["apns", "fcm", "baidu"], Enum("DeviceBody", "provider"));
        Assert.Equal(["apns", "fcm", "baidu", "custom"], Enum("CredentialBody", "provider"));
        Assert.Equal(["sandbox", "production", "(null)"], Enum("CredentialBody", "environment")); // optional: null is absent
        Assert.Equal(["webhook", "push", "summary", "fanout"], Enum("DeliveryView", "kind"));
        // Raw JsonElement members (absent, null and a value differ) are documented as what they take.
        Assert.True(Resolved(Property("PreferencesBody", "quietHours")).GetProperty("properties").TryGetProperty("timeZone", out _));
        Assert.Equal("array", Property("PreferencesBody", "mutedCategories").GetProperty("type").EnumerateArray().First(t => t.GetString() != "null").GetString());
        Assert.True(Resolved(Property("EventBody", "template")).GetProperty("properties").TryGetProperty("titleLocKey", out _));
        Assert.Empty(Required("PreferencesBody")); // each member: absent keeps, null clears
        Assert.Empty(Required("EventBody"));
        // Monitoring's settings and push's are two schemas, not one overwriting the other.
        Assert.True(Property("MonitoringSettingsView", "intendedEventTypes").ValueKind == JsonValueKind.Object);
        Assert.True(Property("PushSettingsView", "enabled").ValueKind == JsonValueKind.Object);
    }

    public void Dispose() => _host.Dispose();
}
