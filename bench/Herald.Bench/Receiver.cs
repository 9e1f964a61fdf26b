using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Herald.Bench;

/// <summary>
/// The harness's handle on the receiver process (<see cref="ReceiverProcess"/>): starts it, turns the lines it
/// writes into the run's <see cref="ReceiptLog"/> / <see cref="PushLog"/> (with the receiver's own arrival
/// timestamps), and passes the scenario's settings (failures, latency, gate) to it.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _reader;
    private readonly TaskCompletionSource<Uri> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stdin = new();
    private long _loopCount;
    private volatile ReceiptLog? _log;
    private volatile PushLog? _push;
    private volatile byte[]? _sampleBody, _samplePushBody;
    private volatile string? _firstAuthorization;
    private double _failFirst;
    private TimeSpan _latency;
    private TaskCompletionSource? _gate;

    public Uri Url { get; private set; } = null!;
    /// <summary>The load generator's target: the same receiver, counting only.</summary>
    public Uri LoopUrl => new(Url, "/loop");
    /// <summary>Where Herald's custom push provider should POST.</summary>
    public Uri PushUrl => new(Url, "/push");
    public int Pid => _process.Id;
    /// <summary>CPU seconds the receiver process has used.</summary>
    public double CpuSeconds => ProcStat.CpuSeconds(_process.Id);
    /// <summary>The first custom-provider body received (for checking the envelope).</summary>
    public byte[]? SamplePushBody => _samplePushBody;
    /// <summary>One webhook body as Herald sent it (for the load generator's body size).</summary>
    public byte[]? SampleBody => _sampleBody;
    public Dictionary<string, string> SampleHeaders { get; } = [];
    public long LoopCount => Interlocked.Read(ref _loopCount);

    public double FailFirstAttempts
    {
        get => _failFirst;
        set { _failFirst = value; Send("fail\t" + value.ToString(CultureInfo.InvariantCulture)); }
    }

    public TimeSpan Latency
    {
        get => _latency;
        set { _latency = value; Send("latency\t" + value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)); }
    }

    /// <summary>While set and not completed, every webhook waits for it before being answered; null releases them.</summary>
    public TaskCompletionSource? Gate
    {
        get => _gate;
        set
        {
            _gate = value;
            if (value is null) { Send("gate\t0"); return; }
            Send("gate\t1");
            value.Task.ContinueWith(_ => Send("gate\t0"), TaskScheduler.Default);
        }
    }

    private Receiver(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAsync);
    }

    public static async Task<Receiver> StartAsync()
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Run as `dotnet Herald.Bench.dll receiver` or as the apphost, whichever started this harness.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet") start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        start.ArgumentList.Add(BenchRunner.ReceiverCommand);
        var receiver = new Receiver(Process.Start(start) ?? throw new HarnessException("could not start the receiver process"));
        var url = await receiver._url.Task.WaitAsync(TimeSpan.FromSeconds(30));
        receiver.Url = new Uri(url, "/hook");
        Progress.Line($"receiver pid {receiver.Pid} on {url}");
        return receiver;
    }

    /// <summary>Start counting a new run; receipts of ids from earlier runs still count as requests only there.</summary>
    public ReceiptLog Begin(int expected)
    {
        var log = new ReceiptLog(expected);
        _log = log;
        Send("begin");
        return log;
    }

    /// <summary>Start counting a new push run: uids prefix1..prefixN, each POST expected with <paramref name="authorization"/>.</summary>
    public PushLog BeginPush(string prefix, int expected, string authorization)
    {
        var log = new PushLog(prefix, expected, authorization);
        _push = log;
        Send("push\t" + authorization);
        return log;
    }

    private void Send(string command)
    {
        lock (_stdin)
        {
            _process.StandardInput.WriteLine(command);
            _process.StandardInput.Flush();
        }
    }

    private async Task ReadAsync()
    {
        var output = _process.StandardOutput;
        while (await output.ReadLineAsync() is { } line)
        {
            var f = line.Split('\t');
            switch (f[0])
            {
                case "w": _log?.Record(f[1], long.Parse(f[2], CultureInfo.InvariantCulture)); break;
                case "f": _log?.CountFailure(); break;
                case "p" when _push is { } push:
                    var auth = f[2] == "1" ? push.ExpectedAuthorization : _firstAuthorization ?? "(other)";
                    push.Record(f[3].Length > 0 ? f[3] : null, auth, long.Parse(f[1], CultureInfo.InvariantCulture));
                    break;
                case "a": _firstAuthorization = f[1]; break;
                case "h": lock (SampleHeaders) SampleHeaders[f[1]] = f[2]; break;
                case "s": _sampleBody = Convert.FromBase64String(f[1]); break;
                case "q": _samplePushBody = Convert.FromBase64String(f[1]); break;
                case "l": Interlocked.Exchange(ref _loopCount, long.Parse(f[1], CultureInfo.InvariantCulture)); break;
                case "url": _url.TrySetResult(new Uri(f[1])); break;
            }
        }
        _url.TrySetException(new HarnessException("the receiver process exited before it listened"));
    }

    public async ValueTask DisposeAsync()
    {
        _gate?.TrySetResult();
        try { _process.StandardInput.Close(); } catch (IOException) { }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
    }
}
