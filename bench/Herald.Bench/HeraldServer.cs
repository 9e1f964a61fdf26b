using Herald.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Herald.Bench;

/// <summary>
/// A real Herald server process (<c>dotnet src/Herald/bin/Release/net10.0/Herald.dll</c>) on a free
/// loopback port with a fresh data directory; samples its resident memory every 150 ms and is
/// killed (SIGKILL, whole tree) on dispose.
/// </summary>
internal sealed class HeraldServer : IAsyncDisposable
{
    public const string AdminKey = "hk_root_bench-harness-key-0123456789abcdef";
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peakRssKb;

    public Uri BaseAddress { get; }
    public string DataDirectory { get; }
    public int Pid => _process.Id;

    private HeraldServer(string dll, IReadOnlyDictionary<string, string> settings, string? dataDirectory)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "herald-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        var port = ServerLaunch.FreeLoopbackPort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo(ServerLaunch.DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("Herald__", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
                name is "DOTNET_URLS" or "DOTNET_ENVIRONMENT" or "DOTNET_HTTP_PORTS")
                info.Environment.Remove(name);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["Herald__AdminKey"] = AdminKey;
        info.Environment["Herald__DataDirectory"] = DataDirectory;
        info.Environment["Herald__Webhooks__AllowPrivateNetworks"] = "true";
        // Information logs per request would measure the console, not Herald.
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _sampler = Task.Run(SampleAsync);
    }

    /// <param name="dataDirectory">A directory prepared beforehand (a seeded database); a fresh one when null.</param>
    public static async Task<HeraldServer> StartAsync(string dll, IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null)
    {
        var server = new HeraldServer(dll, settings ?? new Dictionary<string, string>(), dataDirectory);
        try
        {
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public string Output
    {
        get { lock (_output) return string.Join('\n', _output.TakeLast(60)); }
    }

    /// <summary>Largest resident set seen: max of the 150 ms VmRSS samples and the kernel's VmHWM.</summary>
    public long PeakRssBytes
    {
        get
        {
            var hwm = ProcStat.ReadStatusKb(_process.Id, "VmHWM");
            return Math.Max(Interlocked.Read(ref _peakRssKb), hwm) * 1024;
        }
    }

    /// <summary>CPU seconds (user + system) the server has used so far.</summary>
    public double CpuSeconds => ProcStat.CpuSeconds(_process.Id);

    /// <summary>CPU seconds of the runtime's background tiered-compilation thread (JIT of hot methods to tier 1).</summary>
    public double TieredJitCpuSeconds => ProcStat.ThreadCpuSeconds(_process.Id, ".NET Tiered Com");

    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM, as a rolling restart sends it; the time until the process exited.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan giveUpAfter)
    {
        var clock = Stopwatch.StartNew();
        if (!_process.HasExited && SendSignal(_process.Id, 15) != 0)
            throw new HarnessException($"kill(SIGTERM) of pid {_process.Id} failed");
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(giveUpAfter);
        return clock.Elapsed;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public HttpClient CreateClient(int maxConnections = 64)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new HarnessException($"Herald exited with code {_process.ExitCode} before /healthz answered.\n{Output}");
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new HarnessException($"Herald did not answer /healthz within {timeout.TotalSeconds:0}s.\n{Output}");
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var rss = ProcStat.ReadStatusKb(_process.Id, "VmRSS");
                if (rss > Interlocked.Read(ref _peakRssKb)) Interlocked.Exchange(ref _peakRssKb, rss);
                await Task.Delay(150, _stop.Token);
            }
            catch (OperationCanceledException) { break; }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        await _sampler;
        _process.Dispose();
        _stop.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }


}

internal sealed class HarnessException(string message) : Exception(message);

/// <summary>/proc readers (Linux): resident memory and CPU time of a process.</summary>
internal static class ProcStat
{
    private const double ClockTicks = 100.0; // USER_HZ is 100 on every mainstream Linux build

    public static long ReadStatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
                var parts = line[(field.Length + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        catch (FormatException) { }
        return 0;
    }

    public static double CpuSeconds(int pid) => StatCpuSeconds($"/proc/{pid}/stat");

    /// <summary>
    /// CPU seconds of a server process and its children (PostgreSQL: the postmaster and its backends), counting
    /// children that have exited (the kernel adds a reaped child's time to its parent's cutime/cstime) as well as
    /// live ones, so a backend that ends between two readings is neither lost nor counted twice.
    /// </summary>
    public static double TreeCpuSeconds(int root)
    {
        var total = StatCpuSeconds($"/proc/{root}/stat", withChildren: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) || pid == root) continue;
            if (ParentOf(pid) == root) total += StatCpuSeconds(Path.Combine(dir, "stat"), withChildren: true);
        }
        return total;
    }

    /// <summary>The parent pid of <paramref name="pid"/> (field 4 of /proc/pid/stat), or 0 when it is gone.</summary>
    public static int ParentOf(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    /// <summary>CPU seconds the whole machine has been busy (all cores: user, nice, system, irq, softirq, steal; /proc/stat).</summary>
    public static double MachineBusySeconds()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(x => long.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal ...
            return (f[0] + f[1] + f[2] + f[5] + f[6] + (f.Length > 7 ? f[7] : 0)) / ClockTicks;
        }
        catch (IOException) { return 0; }
        catch (InvalidOperationException) { return 0; }
    }

    /// <summary>CPU seconds of the threads of <paramref name="pid"/> whose name (comm, 15 characters at most) starts with <paramref name="name"/>.</summary>
    public static double ThreadCpuSeconds(int pid, string name)
    {
        var total = 0.0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(name, StringComparison.Ordinal))
                        total += StatCpuSeconds(Path.Combine(task, "stat"));
                }
                catch (IOException) { } // the thread ended
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return total;
    }

    private static double StatCpuSeconds(string statPath, bool withChildren = false)
    {
        try
        {
            var text = File.ReadAllText(statPath);
            // Fields after the ")" closing the command name: state is field 3, utime 14, stime 15.
            var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var utime = long.Parse(rest[11], System.Globalization.CultureInfo.InvariantCulture);
            var stime = long.Parse(rest[12], System.Globalization.CultureInfo.InvariantCulture);
            if (!withChildren) return (utime + stime) / ClockTicks;
            // cutime 16, cstime 17: the reaped children's time.
            var children = long.Parse(rest[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(rest[14], System.Globalization.CultureInfo.InvariantCulture);
            return (utime + stime + children) / ClockTicks;
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }
}
