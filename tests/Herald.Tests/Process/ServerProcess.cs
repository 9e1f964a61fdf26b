using Herald.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// The real Herald server as a child process: <c>dotnet src/Herald/bin/&lt;Configuration&gt;/net10.0/Herald.dll</c>
/// on a free loopback port, configured through environment variables, its stdout and stderr kept in
/// a buffer (write it to the test output on failure). <see cref="Kill"/> is SIGKILL on Linux: no
/// shutdown hooks, no flushing, exactly a crash.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly List<string> _lines = [];
    private readonly object _linesLock = new();
    private readonly long _startTimestamp;

    /// <summary>The folder holding Herald.slnx.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Debug or Release: whatever the test assembly itself was built as.</summary>
    public static string Configuration { get; } = DetectConfiguration();

    public static string ServerDirectory => Path.Combine(RepoRoot, "src", "Herald", "bin", Configuration, "net10.0");

    public string DataDirectory { get; }
    public string? AdminKey { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    /// <summary>
    /// Whether the process has exited; once it has, also that its stdout and stderr were read to their end, so
    /// <see cref="Output"/> holds every line (the readers run on their own and may still be behind the exit: on a
    /// loaded machine a test read an empty Output of a server that had exited with its message).
    /// </summary>
    public bool HasExited
    {
        get
        {
            if (!_process.HasExited) return false;
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // a give-up limit, not a measurement
            try { _process.WaitForExitAsync(giveUp.Token).GetAwaiter().GetResult(); }
            catch (OperationCanceledException) { } // a pipe still held open elsewhere: answer with what was read
            return true;
        }
    }
    /// <summary>After a kill on Linux: 137 (128 + SIGKILL).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Stopwatch timestamp taken immediately before the process was started.</summary>
    public long StartTimestamp => _startTimestamp;

    private ServerProcess(string dataDirectory, string? adminKey, IReadOnlyDictionary<string, string?>? settings, SingleBinary? binary = null)
    {
        DataDirectory = dataDirectory;
        AdminKey = adminKey;
        Port = ServerLaunch.FreeLoopbackPort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");

        var info = StartInfo(dataDirectory, adminKey, settings, ["--urls", BaseAddress.ToString().TrimEnd('/')], binary);
        _process = new System.Diagnostics.Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append("out", e.Data);
        _process.ErrorDataReceived += (_, e) => Append("err", e.Data);
        _startTimestamp = Stopwatch.GetTimestamp();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// <c>dotnet Herald.dll ARGS</c> (or the published single binary) with the environment the tests control: the data
    /// directory, the admin key and the settings as variables ("Herald:X:Y" becomes Herald__X__Y; a null value removes
    /// it), nothing inherited.
    /// </summary>
    private static ProcessStartInfo StartInfo(string dataDirectory, string? adminKey, IReadOnlyDictionary<string, string?>? settings,
        IEnumerable<string> arguments, SingleBinary? binary = null)
    {
        ProcessStartInfo info;
        if (binary is null)
        {
            var dll = Path.Combine(ServerDirectory, "Herald.dll");
            if (!File.Exists(dll))
                throw new FileNotFoundException($"The server is not built at {dll}; build the solution ({Configuration}) first.", dll);
            info = new ProcessStartInfo(ServerLaunch.DotnetHost()) { WorkingDirectory = ServerDirectory };
            info.ArgumentList.Add(dll);
        }
        else
        {
            info = new ProcessStartInfo(binary.Executable) { WorkingDirectory = binary.WorkingDirectory };
        }
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.StandardOutputEncoding = Encoding.UTF8;
        info.StandardErrorEncoding = Encoding.UTF8;
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        // Nothing inherited from the test run may configure the child behind the test's back.
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("Herald__", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) ||
                name is "ASPNETCORE_URLS" or "DOTNET_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS" or "DOTNET_HTTP_PORTS" ||
                name is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT")
                info.Environment.Remove(name);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["Herald__DataDirectory"] = dataDirectory;
        if (adminKey is not null) info.Environment["Herald__AdminKey"] = adminKey;
        info.Environment["Herald__Webhooks__AllowPrivateNetworks"] = "true";
        if (binary is not null)
        {
            // As on a machine without .NET: no dotnet on the PATH, nothing pointing at an install. (The apphost
            // could still find one in its default place, so the single-binary test reads /proc/<pid>/maps too.)
            info.Environment["PATH"] = binary.Path;
            foreach (var name in info.Environment.Keys.Where(n => n.StartsWith("DOTNET_ROOT", StringComparison.Ordinal) || n == "DOTNET_HOST_PATH").ToList())
                info.Environment.Remove(name);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            var name = key.Replace(":", "__", StringComparison.Ordinal);
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        return info;
    }

    /// <summary>
    /// Runs a command of the Herald executable (<c>backup --to DIR</c>) as an operator would, with the same
    /// environment a server gets, and waits for it to exit (a give-up limit, not a measurement).
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(
        string dataDirectory, IReadOnlyDictionary<string, string?>? settings, TimeSpan giveUpAfter, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(StartInfo(dataDirectory, null, settings, arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var giveUp = new CancellationTokenSource(giveUpAfter);
        try
        {
            await process.WaitForExitAsync(giveUp.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"herald {string.Join(' ', arguments)} did not exit within {giveUpAfter.TotalSeconds}s.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// Starts Herald on <paramref name="dataDirectory"/>. <paramref name="adminKey"/> null leaves
    /// Herald:AdminKey unset (Herald then generates one on a new data directory). Settings use
    /// configuration keys ("Herald:Delivery:LeaseDuration"); a null value removes the variable.
    /// </summary>
    public static ServerProcess Start(string dataDirectory, string? adminKey, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(dataDirectory, adminKey, settings);

    /// <summary>The published single binary: started from <paramref name="workingDirectory"/> with <paramref name="path"/> as its PATH.</summary>
    public sealed record SingleBinary(string Executable, string WorkingDirectory, string Path);

    public static ServerProcess Start(SingleBinary binary, string dataDirectory, string? adminKey, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(dataDirectory, adminKey, settings, binary);

    /// <summary>A new, not yet existing directory under the temp folder.</summary>
    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "herald-process-tests", Guid.NewGuid().ToString("N"));

    public static void DeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Everything the process wrote to stdout, one entry per line.</summary>
    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_linesLock)
                return _lines.Where(l => l.StartsWith("out ", StringComparison.Ordinal)).Select(l => l[4..]).ToList();
        }
    }

    /// <summary>stdout and stderr interleaved as received, each line tagged with its stream.</summary>
    public string Output
    {
        get
        {
            lock (_linesLock) return string.Join('\n', _lines);
        }
    }

    private void Append(string stream, string? line)
    {
        if (line is null) return;
        lock (_linesLock) _lines.Add($"{stream} {line}");
    }

    public HttpClient CreateClient(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Polls GET /healthz until it answers 200; fails early if the process exits.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Herald exited with code {_process.ExitCode} before it was healthy.\n{Output}");
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(20);
        }
        throw new TimeoutException($"Herald did not answer /healthz within {timeout.TotalSeconds}s.\n{Output}");
    }

    /// <summary>Waits until a stdout line satisfies <paramref name="match"/>; returns it, or null on timeout or exit.</summary>
    public async Task<string?> WaitForStdoutAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (StdoutLines.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited || Stopwatch.GetTimestamp() >= deadline) return StdoutLines.FirstOrDefault(match);
            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL (on Linux, Process.Kill is kill -9) the server and anything it started, then waits for it to be gone.</summary>
    /// <summary>SIGTERM, as a service manager or a rolling restart sends it; waits for the exit (a give-up limit, not a measurement).</summary>
    public bool Terminate(TimeSpan giveUpAfter)
    {
        if (!_process.HasExited && SendSignal(_process.Id, 15) != 0)
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        return _process.WaitForExit(giveUpAfter);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public void Kill()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // exited in between
        }
        _process.WaitForExit(10_000);
    }

    /// <summary>Writes the captured output to the test log (call it when a test fails).</summary>
    public void WriteOutputTo(ITestOutputHelper output, string label)
    {
        try
        {
            output.WriteLine($"----- {label}: Herald pid {ProcessId} on {BaseAddress}, exited: {_process.HasExited} -----");
            output.WriteLine(Output);
            output.WriteLine($"----- end of {label} -----");
        }
        catch (InvalidOperationException) { } // no test is active any more
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }



    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Herald.slnx above {AppContext.BaseDirectory}.");
    }

    private static string DetectConfiguration()
    {
        var parts = AppContext.BaseDirectory.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 2; i >= 0; i--)
            if (parts[i] == "bin" && parts[i + 1] is "Debug" or "Release") return parts[i + 1];
        throw new InvalidOperationException($"Cannot tell Debug from Release in {AppContext.BaseDirectory}.");
    }
}

/// <summary>The process tests start real servers and time them: they run alone, not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerProcessCollection
{
    public const string Name = "Herald server processes";
}
