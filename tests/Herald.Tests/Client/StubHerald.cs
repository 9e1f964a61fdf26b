using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Client;

public sealed record StubRequest(string Method, string Path, string? IdempotencyKey, string? Authorization, string Body);

/// <summary>
/// A loopback Kestrel server that answers as its script says (n = 0 for the first request), standing in for Herald
/// where a test needs answers a real Herald will not give on cue (503 with Retry-After, then 202).
/// </summary>
public sealed class StubHerald : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;
    public ConcurrentQueue<StubRequest> Requests { get; } = new();
    public Uri Url { get; private set; } = null!;

    private StubHerald(WebApplication app) => _app = app;

    public static async Task<StubHerald> StartAsync(Func<int, StubRequest, HttpResponse, Task> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubHerald(app);
        app.Run(async http =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var h = http.Request.Headers;
            var request = new StubRequest(http.Request.Method, http.Request.Path + http.Request.QueryString,
                h.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null, h.Authorization.ToString(), body);
            var n = Interlocked.Increment(ref stub._count) - 1;
            stub.Requests.Enqueue(request);
            await script(n, request, http.Response);
        });
        await app.StartAsync();
        stub.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return stub;
    }

    /// <summary>An RFC 9457 problem answer, as Herald writes one.</summary>
    public static Task Problem(HttpResponse response, int status, string? retryAfter = null)
    {
        response.StatusCode = status;
        if (retryAfter is not null) response.Headers.RetryAfter = retryAfter;
        response.ContentType = "application/problem+json";
        return response.WriteAsync($$"""{"type":"https://tools.ietf.org/html/rfc9110","title":"Busy","status":{{status}},"detail":"try again"}""");
    }

    public static Task Json(HttpResponse response, int status, string json)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        return response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// A fake clock that also tells when something starts waiting on it and for how long: the retry's delay is then
/// read, not inferred from elapsed time, and the test moves the clock only once the wait is registered.
/// </summary>
public sealed class RecordingClock() : FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();
    private int _waitCount;
    public int Waits => Volatile.Read(ref _waitCount);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _waitCount);
        _waits.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The next wait's length, once it is registered (the timeout only keeps a broken client from hanging the run).</summary>
    public async Task<TimeSpan> NextWaitAsync() => await _waits.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
}
