using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Herald.Storage;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Apps;

/// <summary>One Herald with a 1-hour Idempotency-Key window and a clock the tests move; each test makes its own app.</summary>
public sealed class IdempotencyKeyFixture() : ClockedHerald("i", new Dictionary<string, string?> { ["Herald:Api:IdempotencyWindow"] = "1h" });

/// <summary>
/// Idempotency-Key on the app API's creates: a retry with the same key and request gets the first answer
/// byte for byte and stores nothing new; another request under the key is 422, one in progress 409; a
/// failed answer is not kept; keys are per app, expire with the window, and the kept answer is encrypted.
/// </summary>
public sealed class IdempotencyKeyTests(IdempotencyKeyFixture fx) : IClassFixture<IdempotencyKeyFixture>
{
    private const string Header = "Idempotency-Key";
    private const string Hook = """{"url":"http://127.0.0.1:9/hook","description":"orders"}""";

    private static HttpRequestMessage Post(string url, string? json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.TryAddWithoutValidation(Header, key);
        return request;
    }

    private sealed record Answer(HttpStatusCode Status, byte[] Body, string? Location, string? ContentType, bool Replayed)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
        public string Text => Encoding.UTF8.GetString(Body);
    }

    private static async Task<Answer> SendAsync(HttpClient client, string url, string? json, string? key)
    {
        using var response = await client.SendAsync(Post(url, json, key));
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Single() == "true";
        return new Answer(response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Headers.Location?.OriginalString,
            response.Content.Headers.ContentType?.ToString(), replayed);
    }

    private static async Task<int> CountAsync(HttpClient admin, string url) => (await admin.GetJsonAsync(url)).GetArrayLength();

    private static void AssertSameAnswer(Answer first, Answer again)
    {
        Assert.False(first.Replayed);
        Assert.True(again.Replayed, "the repeat carries Idempotent-Replayed: true");
        Assert.Equal((first.Status, first.Location, first.ContentType), (again.Status, again.Location, again.ContentType));
        Assert.Equal(first.Body, again.Body);
    }

    private static void AssertProblem(Answer a, HttpStatusCode status, params string[] mentions)
    {
        Assert.True(a.Status == status, $"{(int)a.Status} {a.Text}");
        Assert.StartsWith("application/problem+json", a.ContentType);
        var detail = a.Json.GetProperty("detail").GetString()!;
        Assert.Contains(Header, detail);
        foreach (var m in mentions) Assert.Contains(m, detail);
    }

    [Fact]
    public async Task An_endpoint_created_twice_with_one_key_is_one_endpoint_with_one_secret_kept_encrypted()
    {
        var (app, admin) = await fx.NewAppAsync();
        var url = $"/v1/apps/{app}/endpoints";
        var first = await SendAsync(admin, url, Hook, "create-orders-hook");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var again = await SendAsync(admin, url, Hook, "create-orders-hook");
        AssertSameAnswer(first, again);
        Assert.Equal(first.Json.GetProperty("endpoint").GetProperty("id").GetString(), again.Json.GetProperty("endpoint").GetProperty("id").GetString());
        Assert.Equal(1, await CountAsync(admin, url));

        // The kept answer holds the whsec_ secret: never in plain text at rest.
        var secret = first.Json.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        var bytes = await fx.Herald.DatabaseBytesAsync();
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret[6..20])));
    }

    [Fact]
    public async Task A_key_created_twice_with_one_idempotency_key_returns_the_same_plaintext_key_once_stored()
    {
        var (app, admin) = await fx.NewAppAsync();
        var url = $"/v1/apps/{app}/keys";
        var before = await CountAsync(admin, url);
        var body = """{"name":"ingest","scope":"ingest"}""";
        var first = await SendAsync(admin, url, body, "key-1");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var again = await SendAsync(admin, url, body, "key-1");
        AssertSameAnswer(first, again);
        Assert.Equal(before + 1, await CountAsync(admin, url));
        var key = first.Json.GetProperty("key").GetString()!;
        Assert.Equal(-1, (await fx.Herald.DatabaseBytesAsync()).AsSpan().IndexOf(Encoding.UTF8.GetBytes(key)));
        // The replayed key works: it is the one stored.
        using var ingest = fx.Client(again.Json.GetProperty("key").GetString()!);
        await ingest.PostEventAsync(app, new { id = "e-1", type = "message.created", sender = new { uid = "u1" }, data = new { text = "hi" } });
    }

    [Fact]
    public async Task A_push_credential_created_twice_with_one_key_is_one_credential()
    {
        var (app, admin) = await fx.NewAppAsync();
        var url = $"/v1/apps/{app}/push/credentials";
        var body = """{"name":"Gateway","provider":"custom","url":"https://push.example.com/herald"}""";
        var first = await SendAsync(admin, url, body, "cred-1");
        Assert.True(first.Status == HttpStatusCode.Created, first.Text);
        AssertSameAnswer(first, await SendAsync(admin, url, body, "cred-1"));
        Assert.Equal(1, await CountAsync(admin, url));
    }

    [Fact]
    public async Task A_rotation_retried_with_its_key_rotates_once()
    {
        var (app, admin) = await fx.NewAppAsync();
        var created = await SendAsync(admin, $"/v1/apps/{app}/endpoints", Hook, null);
        var rotate = $"/v1/apps/{app}/endpoints/{created.Json.GetProperty("endpoint").GetProperty("id").GetString()}/secret/rotate";
        var first = await SendAsync(admin, rotate, null, "rotate-1");
        Assert.True(first.Status == HttpStatusCode.OK, first.Text);
        AssertSameAnswer(first, await SendAsync(admin, rotate, null, "rotate-1"));
        var other = await SendAsync(admin, rotate, null, "rotate-2");
        Assert.NotEqual(first.Json.GetProperty("secret").GetString(), other.Json.GetProperty("secret").GetString());
    }

    [Fact]
    public async Task The_same_key_for_another_request_is_422_and_stores_nothing()
    {
        var (app, admin) = await fx.NewAppAsync();
        var url = $"/v1/apps/{app}/endpoints";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin, url, Hook, "k")).Status);
        var otherBody = await SendAsync(admin, url, """{"url":"http://127.0.0.1:9/other"}""", "k");
        AssertProblem(otherBody, HttpStatusCode.UnprocessableEntity, "another request");
        Assert.Equal(Header, otherBody.Json.GetProperty("field").GetString());
        AssertProblem(await SendAsync(admin, $"/v1/apps/{app}/keys", """{"name":"x","scope":"admin"}""", "k"),
            HttpStatusCode.UnprocessableEntity, "another request");
        Assert.Equal(1, await CountAsync(admin, url));
        Assert.True((await SendAsync(admin, url, Hook, "k")).Replayed); // the first answer still stands
    }

    [Fact]
    public async Task A_failed_answer_is_not_kept_so_the_fixed_request_runs_under_the_same_key()
    {
        var (app, admin) = await fx.NewAppAsync();
        var url = $"/v1/apps/{app}/endpoints";
        var bad = await SendAsync(admin, url, """{"url":"ftp://127.0.0.1/hook"}""", "fix-me");
        Assert.True(bad.Status == HttpStatusCode.BadRequest, bad.Text);
        Assert.False(bad.Replayed);
        var good = await SendAsync(admin, url, Hook, "fix-me");
        Assert.True(good.Status == HttpStatusCode.Created, good.Text);
        Assert.False(good.Replayed);
        Assert.True((await SendAsync(admin, url, Hook, "fix-me")).Replayed);
        Assert.Equal(1, await CountAsync(admin, url));
    }

    [Fact]
    public async Task Keys_are_per_app()
    {
        var (appA, adminA) = await fx.NewAppAsync();
        var (appB, adminB) = await fx.NewAppAsync();
        var a = await SendAsync(adminA, $"/v1/apps/{appA}/endpoints", Hook, "shared-key");
        var b = await SendAsync(adminB, $"/v1/apps/{appB}/endpoints", Hook, "shared-key");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (a.Status, b.Status));
        Assert.False(b.Replayed);
        Assert.NotEqual(a.Json.GetProperty("secret").GetString(), b.Json.GetProperty("secret").GetString());
        Assert.Equal((1, 1), (await CountAsync(adminA, $"/v1/apps/{appA}/endpoints"), await CountAsync(adminB, $"/v1/apps/{appB}/endpoints")));
    }

    [Theory]
    [InlineData("tab\tinside")]
    [InlineData("bell\u0007")]
    [InlineData("caf\u00e9")]
    [InlineData(null)] // 256 characters
    public async Task A_bad_key_is_400_naming_the_header_and_runs_nothing(string? key)
    {
        key ??= new string('k', 256);
        var (app, admin) = await fx.NewAppAsync();
        var url = $"/v1/apps/{app}/endpoints";
        var answer = await SendAsync(admin, url, Hook, key);
        AssertProblem(answer, HttpStatusCode.BadRequest, "1-255 printable ASCII");
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty(Header, out _));
        Assert.Equal(0, await CountAsync(admin, url));
        // The longest key and every printable character are fine.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin, url, Hook, new string('k', 255))).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin, url, Hook, " !~azAZ09{}\"'")).Status);
    }

    [Theory]
    [InlineData(new[] { "" }, "empty")]
    [InlineData(new string[0], "empty")]
    [InlineData(new[] { "a", "b" }, "more than once")]
    public void An_empty_or_repeated_header_is_refused(string[] values, string says)
    {
        // Not over HTTP: the in-process client drops an empty header, Kestrel passes it on as "".
        var refusal = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ValidationProblem>(Herald.Apps.IdempotentRequests.Refusal(values));
        Assert.Contains(says, refusal.ProblemDetails.Errors[Header].Single());
        Assert.Null(Herald.Apps.IdempotentRequests.Refusal(new[] { "ok" }));
    }

    [Fact]
    public async Task A_key_in_progress_is_409_and_free_again_once_released()
    {
        var (app, admin) = await fx.NewAppAsync();
        var url = $"/v1/apps/{app}/endpoints";
        // A request holding the key, as if it were still running on this or another node.
        var now = fx.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Null(await fx.Store.ReserveIdempotencyKeyAsync(app, "busy", [1], now, now - 3_600_000, default));
        var busy = await SendAsync(admin, url, Hook, "busy");
        AssertProblem(busy, HttpStatusCode.Conflict, "in progress", "retry in a moment");
        Assert.Equal(0, await CountAsync(admin, url));

        await fx.Store.ReleaseIdempotencyKeyAsync(app, "busy", now, default);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin, url, Hook, "busy")).Status);
    }

    [Fact]
    public async Task After_the_window_the_same_key_runs_again()
    {
        var (app, admin) = await fx.NewAppAsync();
        var url = $"/v1/apps/{app}/endpoints";
        var first = await SendAsync(admin, url, Hook, "window");
        fx.Clock.Advance(TimeSpan.FromMinutes(59));
        AssertSameAnswer(first, await SendAsync(admin, url, Hook, "window"));
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = await SendAsync(admin, url, Hook, "window");
        Assert.Equal(HttpStatusCode.Created, later.Status);
        Assert.False(later.Replayed);
        Assert.NotEqual(first.Location, later.Location);
        Assert.Equal(2, await CountAsync(admin, url));
        Assert.True((await SendAsync(admin, url, Hook, "window")).Replayed); // and is kept anew
    }

    [Fact]
    public async Task The_openapi_document_declares_the_header_on_the_posts_that_take_it()
    {
        using var client = fx.Factory.CreateClient();
        var paths = (await client.GetJsonAsync("/openapi/v1.json")).GetProperty("paths");
        bool Declares(string path, string method) =>
            paths.GetProperty(path).GetProperty(method).TryGetProperty("parameters", out var ps)
            && ps.EnumerateArray().Any(p => p.GetProperty("name").GetString() == Header && p.GetProperty("in").GetString() == "header");
        Assert.True(Declares("/v1/apps/{app}/endpoints", "post"));
        Assert.True(Declares("/v1/apps/{app}/keys", "post"));
        Assert.True(Declares("/v1/apps/{app}/push/credentials", "post"));
        Assert.True(Declares("/v1/apps/{app}/endpoints/{id}/secret/rotate", "post"));
        Assert.False(Declares("/v1/apps/{app}/endpoints", "get"));
        Assert.False(Declares("/v1/apps/{app}/events", "post"));
        Assert.False(Declares("/v1/apps/{app}/events/batch", "post"));
        Assert.False(Declares("/v1/apps", "post"));
    }

    [Fact]
    public async Task Ingest_ignores_the_header_it_has_event_ids()
    {
        var (app, admin) = await fx.NewAppAsync();
        var events = $"/v1/apps/{app}/events";
        foreach (var id in new[] { "e-1", "e-2" })
        {
            var answer = await SendAsync(admin, events, $$$"""{"id":"{{{id}}}","type":"message.created","sender":{"uid":"u1"},"data":{"text":"hi"}}""", "same");
            Assert.True(answer.Status == HttpStatusCode.Accepted, answer.Text);
            Assert.False(answer.Replayed);
        }
    }
}
