using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Bench;

/// <summary>
/// What one apns run expects and saw: device tokens <see cref="ApnsMock.Token"/>(run, 1..N), counted per
/// index in an array; a push that fails the mock's checks is counted (and the first one described).
/// </summary>
internal sealed class ApnsLog(int run, int expected)
{
    private readonly int[] _perIndex = new int[expected + 1];
    private long _requests, _distinct, _unknown, _bad, _firstArrival;
    private volatile string? _firstProblem;

    public int Run { get; } = run;
    public int Expected { get; } = expected;
    public long Requests => Interlocked.Read(ref _requests);
    public int Distinct => (int)Interlocked.Read(ref _distinct);
    public long Duplicates => Requests - Distinct - Unknown;
    public long Unknown => Interlocked.Read(ref _unknown);
    /// <summary>Pushes that failed a check (path, topic, push type, token, apns-id, size).</summary>
    public long Bad => Interlocked.Read(ref _bad);
    public string? FirstProblem => _firstProblem;
    public long FirstArrival => Interlocked.Read(ref _firstArrival);
    public long CompletedAt { get; private set; }
    public TaskCompletionSource Complete { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>Runs once, on the mock's thread, when the first push of the run arrives.</summary>
    public Action? OnFirstArrival { get; set; }

    public void Record(int index, string? problem, long now)
    {
        Interlocked.Increment(ref _requests);
        if (Interlocked.CompareExchange(ref _firstArrival, now, 0) == 0) OnFirstArrival?.Invoke();
        if (problem is not null)
        {
            Interlocked.Increment(ref _bad);
            _firstProblem ??= problem;
        }
        if (index < 1 || index > Expected)
        {
            Interlocked.Increment(ref _unknown);
            return;
        }
        if (Interlocked.Increment(ref _perIndex[index]) == 1 && Interlocked.Increment(ref _distinct) == Expected)
        {
            CompletedAt = now;
            Complete.TrySetResult();
        }
    }

    public int Missing() { Thread.MemoryBarrier(); return _perIndex.Skip(1).Count(c => c == 0); }
}

/// <summary>
/// A loopback stand-in for APNs for the benchmark: Kestrel, HTTP/2 over TLS (ALPN h2) with a certificate of a CA
/// made on the spot (every real push pays for TLS, so the measurement does too), up to 1,000 streams per
/// connection as APNs allows. It checks the minimum of a well-formed push (path
/// and device token, topic, push type, a JWT bearer token, apns-id, payload size) and answers 200.
/// The tests' mock (tests/Herald.Tests/Push/Providers/Apns) checks everything, signature included.
/// </summary>
internal sealed class ApnsMock : IAsyncDisposable
{
    public const string Topic = "com.example.bench";
    private readonly WebApplication _app;
    public string Url { get; }
    public ApnsLog? Current { get; set; }

    private ApnsMock(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>A 64-hex device token carrying its run and index, so a push is attributed without a lookup.</summary>
    public static string Token(int run, int index) =>
        run.ToString("x8", CultureInfo.InvariantCulture) + index.ToString("x56", CultureInfo.InvariantCulture);

    public static async Task<ApnsMock> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(certificate);
            });
        });
        var app = builder.Build();
        ApnsMock? self = null;
        app.Run(ctx => self!.HandleAsync(ctx));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new ApnsMock(app, address.TrimEnd('/'));
        return self;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var now = Stopwatch.GetTimestamp();
        var request = ctx.Request;
        var bytes = await DrainAsync(request);
        var path = request.Path.Value ?? "";
        var h = request.Headers;
        var pushType = h["apns-push-type"].ToString();
        string? problem = null;
        var index = -1;
        const string prefix = "/3/device/";
        if (request.Method != "POST" || !path.StartsWith(prefix, StringComparison.Ordinal) || path.Length != prefix.Length + 64)
            problem = $"{request.Method} {path}: not POST /3/device/<64 hex>";
        else if (int.TryParse(path.AsSpan(prefix.Length, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var run) && run == Current?.Run
                 && int.TryParse(path.AsSpan(path.Length - 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var i))
            index = i;
        if (problem is null && h["apns-topic"] != Topic) problem = $"apns-topic '{h["apns-topic"]}'";
        if (problem is null && pushType != "alert") problem = $"apns-push-type '{pushType}'";
        if (problem is null && (h.Authorization.ToString() is not { } auth || !auth.StartsWith("bearer ", StringComparison.Ordinal) || auth.Count(c => c == '.') != 2))
            problem = "no bearer JWT";
        if (problem is null && h["apns-id"].ToString().Length != 36) problem = $"apns-id '{h["apns-id"]}'";
        if (problem is null && bytes is 0 or > 4096) problem = $"payload of {bytes} bytes";
        Current?.Record(index, problem, now);
        ctx.Response.StatusCode = problem is null ? 200 : 400;
        ctx.Response.Headers["apns-id"] = h["apns-id"];
    }

    private static async Task<long> DrainAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        long total = 0;
        while (true)
        {
            var result = await reader.ReadAsync();
            total += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) return total;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
