using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Bench;

/// <summary>
/// The webhook receiver as a user's backend is: a minimal Kestrel app in its own process
/// (<c>Herald.Bench receiver</c>), started by <see cref="Receiver"/>. Inside the harness it shared the
/// harness's cores, GC and thread pool with the producers, which made the same Herald cost half as much CPU
/// per delivery as measured against an outside receiver (issue 24).
/// <para>
/// It answers 200 at once unless told to fail a fraction of first attempts, to hold requests behind a gate, or to
/// add latency. It reports what it saw on stdout, one short line per arrival (the arrival's Stopwatch timestamp is
/// taken here; on Linux that is CLOCK_MONOTONIC, the same clock in every process, so the harness compares it with
/// its own). Commands come in on stdin. The lines (tab-separated):
/// </para>
/// <list type="bullet">
/// <item>out: <c>url U</c> once; <c>w ID TS</c> a webhook with event id; <c>f</c> a first attempt answered 500;
/// <c>p TS OK UID</c> a custom-provider POST (OK: 1 when its Authorization was the expected one); <c>a AUTH</c> the
/// first push Authorization; <c>h NAME VALUE</c> and <c>s BASE64</c> the first webhook's headers and body;
/// <c>q BASE64</c> the first push body; <c>l N</c> the /loop count (at most every 100 ms).</item>
/// <item>in: <c>begin</c> (a new run: first attempts counted afresh), <c>fail FRACTION</c>, <c>latency MS</c>,
/// <c>gate 1|0</c>, <c>push AUTH</c> (the Authorization expected from now on).</item>
/// </list>
/// Path /loop is the load generator's target: read the body, count, answer 200. Path /push is the custom push
/// provider; any other path is a webhook.
/// </summary>
internal sealed class ReceiverProcess
{
    private readonly Channel<string> _out = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _seen = new();
    private long _loopCount;
    private volatile bool _sampled, _pushSampled, _authSent;
    private volatile string _expectedAuth = "";
    private double _failFirst;
    private TimeSpan _latency;
    private volatile TaskCompletionSource? _gate;

    public static async Task<int> RunAsync()
    {
        var receiver = new ReceiverProcess();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.AddServerHeader = false;
            o.Limits.MaxConcurrentConnections = null;
        });
        await using var app = builder.Build();
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Emit("url\t" + address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        var writer = Task.Run(receiver.WriteOutAsync);
        _ = Task.Run(receiver.ReportLoopsAsync);
        await receiver.ReadCommandsAsync(); // until the harness closes stdin
        receiver._gate?.TrySetResult();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await app.StopAsync(stop.Token);
        receiver._out.Writer.TryComplete();
        await writer;
        return 0;
    }

    private void Emit(string line) => _out.Writer.TryWrite(line);

    /// <summary>Writes the lines in batches: a flush only when nothing more is waiting, so a busy run costs few syscalls.</summary>
    private async Task WriteOutAsync()
    {
        await using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        while (await _out.Reader.WaitToReadAsync())
        {
            while (_out.Reader.TryRead(out var line)) await stdout.WriteAsync(line + "\n");
            await stdout.FlushAsync();
        }
    }

    private async Task ReportLoopsAsync()
    {
        long reported = 0;
        while (true)
        {
            await Task.Delay(100);
            var n = Interlocked.Read(ref _loopCount);
            if (n == reported) continue;
            reported = n;
            Emit("l\t" + n.ToString(CultureInfo.InvariantCulture));
        }
    }

    private async Task ReadCommandsAsync()
    {
        using var stdin = new StreamReader(Console.OpenStandardInput());
        while (await stdin.ReadLineAsync() is { } line)
        {
            var parts = line.Split('\t', 2);
            var arg = parts.Length > 1 ? parts[1] : "";
            switch (parts[0])
            {
                case "begin": _seen.Clear(); break;
                case "fail": Volatile.Write(ref _failFirst, double.Parse(arg, CultureInfo.InvariantCulture)); break;
                case "latency": _latency = TimeSpan.FromMilliseconds(double.Parse(arg, CultureInfo.InvariantCulture)); break;
                case "gate" when arg == "1": _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); break;
                case "gate": _gate?.TrySetResult(); _gate = null; break;
                case "push": _expectedAuth = arg; _authSent = false; break;
            }
        }
    }

    private static string Ts(long now) => now.ToString(CultureInfo.InvariantCulture);

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
            if (!_pushSampled) { _pushSampled = true; Emit("q\t" + Convert.ToBase64String(body)); }
            var auth = ctx.Request.Headers.Authorization.ToString();
            if (!_authSent) { _authSent = true; Emit("a\t" + (auth.Length > 0 ? auth : "(none)")); }
            var ok = string.Equals(auth, _expectedAuth, StringComparison.Ordinal) ? "1" : "0";
            Emit($"p\t{Ts(now)}\t{ok}\t{ExtractPushUid(body)}");
            ctx.Response.StatusCode = 200;
            return;
        }
        if (!_sampled)
        {
            _sampled = true;
            foreach (var h in ctx.Request.Headers.Where(h => h.Key.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase)))
                Emit($"h\t{h.Key}\t{h.Value}");
            Emit("s\t" + Convert.ToBase64String(body));
        }
        var id = ExtractId(body);
        if (id is not null) Emit($"w\t{id}\t{Ts(now)}");
        if (_gate is { } gate) await gate.Task;
        if (_latency > TimeSpan.Zero) await Task.Delay(_latency);
        var failFirst = Volatile.Read(ref _failFirst);
        // Only a run that fails first attempts keeps the ids it has seen.
        if (id is not null && failFirst > 0 && _seen.TryAdd(id, 0) && Random.Shared.NextDouble() < failFirst)
        {
            Emit("f");
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
}
