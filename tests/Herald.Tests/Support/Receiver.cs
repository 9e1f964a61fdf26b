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

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
