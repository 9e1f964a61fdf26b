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
/// What one push fan-out run expects and saw at the receiver's custom-provider path: one POST per
/// recipient uid <c>{prefix}1..{prefix}{count}</c> (taken from <c>data.to.uid</c>), counted per uid in an
/// array so the check costs an Interlocked.Increment per POST.
/// </summary>
internal sealed class PushLog(string prefix, int expected, string expectedAuthorization)
{
    private readonly int[] _perUid = new int[expected + 1];
    private long _requests, _distinct, _unknown, _badAuth, _firstArrival, _lastArrival;
    private volatile string? _firstAuthorization;

    public string Prefix { get; } = prefix;
    public int Expected { get; } = expected;
    public string ExpectedAuthorization { get; } = expectedAuthorization;
    public long Requests => Interlocked.Read(ref _requests);
    public int Distinct => (int)Interlocked.Read(ref _distinct);
    /// <summary>POSTs for a uid that had already arrived (at-least-once repeats).</summary>
    public long Duplicates => Requests - Distinct - Unknown;
    /// <summary>POSTs without a parsable data.to.uid, or with a uid outside prefix1..prefixN.</summary>
    public long Unknown => Interlocked.Read(ref _unknown);
    /// <summary>POSTs whose Authorization header was not the expected Basic value.</summary>
    public long BadAuthorization => Interlocked.Read(ref _badAuth);
    /// <summary>The Authorization header of the first POST, as sent.</summary>
    public string? FirstAuthorization => _firstAuthorization;
    /// <summary>Stopwatch timestamps of the first POST and of the latest first arrival of a uid (0: none yet).</summary>
    public long FirstArrival => Interlocked.Read(ref _firstArrival);
    public long LastArrival => Interlocked.Read(ref _lastArrival);
    /// <summary>Stopwatch timestamp at which the last missing uid arrived.</summary>
    public long CompletedAt { get; private set; }
    public TaskCompletionSource Complete { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs once, on the receiver's thread, when the first POST of the run arrives.</summary>
    public Action? OnFirstArrival { get; set; }

    public void Record(string? uid, string? authorization, long now)
    {
        Interlocked.Increment(ref _requests);
        if (Interlocked.CompareExchange(ref _firstArrival, now, 0) == 0) OnFirstArrival?.Invoke();
        if (_firstAuthorization is null) _firstAuthorization = authorization ?? "(none)";
        if (!string.Equals(authorization, ExpectedAuthorization, StringComparison.Ordinal)) Interlocked.Increment(ref _badAuth);
        if (uid is null || !uid.StartsWith(Prefix, StringComparison.Ordinal) ||
            !int.TryParse(uid.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ||
            i < 1 || i > Expected || uid.Length != Prefix.Length + i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)
        {
            Interlocked.Increment(ref _unknown);
            return;
        }
        if (Interlocked.Increment(ref _perUid[i]) != 1) return;
        long seen;
        while ((seen = Interlocked.Read(ref _lastArrival)) < now && Interlocked.CompareExchange(ref _lastArrival, now, seen) != seen) { }
        if (Interlocked.Increment(ref _distinct) == Expected)
        {
            CompletedAt = now;
            Complete.TrySetResult();
        }
    }

    /// <summary>The uids that have not arrived (at most <paramref name="max"/>) and how many are missing in all.</summary>
    public (int Count, IReadOnlyList<string> Some) Missing(int max = 10)
    {
        var some = new List<string>();
        var count = 0;
        for (var i = 1; i <= Expected; i++)
        {
            if (Volatile.Read(ref _perUid[i]) != 0) continue;
            count++;
            if (some.Count < max) some.Add(Prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return (count, some);
    }
}

/// <summary>
/// A loopback webhook receiver on Kestrel (127.0.0.1, ephemeral port). Answers 200 at once unless
/// told to fail a fraction of first attempts, to hold requests behind a gate, or to add latency.
/// Path /loop is the plain-HttpClient baseline: read the body, count, answer 200. Path /push is the
/// custom push provider: count data.to.uid and the Authorization header in the current PushLog, answer 200.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _loopCount;
    private volatile ReceiptLog? _log;
    private volatile PushLog? _push;
    private volatile byte[]? _sampleBody;
    private volatile byte[]? _samplePushBody;

    public Uri Url { get; private set; } = null!;
    public Uri LoopUrl => new(Url, "/loop");
    /// <summary>Where Herald's custom push provider should POST.</summary>
    public Uri PushUrl => new(Url, "/push");
    /// <summary>The first custom-provider body received (for checking the envelope).</summary>
    public byte[]? SamplePushBody => _samplePushBody;
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

    /// <summary>Start counting a new push run: uids prefix1..prefixN, each POST expected with <paramref name="authorization"/>.</summary>
    public PushLog BeginPush(string prefix, int expected, string authorization)
    {
        var log = new PushLog(prefix, expected, authorization);
        _push = log;
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
        if (ctx.Request.Path.StartsWithSegments("/push"))
        {
            _samplePushBody ??= body;
            _push?.Record(ExtractPushUid(body), ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, now);
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

    /// <summary>
    /// <c>data.to.uid</c> of a custom-provider envelope ({"trigger":..,"data":{"to":{"uid":..},..},..}); reads only
    /// as far as the uid, skipping other values whole.
    /// </summary>
    private static string? ExtractPushUid(byte[] body)
    {
        try
        {
            var r = new Utf8JsonReader(body);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var isData = r.ValueTextEquals("data"u8);
                r.Read();
                if (!isData) { r.Skip(); continue; }
                if (r.TokenType != JsonTokenType.StartObject) return null;
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    var isTo = r.ValueTextEquals("to"u8);
                    r.Read();
                    if (!isTo) { r.Skip(); continue; }
                    if (r.TokenType != JsonTokenType.StartObject) return null;
                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        var isUid = r.ValueTextEquals("uid"u8);
                        r.Read();
                        if (isUid) return r.TokenType == JsonTokenType.String ? r.GetString() : null;
                        r.Skip();
                    }
                    return null;
                }
                return null;
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
