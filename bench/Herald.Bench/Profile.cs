using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Herald.Bench;

/// <summary>
/// <c>--trace DIR</c>: the runtime's EventPipe sampler (what dotnet-trace records; that NuGet tool, installed here
/// when missing, converts the file) on the server for a scenario's measured phase, and where its time went. The
/// sampler takes every managed thread's stack ~100 times a second whether it runs or waits, so the summary drops
/// the samples of waiting threads (their innermost frame is a wait, or they are the finalizer thread) and ranks the
/// rest: the innermost frames, and Herald's own methods with everything they call. A native call (SQLite, a socket
/// send, TLS) is counted at the managed frame that made it. Percentages are of the running samples. The session
/// slows the server a little: figures measured with --trace are for the profile, not the tables.
/// </summary>
internal sealed class Profile : IAsyncDisposable
{
    private const string ToolVersion = "10.0.750501";
    // Innermost frames that mean the thread is waiting, not running.
    private static readonly string[] Waits =
    [
        "LowLevelLifoSemaphore", "Monitor.Wait", "WaitHandle.Wait", "ManualResetEventSlim.Wait", "Thread.Sleep", "SemaphoreSlim.Wait",
        "Interop+Sys.WaitForSocketEvents", "Interop+Sys.Read(", "Interop+Sys.Poll", "SocketAsyncEngine.EventLoop", "Thread.SleepInternal",
        "LowLevelMonitor.Wait", "WaitSubsystem", "Interop+Sys.LowLevelMonitor", "PollGC", "WorkerThread.WorkerThreadStart",
        "GateThread", "Interop+Sys.WaitPid", "ReleaseSemaphore",
        // A type-handle lookup takes nanoseconds: seconds there (seen under a class constructor) are a blocked thread.
        "GetRuntimeTypeFromHandleSlow",
    ];

    private readonly EventPipeSession _session;
    private readonly FileStream _output;
    private readonly Task _copy;
    private readonly string _file;
    private readonly string _name;

    private Profile(EventPipeSession session, FileStream output, string file, string name)
    {
        _session = session;
        _output = output;
        _copy = session.EventStream.CopyToAsync(output);
        _file = file;
        _name = name;
    }

    /// <summary>The directory --trace named, or null (no profile taken).</summary>
    public static string? Directory { get; set; }

