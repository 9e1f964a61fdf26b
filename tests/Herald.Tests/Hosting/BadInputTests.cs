using System.Text;
using System.Text.Json;
using Herald.Storage;
using Herald.Tests.Support;

namespace Herald.Tests.Hosting;

/// <summary>One Herald for the whole class: an app, an admin key and one endpoint that receives every event type.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public HeraldHost Herald { get; } = new();
    public string AppId { get; private set; } = "";
    public string EndpointId { get; private set; } = "";
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Root { get; private set; } = null!;
    public Receiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await Receiver.StartAsync();
        (AppId, Admin) = await Herald.CreateAppAsync();
        Root = Herald.Root();
        // A receiver that answers 200, so the endpoint's health (part of the snapshot) never changes.
        EndpointId = (await Admin.CreateEndpointAsync(AppId, new { url = Receiver.Url, description = "catch-all" })).Id;
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        Root.Dispose();
        Herald.Dispose();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// The issue's promise: "20 kinds of bad input each get a 4xx problem detail and leave nothing stored".
/// Each case names the field at fault in the problem's detail, and the store is compared before and after.
/// </summary>
public sealed class BadInputTests(BadInputFixture fx) : IClassFixture<BadInputFixture>
{
    /// <param name="Root">Send with the root key (POST /v1/apps) instead of the app's admin key.</param>
    private sealed record Case(HttpMethod Method, string Path, Func<BadInputFixture, string> Body, int Status, string[] DetailMentions,
        bool Root = false, string ContentType = "application/json");

    private const string Valid = """{"type":"message.created","sender":{"uid":"u1"},"data":{"text":"hi"}}""";

    private static string Event(string fields) => "{\"type\":\"message.created\"," + fields + "}";
    private static Func<BadInputFixture, string> Text(string body) => _ => body;

    private static readonly HttpMethod Post = HttpMethod.Post, Patch = HttpMethod.Patch, Get = HttpMethod.Get;
    private const string Events = "/v1/apps/{app}/events", Batch = "/v1/apps/{app}/events/batch",
        Endpoints = "/v1/apps/{app}/endpoints", Endpoint = "/v1/apps/{app}/endpoints/{ep}", Keys = "/v1/apps/{app}/keys";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // --- ingest: one event
        ["event: malformed JSON"] = new(Post, Events, Text("""{"type": "message.created", """), 400, ["body", "JSON"]),
        ["event: empty body"] = new(Post, Events, Text(""), 400, ["body", "empty"]),
        ["event: JSON array instead of an object"] = new(Post, Events, Text($"[{Valid}]"), 400, ["body", "object"]),
        ["event: JSON string instead of an object"] = new(Post, Events, Text("\"message.created\""), 400, ["body"]),
        ["event: missing type"] = new(Post, Events, Text("""{"data":{"text":"hi"}}"""), 400, ["type", "message.created"]),
        ["event: unknown type lists the known types"] = new(Post, Events, Text("""{"type":"message.exploded"}"""), 400,
            ["type", "message.exploded", "message.created"]),
        ["event: numeric type"] = new(Post, Events, Text("""{"type":42}"""), 400, ["type"]),
        ["event: version 0"] = new(Post, Events, Text(Event("\"version\":0")), 400, ["version"]),
        ["event: version \"x\""] = new(Post, Events, Text(Event("\"version\":\"x\"")), 400, ["version"]),
        ["event: version 1.5"] = new(Post, Events, Text(Event("\"version\":1.5")), 400, ["version"]),
        ["event: occurredAt not a time"] = new(Post, Events, Text(Event("\"occurredAt\":\"yesterday\"")), 400, ["occurredAt"]),
        ["event: occurredAt a number"] = new(Post, Events, Text(Event("\"occurredAt\":1732270000")), 400, ["occurredAt"]),
        ["event: occurredAt not ISO 8601"] = new(Post, Events, Text(Event("\"occurredAt\":\"11/22/2026\"")), 400, ["occurredAt"]),
        ["event: version newer than the catalog's"] = new(Post, Events, Text(Event("\"version\":2")), 400, ["version", "1 to 1"]),
        ["event: sender without uid"] = new(Post, Events, Text(Event("\"sender\":{\"name\":\"Andrew\"}")), 400, ["sender.uid"]),
        ["event: sender not an object"] = new(Post, Events, Text(Event("\"sender\":\"u1\"")), 400, ["sender"]),
        ["event: sender name not a string"] = new(Post, Events, Text(Event("\"sender\":{\"uid\":\"u1\",\"name\":7}")), 400, ["sender.name"]),
        ["event: conversation with a bad type"] = new(Post, Events, Text(Event("\"conversation\":{\"id\":\"c\",\"type\":\"room\"}")), 400,
            ["conversation.type"]),
        ["event: group conversation without id"] = new(Post, Events, Text(Event("\"conversation\":{\"type\":\"group\"}")), 400,
            ["conversation.id"]),
        ["event: recipients not an array"] = new(Post, Events, Text(Event("\"recipients\":\"u2\"")), 400, ["recipients"]),
        ["event: recipients containing a number"] = new(Post, Events, Text(Event("\"recipients\":[\"u2\",5]")), 400, ["recipients[1]"]),
        ["event: data not an object"] = new(Post, Events, Text(Event("\"data\":\"hello\"")), 400, ["data"]),
        ["event: data an array"] = new(Post, Events, Text(Event("\"data\":[1,2]")), 400, ["data"]),
        ["event: unknown top-level field"] = new(Post, Events, Text(Event("\"colour\":\"red\"")), 400, ["colour"]),
        ["event: id too long (201 chars)"] = new(Post, Events, Text(Event($"\"id\":\"{new string('a', 201)}\"")), 400, ["id"]),
        ["event: id empty"] = new(Post, Events, Text(Event("\"id\":\"\"")), 400, ["id"]),
        ["event: id a number"] = new(Post, Events, Text(Event("\"id\":12")), 400, ["id"]),
        ["event: over 256 KB"] = new(Post, Events, _ => Event($"\"data\":{{\"text\":\"{new string('x', 256 * 1024)}\"}}"), 413, ["256 KB"]),

