using System.Collections.Concurrent;
using Herald.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Support;

public sealed record Received(DateTimeOffset At, string? WebhookId, string? Timestamp, string? Signature, string Body, string? Authorization, bool? SignatureValid, string? VerifyError);

/// <summary>
/// A real Kestrel webhook receiver on 127.0.0.1 (a free port). It records every request, verifies
/// the signature with Herald.Webhooks when given the secret, and answers what the test tells it.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<Received> Requests { get; } = new();
    /// <summary>Decides the answer for the n-th request (0-based); default 200.</summary>
    public Func<int, Received, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);
    public WebhookVerifier? Verifier { get; set; }
    public string Url { get; }
    private int _count;

    private Receiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        Receiver? self = null;
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            var r = self!;
            var verify = r.Verifier is { } v ? await http.Request.VerifyStandardWebhookAsync(v, http.RequestAborted) : null;
            http.Request.Body.Position = 0;
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var h = http.Request.Headers;
            var received = new Received(DateTimeOffset.UtcNow, h["webhook-id"], h["webhook-timestamp"], h["webhook-signature"], body,
                h.Authorization, verify?.Success, verify?.Error);
            var n = Interlocked.Increment(ref r._count) - 1;
            r.Requests.Enqueue(received);
            http.Response.StatusCode = await r.Respond(n, received);
        });
        app.Use(async (ctx, next) => { ctx.Request.EnableBuffering(); await next(); });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new Receiver(app, address + "/hook");
        return self;
    }

    /// <summary>
    /// Checks a rate limit of under 20/s (one send per window or bucket tick) from the arrivals alone, in the
    /// one direction a busy machine cannot break: the i-th arrival (0-based) comes no sooner than
    /// <paramref name="since"/> + (i - 1) intervals of 1/perSecond, one interval being slack for a window
    /// or tick that began just before <paramref name="since"/> (taken before the events were posted). A
    /// late send never fails this; a send the limit should have held back does.
    /// </summary>
    public void AssertPacedAtMost(int perSecond, DateTimeOffset since)
    {
        var times = Requests.Select(r => r.At).Order().ToArray();
        Assert.NotEmpty(times);
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        for (var i = 1; i < times.Length; i++)
            Assert.True(times[i] >= since + (i - 1) * interval,
                $"delivery {i + 1} arrived {(times[i] - since).TotalMilliseconds:0} ms after the post; at {perSecond}/s not before {((i - 1) * interval).TotalMilliseconds:0} ms");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