    /// <summary>Starts sampling <paramref name="pid"/> when --trace was given; null otherwise.</summary>
    public static async Task<Profile?> StartAsync(int pid, string name)
    {
        if (Directory is null) return null;
        System.IO.Directory.CreateDirectory(Directory);
        await EnsureToolAsync(); // for the conversion afterwards: fail before the run, not after it
        name = name.Replace(' ', '-'); // "postgres x2": one word in a file name
        var file = Path.Combine(Directory, name + ".nettrace");
        // The session is opened and stopped here through the runtime's diagnostic port, as dotnet-trace does, rather
        // than by running `dotnet-trace collect` and stopping it with Ctrl+C: a process started in the background
        // by a script ignores SIGINT, and a collector that is killed instead leaves a file without method names.
        // The providers are dotnet-trace's sampled thread time: the sampler and the runtime's method events.
        var session = new DiagnosticsClient(pid).StartEventPipeSession(
        [
            new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational, 0xF00000000000),
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, 0x14C14FCCBD),
        ], requestRundown: true, circularBufferMB: 256);
        Progress.Line($"profile: recording the server (pid {pid}) into {file}");
        return new Profile(session, File.Create(file), file, name);
    }

    /// <summary>Stops the recording (the runtime then sends the rundown: the method names), then writes and prints where the time went.</summary>
    public async ValueTask DisposeAsync()
    {
        await _session.StopAsync(CancellationToken.None);
        await _copy;
        await _output.DisposeAsync();
        _session.Dispose();
        try
        {
            var tool = await EnsureToolAsync();
            var json = Path.ChangeExtension(_file, ".speedscope.json");
            await Commands.RunAsync(tool, ["convert", _file, "--format", "Speedscope", "-o", Path.ChangeExtension(_file, null)]);
            var report = Summarize(json, _name);
            var text = Path.ChangeExtension(_file, ".txt");
            await File.WriteAllTextAsync(text, report);
            foreach (var line in report.Split('\n').Take(40)) Progress.Line("profile: " + line.TrimEnd());
            Progress.Line($"profile: the whole report is {text}; open {json} in https://speedscope.app for the flame graph");
        }
        catch (Exception ex) when (ex is HarnessException or IOException or JsonException)
        {
            Progress.Line($"profile: could not summarize {_file}: {ex.Message}");
        }
    }

    /// <summary>
    /// Where the running samples of a speedscope file (dotnet-trace's evented format, one profile per thread) went. The
    /// sampler ends every stack in a pseudo-frame, CPU_TIME (managed code running) or UNMANAGED_CODE_TIME (in native
    /// code: SQLite, a syscall, or a wait), so the frame above it is the one that says what the thread was doing.
    /// </summary>
    internal static string Summarize(string speedscopeJson, string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(speedscopeJson));
        var frames = doc.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString() ?? "?").ToArray();
        // What each frame is, worked out once per frame rather than once per sample.
        var names = frames.Select(Short).ToArray();
        var unnamed = frames.Select(f => f == "?" || f.Contains("?!?", StringComparison.Ordinal)).ToArray();
        var waits = frames.Select(f => Waits.Any(w => f.Contains(w, StringComparison.Ordinal))).ToArray();
        var herald = names.Select(n => n.StartsWith("Herald", StringComparison.Ordinal)).ToArray();
        var finalizer = frames.Select(f => f.Contains("GC.RunFinalizers", StringComparison.Ordinal)).ToArray();
        var exclusive = new Dictionary<string, double>();
        var inclusive = new Dictionary<int, double>();
        double running = 0, waiting = 0, unknown = 0;
        foreach (var profile in doc.RootElement.GetProperty("profiles").EnumerateArray())
        {
            var stack = new List<int>();
            double last = 0;
            foreach (var ev in profile.GetProperty("events").EnumerateArray())
            {
                var at = ev.GetProperty("at").GetDouble();
                var span = at - last;
                if (stack.Count > 0 && span > 0)
                {
                    var leaf = frames[stack[^1]];
                    var pseudo = leaf is "CPU_TIME" or "UNMANAGED_CODE_TIME";
                    var doing = pseudo ? (stack.Count > 1 ? stack[^2] : -1) : stack[^1];
                    if (doing < 0 || unnamed[doing]) unknown += span;
                    // The finalizer thread is left out whole: it sits in a finalizer's frame between runs.
                    else if (waits[doing] || stack.Exists(f => finalizer[f])) waiting += span;
                    else
                    {
                        running += span;
                        var key = names[doing] + (leaf == "UNMANAGED_CODE_TIME" ? " (native)" : "");
                        exclusive[key] = exclusive.GetValueOrDefault(key) + span;
                        foreach (var f in stack.Distinct()) // a recursive frame counts once
                            if (herald[f]) inclusive[f] = inclusive.GetValueOrDefault(f) + span;
                    }
                }
                last = at;
                var frame = ev.GetProperty("frame").GetInt32();
                if (ev.GetProperty("type").GetString() == "O") stack.Add(frame);
                else if (stack.Count > 0) stack.RemoveAt(stack.LastIndexOf(frame) is >= 0 and var i ? i : stack.Count - 1);
            }
        }
        var sb = new StringBuilder();
        string Pct(double v) => running <= 0 ? "-" : (v / running * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"{name}: {running / 1000:0.0} s of running thread samples ({waiting / 1000:0.0} s waiting and {unknown / 1000:0.0} s without a managed frame, not counted)");
        sb.AppendLine("innermost frames (native: in a native call made there, e.g. SQLite or a socket):");
        foreach (var (f, v) in exclusive.OrderByDescending(kv => kv.Value).Take(25)) sb.AppendLine(CultureInfo.InvariantCulture, $"  {Pct(v),7}  {f}");
        sb.AppendLine("Herald methods with what they call:");
        foreach (var (f, v) in inclusive.OrderByDescending(kv => kv.Value).Take(40)) sb.AppendLine(CultureInfo.InvariantCulture, $"  {Pct(v),7}  {names[f]}");
        return sb.ToString();
    }

    private static string Short(string frame)
    {
        var paren = frame.IndexOf('(', StringComparison.Ordinal);
        var s = paren > 0 ? frame[..paren] : frame;
        var bang = s.IndexOf('!', StringComparison.Ordinal);
        return bang >= 0 ? s[(bang + 1)..] : s;
    }

    private static async Task<string> EnsureToolAsync()
    {
        var local = Path.Combine(BenchRunner.FindRepoRoot(), "bench", ".tools", "dotnet-trace");
        var global = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        foreach (var candidate in (string[])[local, global]) if (File.Exists(candidate)) return candidate;
        // Scenarios run one after another, so two installs never race.
        Progress.Line($"installing dotnet-trace {ToolVersion} into bench/.tools (dotnet tool install)");
        await Commands.RunAsync("dotnet", ["tool", "install", "dotnet-trace", "--version", ToolVersion, "--tool-path", Path.GetDirectoryName(local)!]);
        return local;
    }
}