        // --- ingest: batch
        ["batch: 1001 events"] = new(Post, Batch, _ => "{\"events\":[" + string.Join(",", Enumerable.Repeat(Valid, 1001)) + "]}", 413,
            ["1001", "1000"]),
        ["batch: an array, not {events:[...]}"] = new(Post, Batch, Text($"[{Valid}]"), 400, ["events"]),
        ["batch: events not an array"] = new(Post, Batch, Text($"{{\"events\":{Valid}}}"), 400, ["events"]),
        ["batch: no events"] = new(Post, Batch, Text("""{"events":[]}"""), 400, ["events", "empty"]),
        ["batch: malformed JSON"] = new(Post, Batch, Text("""{"events":[{"""), 400, ["body", "JSON"]),
        ["batch: empty body"] = new(Post, Batch, Text(""), 400, ["body"]),
        ["batch: one invalid event among valid ones"] = new(Post, Batch,
            Text($"{{\"events\":[{Valid},{{\"type\":\"message.exploded\"}},{Valid}]}}"), 400, ["events[1].type"]),
        ["batch: the third event has no sender uid"] = new(Post, Batch,
            Text($"{{\"events\":[{Valid},{Valid},{Event("\"sender\":{}")}]}}"), 400, ["events[2].sender.uid"]),
        ["batch: one event over 256 KB"] = new(Post, Batch,
            _ => $"{{\"events\":[{Valid},{Event($"\"data\":{{\"text\":\"{new string('x', 256 * 1024)}\"}}")}]}}", 413, ["events[1]"]),

        // --- webhook endpoints: create
        ["endpoint: ftp:// URL"] = new(Post, Endpoints, Text("""{"url":"ftp://example.com/hook"}"""), 400, ["url", "http"]),
        ["endpoint: relative URL"] = new(Post, Endpoints, Text("""{"url":"/webhooks/herald"}"""), 400, ["url", "absolute"]),
        ["endpoint: URL without a scheme"] = new(Post, Endpoints, Text("""{"url":"example.com/hook"}"""), 400, ["url", "absolute"]),
        ["endpoint: URL with user:pass@"] = new(Post, Endpoints, Text("""{"url":"https://user:pass@example.com/hook"}"""), 400, ["url"]),
        ["endpoint: no URL"] = new(Post, Endpoints, Text("""{"description":"no url"}"""), 400, ["url"]),
        ["endpoint: unknown eventTypes filter"] = new(Post, Endpoints,
            Text("""{"url":"https://example.com/hook","eventTypes":["message.created","nope.*"]}"""), 400, ["eventTypes[1]", "nope.*"]),
        ["endpoint: negative rateLimitPerSecond"] = new(Post, Endpoints, Text("""{"url":"https://example.com/hook","rateLimitPerSecond":-1}"""),
            400, ["rateLimitPerSecond"]),
        ["endpoint: timeoutSeconds 0"] = new(Post, Endpoints, Text("""{"url":"https://example.com/hook","timeoutSeconds":0}"""), 400,
            ["timeoutSeconds"]),
        ["endpoint: timeoutSeconds 100"] = new(Post, Endpoints, Text("""{"url":"https://example.com/hook","timeoutSeconds":100}"""), 400,
            ["timeoutSeconds"]),
        ["endpoint: secret in a bad format"] = new(Post, Endpoints, Text("""{"url":"https://example.com/hook","secret":"hunter2"}"""), 400,
            ["secret", "whsec_"]),
        ["endpoint: secret too short"] = new(Post, Endpoints, Text("""{"url":"https://example.com/hook","secret":"whsec_c2hvcnQ="}"""), 400,
            ["secret"]),
        ["endpoint: description over 500 chars"] = new(Post, Endpoints,
            Text($"{{\"url\":\"https://example.com/hook\",\"description\":\"{new string('d', 501)}\"}}"), 400, ["description"]),
        ["endpoint: enabled \"yes\" (wrong JSON type)"] = new(Post, Endpoints, Text("""{"url":"https://example.com/hook","enabled":"yes"}"""),
            400, ["enabled"]),
        ["endpoint: eventTypes a string (wrong JSON type)"] = new(Post, Endpoints,
            Text("""{"url":"https://example.com/hook","eventTypes":"message.created"}"""), 400, ["eventTypes"]),
        ["endpoint: unknown JSON property"] = new(Post, Endpoints, Text("""{"url":"https://example.com/hook","colour":"red"}"""), 400,
            ["colour"]),
        ["endpoint: malformed JSON"] = new(Post, Endpoints, Text("""{"url":"""), 400, ["JSON"]),

        // --- webhook endpoints: update
        ["endpoint PATCH: secret"] = new(Patch, Endpoint, Text("""{"secret":"whsec_MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="}"""), 400,
            ["secret", "rotate"]),
        ["endpoint PATCH: ftp:// URL"] = new(Patch, Endpoint, Text("""{"url":"ftp://example.com/hook"}"""), 400, ["url"]),
        ["endpoint PATCH: timeoutSeconds 100"] = new(Patch, Endpoint, Text("""{"timeoutSeconds":100}"""), 400, ["timeoutSeconds"]),
        ["endpoint PATCH: unknown eventTypes filter"] = new(Patch, Endpoint, Text("""{"eventTypes":["message.exploded"]}"""), 400,
            ["eventTypes[0]"]),
        ["endpoint PATCH: enabled \"yes\" (wrong JSON type)"] = new(Patch, Endpoint, Text("""{"enabled":"yes"}"""), 400, ["enabled"]),
        ["endpoint PATCH: unknown JSON property"] = new(Patch, Endpoint, Text("""{"paused":true}"""), 400, ["paused"]),

        // --- apps (root key)
        ["app: id with spaces"] = new(Post, "/v1/apps", Text("""{"id":"my app","name":"My app"}"""), 400, ["id"], Root: true),
        ["app: id over 64 chars"] = new(Post, "/v1/apps", Text($"{{\"id\":\"{new string('a', 65)}\",\"name\":\"Long\"}}"), 400, ["id"], Root: true),
        ["app: no name"] = new(Post, "/v1/apps", Text("""{"id":"noname"}"""), 400, ["name"], Root: true),
        ["app: unknown region"] = new(Post, "/v1/apps", Text("""{"id":"mars-app","name":"Mars","region":"mars"}"""), 400, ["region"], Root: true),
        ["app: duplicate id"] = new(Post, "/v1/apps", f => $"{{\"id\":\"{f.AppId}\",\"name\":\"Again\"}}", 409, ["already exists"], Root: true),
        ["app: unknown JSON property"] = new(Post, "/v1/apps", Text("""{"id":"extra","name":"Extra","owner":"me"}"""), 400, ["owner"], Root: true),

        // --- keys
        ["key: scope \"owner\""] = new(Post, Keys, Text("""{"name":"ci","scope":"owner"}"""), 400, ["scope"]),
        ["key: no name"] = new(Post, Keys, Text("""{"scope":"ingest"}"""), 400, ["name"]),
        ["key: scope a number (wrong JSON type)"] = new(Post, Keys, Text("""{"name":"ci","scope":1}"""), 400, ["scope"]),

        // --- deliveries list query
        ["deliveries: status=bogus"] = new(Get, "/v1/apps/{app}/deliveries?status=bogus", Text(""), 400, ["status", "failed"]),
        ["deliveries: limit=0"] = new(Get, "/v1/apps/{app}/deliveries?limit=0", Text(""), 400, ["limit"]),
        ["deliveries: limit=501"] = new(Get, "/v1/apps/{app}/deliveries?limit=501", Text(""), 400, ["limit"]),
        ["deliveries: limit=ten"] = new(Get, "/v1/apps/{app}/deliveries?limit=ten", Text(""), 400, ["limit"]),
        ["deliveries: cursor=abc"] = new(Get, "/v1/apps/{app}/deliveries?cursor=abc", Text(""), 400, ["cursor"]),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_gets_a_4xx_problem_naming_the_field_and_stores_nothing(string name)
    {
        var c = Cases[name];
        var before = await SnapshotAsync();

        var path = c.Path.Replace("{app}", fx.AppId, StringComparison.Ordinal).Replace("{ep}", fx.EndpointId, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(c.Method, path);
        if (c.Method != Get) request.Content = new StringContent(c.Body(fx), Encoding.UTF8, c.ContentType);
        using var response = await (c.Root ? fx.Root : fx.Admin).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == c.Status, $"{name}: expected {c.Status}, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(c.Status, problem.RootElement.GetProperty("status").GetInt32());
        var detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        Assert.False(string.IsNullOrWhiteSpace(detail), $"{name}: the problem has no detail: {text}");
        foreach (var mention in c.DetailMentions)
            Assert.True(detail!.Contains(mention, StringComparison.Ordinal), $"{name}: the detail should mention '{mention}': {detail}");

        var after = await SnapshotAsync();
        Assert.Equal(before.Counts, after.Counts);
        Assert.Equal(before.Keys, after.Keys);
        Assert.Equal(before.Endpoint, after.Endpoint);
    }

    [Fact]
    public async Task A_valid_event_and_batch_are_stored_so_the_snapshot_would_see_a_change()
    {
        // The control for the theory: the same host, endpoint and snapshot do register a stored event and its delivery.
        var before = (await SnapshotAsync()).Counts;
        using var one = await fx.Admin.PostAsync($"/v1/apps/{fx.AppId}/events", new StringContent(Valid, Encoding.UTF8, "application/json"));
        Assert.Equal(202, (int)one.StatusCode);
        using var batch = await fx.Admin.PostAsync($"/v1/apps/{fx.AppId}/events/batch",
            new StringContent($"{{\"events\":[{Valid},{Valid}]}}", Encoding.UTF8, "application/json"));
        Assert.Equal(202, (int)batch.StatusCode);
        var after = (await SnapshotAsync()).Counts;
        Assert.Equal(before.Events + 3, after.Events);
        Assert.Equal(before.Deliveries + 3, after.Deliveries);
    }

    private sealed record Snapshot(StoreCounts Counts, int Keys, string Endpoint);

    private async Task<Snapshot> SnapshotAsync()
    {
        var counts = await fx.Herald.Store.CountAsync(default);
        var keys = (await fx.Herald.Store.ListApiKeysAsync(fx.AppId, default)).Count;
        var endpoint = (await fx.Admin.GetJsonAsync($"/v1/apps/{fx.AppId}/endpoints/{fx.EndpointId}")).GetRawText();
        return new Snapshot(counts, keys, endpoint);
    }
}
