using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Herald.Bench;

/// <summary>What one measured run expects and saw: first arrival (Stopwatch timestamp) per event id.</summary>
internal sealed class ReceiptLog(int expected)
{
    public int Expected { get; } = expected;
    public ConcurrentDictionary<string, long> FirstArrival { get; } = new(Environment.ProcessorCount * 4, expected);
    private long _requests, _failed, _lastArrival;
    public long Requests => Interlocked.Read(ref _requests);
    public long AnsweredFailure => Interlocked.Read(ref _failed);
    public int Distinct => FirstArrival.Count;
    public long LastArrival => Interlocked.Read(ref _lastArrival);
    /// <summary>Stopwatch timestamp at which Distinct first reached Expected.</summary>
    public long CompletedAt { get; private set; }
    public TaskCompletionSource Complete { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <returns>True when this is the id's first arrival.</returns>
    public bool Record(string id, long now)
    {
        Interlocked.Increment(ref _requests);
        var first = FirstArrival.TryAdd(id, now);
        if (first)
        {
            long seen;
            while ((seen = Interlocked.Read(ref _lastArrival)) < now && Interlocked.CompareExchange(ref _lastArrival, now, seen) != seen) { }
            if (FirstArrival.Count >= Expected && !Complete.Task.IsCompleted)
            {
                CompletedAt = now;
                Complete.TrySetResult();
            }
        }
        return first;
    }

    public void CountFailure() => Interlocked.Increment(ref _failed);
}

/// <summary>
/// A loopback webhook receiver on Kestrel (127.0.0.1, ephemeral port). Answers 200 at once unless
/// told to fail a fraction of first attempts, to hold requests behind a gate, or to add latency.
/// Path /loop is the plain-HttpClient baseline: read the body, count, answer 200.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _loopCount;
    private volatile ReceiptLog? _log;
    private volatile byte[]? _sampleBody;

    public Uri Url { get; private set; } = null!;
    public Uri LoopUrl => new(Url, "/loop");
    public double FailFirstAttempts { get; set; }
    public TimeSpan Latency { get; set; }
    /// <summary>While set and not completed, every webhook waits for it before being answered.</summary>
    public TaskCompletionSource? Gate { get; set; }
    public long LoopCount => Interlocked.Read(ref _loopCount);
    /// <summary>One webhook body as Herald sent it (for the loopback baseline's body size).</summary>
    public byte[]? SampleBody => _sampleBody;
    public Dictionary<string, string> SampleHeaders { get; } = [];

    private Receiver(WebApplication app) => _app = app;

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.AddServerHeader = false;
            o.Limits.MaxConcurrentConnections = null;
        });
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/hook");
        return receiver;
    }

    /// <summary>Start counting a new run; receipts of ids from earlier runs still count as requests only there.</summary>
    public ReceiptLog Begin(int expected)
    {
        var log = new ReceiptLog(expected);
        _log = log;
        return log;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var body = await ReadBodyAsync(ctx.Request.BodyReader);
        var now = Stopwatch.GetTimestamp();
        if (ctx.Request.Path.StartsWithSegments("/loop"))
        {
            Interlocked.Increment(ref _loopCount);
            ctx.Response.StatusCode = 200;
            return;
        }
        if (_sampleBody is null)
        {
            lock (SampleHeaders)
                foreach (var h in ctx.Request.Headers.Where(h => h.Key.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase)))
                    SampleHeaders[h.Key] = h.Value.ToString();
            _sampleBody = body;
        }
        var id = ExtractId(body);
        var first = false;
        if (id is not null && _log is { } log) first = log.Record(id, now);
        if (Gate is { } gate) await gate.Task;
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency);
        if (first && FailFirstAttempts > 0 && Random.Shared.NextDouble() < FailFirstAttempts)
        {
            _log?.CountFailure();
            ctx.Response.StatusCode = 500;
            return;
        }
        ctx.Response.StatusCode = 200;
    }

    private static async Task<byte[]> ReadBodyAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>The top-level "id" of the webhook body (the event id).</summary>
    private static string? ExtractId(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    return reader.GetString();
                }
                if (reader.CurrentDepth > 1) reader.Skip();
            }
        }
        catch (JsonException) { }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        await _app.StopAsync(TimeSpan.FromSeconds(2));
        await _app.DisposeAsync();
    }
}
