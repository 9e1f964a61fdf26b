using System.Net;
using System.Text.Json;
using Herald.Client;
using Microsoft.AspNetCore.Http;

namespace Herald.Tests.Client;

/// <summary>
/// Retries against a loopback stub that answers 503/429 with Retry-After on cue. The waits run on a fake clock that
/// records them: the test reads the delay the client chose and moves the clock, so no assertion rests on elapsed time.
/// </summary>
public sealed class ClientRetryTests : IAsyncLifetime
{
    private StubHerald _stub = null!;
    private Func<int, StubRequest, HttpResponse, Task> _script = (_, _, r) => StubHerald.Problem(r, 500);
    private readonly RecordingClock _clock = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _stub = await StubHerald.StartAsync((n, req, res) => _script(n, req, res));

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stub.DisposeAsync();
    }

    private HeraldClient Client(int retries = 3) =>
        new(_http, new HeraldClientOptions { BaseAddress = _stub.Url, ApiKey = "hk_test", MaxRetryAttempts = retries }, _clock);

    /// <summary>Herald's batch answer for whatever events the request carried.</summary>
    private static Task Accepted(StubRequest request, HttpResponse response)
    {
        using var doc = JsonDocument.Parse(request.Body);
        var ids = doc.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        return StubHerald.Json(response, 202, JsonSerializer.Serialize(new
        {
            accepted = ids.Count, duplicates = 0, events = ids.Select(id => new { id, duplicate = false }),
        }));
    }

    [Fact]
    public async Task A_503_with_Retry_After_seconds_is_retried_after_that_long_with_the_same_event_ids()
    {
        _script = (n, req, res) => n == 0 ? StubHerald.Problem(res, 503, retryAfter: "7") : Accepted(req, res);
        var call = Client().IngestAsync("app1", [new MessageCreated { Sender = new EventSender("u1") }]); // no id: the client makes one

        Assert.Equal(TimeSpan.FromSeconds(7), await _clock.NextWaitAsync());
        Assert.Single(_stub.Requests);
        _clock.Advance(TimeSpan.FromSeconds(7));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(30));

        var requests = _stub.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].Body, requests[1].Body); // the made id is the same on the retry, so Herald sees one event
        Assert.All(requests, r => Assert.Equal("/v1/apps/app1/events/batch", r.Path));
        Assert.All(requests, r => Assert.Equal("Bearer hk_test", r.Authorization));
        Assert.All(requests, r => Assert.Null(r.IdempotencyKey)); // ingest is idempotent by event id
        Assert.StartsWith("evt_", Assert.Single(result.Events).Id);
        Assert.Contains(result.Events[0].Id, requests[0].Body);
    }

    [Fact]
    public async Task A_429_with_Retry_After_as_an_HTTP_date_waits_until_that_date_on_the_clock()
    {
        var at = _clock.GetUtcNow().AddSeconds(30).ToString("r");
        _script = (n, req, res) => n == 0 ? StubHerald.Problem(res, 429, retryAfter: at) : Accepted(req, res);
        var call = Client().IngestAsync("app1", [new MessageCreated { Id = "m-1" }]);

        Assert.Equal(TimeSpan.FromSeconds(30), await _clock.NextWaitAsync());
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("m-1", Assert.Single((await call.WaitAsync(TimeSpan.FromSeconds(30))).Events).Id);
        Assert.Equal(2, _stub.Requests.Count);
    }

    [Fact]
    public async Task Other_POSTs_carry_one_Idempotency_Key_for_all_their_attempts_and_a_new_one_per_call()
    {
        const string created = """
            {"endpoint":{"id":"ep_1","url":"http://127.0.0.1:9/hook","description":"","eventTypes":[],"enabled":true,"rateLimitPerSecond":0,
             "timeoutSeconds":10,"disabledReason":null,"failingSince":null,"createdAt":"2026-12-07T08:00:00Z","updatedAt":"2026-12-07T08:00:00Z"},
             "secret":"whsec_abc"}
            """;
        // Herald's "a request with this key is in progress" (409 + Retry-After: 1), as when a retry overtakes the first attempt.
        _script = (n, _, res) => n == 0 ? StubHerald.Problem(res, 409, retryAfter: "1") : StubHerald.Json(res, 201, created);
        var client = Client();
        var call = client.CreateEndpointAsync("app1", new EndpointRequest { Url = "http://127.0.0.1:9/hook" });
        await _clock.NextWaitAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("whsec_abc", (await call.WaitAsync(TimeSpan.FromSeconds(30))).Secret);
        await client.CreateEndpointAsync("app1", new EndpointRequest { Url = "http://127.0.0.1:9/hook" });

        var keys = _stub.Requests.Select(r => r.IdempotencyKey).ToArray();
        Assert.Equal(3, keys.Length);
        Assert.False(string.IsNullOrEmpty(keys[0]));
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[0], keys[2]);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_answer_becomes_the_exception()
    {
        _script = (_, _, res) => StubHerald.Problem(res, 503, retryAfter: "1");
        var call = Client(retries: 2).IngestAsync("app1", [new MessageCreated { Id = "m-1" }]);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), await _clock.NextWaitAsync());
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        var e = await Assert.ThrowsAsync<HeraldApiException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal("try again", e.Problem?.Detail);
        Assert.Equal(3, _stub.Requests.Count);
    }

    [Fact]
    public async Task A_Retry_After_beyond_MaxRetryAfter_fails_at_once_and_other_errors_are_not_retried()
    {
        _script = (n, _, res) => StubHerald.Problem(res, n switch { 0 => 429, 1 => 500, _ => 409 }, retryAfter: n == 0 ? "3600" : null);
        var e = await Assert.ThrowsAsync<HeraldApiException>(() => Client().IngestAsync("app1", [new MessageCreated { Id = "m-1" }]));
        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        e = await Assert.ThrowsAsync<HeraldApiException>(() => Client().GetAppAsync("app1"));
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        e = await Assert.ThrowsAsync<HeraldApiException>(() => Client().SendEventAsync("app1", new MessageCreated { Id = "m-1" }));
        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode); // a conflict without Retry-After (an id taken) is final
        Assert.Equal(3, _stub.Requests.Count);
        Assert.Equal(0, _clock.Waits);
    }

    [Fact]
    public async Task A_network_error_is_retried_after_a_backoff()
    {
        _script = (_, _, res) => StubHerald.Json(res, 200, """{"id":"app1","name":"App","region":"us","createdAt":"2026-12-07T08:00:00Z"}""");
        using var http = new HttpClient(new FailFirst { InnerHandler = new SocketsHttpHandler() });
        var client = new HeraldClient(http, new HeraldClientOptions { BaseAddress = _stub.Url }, _clock);
        var call = client.GetAppAsync("app1");

        var wait = await _clock.NextWaitAsync();
        Assert.InRange(wait, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(2)); // RetryDelay 1 s, jittered
        Assert.Empty(_stub.Requests);
        _clock.Advance(wait);
        Assert.Equal("App", (await call.WaitAsync(TimeSpan.FromSeconds(30))).Name);
        Assert.Single(_stub.Requests);
    }

    private sealed class FailFirst : DelegatingHandler
    {
        private int _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new HttpRequestException("connection reset (simulated)")
                : base.SendAsync(request, cancellationToken);
    }
}
