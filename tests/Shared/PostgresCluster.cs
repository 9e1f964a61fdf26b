using System.Diagnostics;
using Npgsql;

namespace Herald.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster from the Debian server binaries on this machine (no Docker):
/// <c>initdb</c> into a temp directory, <c>pg_ctl start</c> on a free loopback port with the unix
/// socket in that directory, trust authentication for the <c>postgres</c> role. initdb refuses to
/// run as root (and CI runs as root), so as root every server command runs as the <c>postgres</c> OS
/// user on a directory it owns. fsync is off: the tests kill Herald, never the machine, and a
/// <c>pg_ctl restart -m fast</c> is a clean shutdown, so nothing they check depends on it.
/// Linked as source into the test project and the benchmark.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Set (a connection string to a server whose role may CREATE DATABASE) to use that server instead of starting one.</summary>
    public const string EnvironmentVariable = "HERALD_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> Shared = new(StartSharedAsync);

    public string Root { get; }
    public string DataDirectory => Path.Combine(Root, "data");
    public string SocketDirectory => Path.Combine(Root, "sock");
    public int Port { get; }
    public string BinDirectory { get; }

    /// <summary>Connects over TCP to the maintenance database as the superuser.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=15";

    private PostgresCluster(string root, int port, string bin)
    {
        Root = root;
        Port = port;
        BinDirectory = bin;
    }

    /// <summary>
    /// The server every test of this process shares: <see cref="EnvironmentVariable"/> when set (test.sh
    /// starts one cluster for the whole run), else a cluster started on first use and stopped when the
    /// process exits.
    /// </summary>
    public static Task<string> SharedConnectionStringAsync() => Shared.Value;

    private static async Task<string> StartSharedAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var cluster = await StartAsync();
        // A test host gives ProcessExit little time, so the stop and the delete are handed to a
        // shell of their own that outlives it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopAndDeleteDetached();
        return cluster.ConnectionString;
    }

    /// <summary>A new, empty database on the server of <paramref name="serverConnectionString"/>; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string serverConnectionString, string prefix = "herald")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using (var c = new NpgsqlConnection(serverConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string databaseConnectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(databaseConnectionString);
        var name = b.Database!;
        NpgsqlConnection.ClearAllPools();
        b.Database = "postgres";
        b.Pooling = false;
        await using var c = new NpgsqlConnection(b.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinDirectory()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; install them (apt-get install -y postgresql) " +
                $"or set {EnvironmentVariable} to a connection string.");
        SweepLeftovers();
        var root = Path.Combine(Path.GetTempPath(), $"herald-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(root, "sock"));
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root]);
            await RunAsync("chmod", ["700", root]);
        }
        var cluster = new PostgresCluster(root, ServerLaunch.FreeLoopbackPort(), bin);
        try
        {
            await cluster.RunServerToolAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            await cluster.PgCtlAsync("start");
        }
        catch
        {
            cluster.StopAndDelete();
            throw;
        }
        return cluster;
    }

    /// <summary><c>pg_ctl restart -m fast</c>: every connection is closed, the server comes back on the same port.</summary>
    public Task RestartAsync() => PgCtlAsync("restart");

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port.</summary>
    public Task StartServerAsync() => PgCtlAsync("start");

    public Task StopAsync() => RunServerToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"]);

    private Task PgCtlAsync(string verb) => RunServerToolAsync("pg_ctl",
    [
        verb, "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "-l", Path.Combine(Root, "server.log"),
        "-o", $"-p {Port} -k {SocketDirectory} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off " +
              "-c synchronous_commit=off -c full_page_writes=off",
    ]);

    /// <summary>The server's log (for a failing test's output).</summary>
    public string Log => File.Exists(Path.Combine(Root, "server.log")) ? File.ReadAllText(Path.Combine(Root, "server.log")) : "";

    private void StopAndDelete()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                RunServerToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w"]).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException) { } // already down
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException ex) { Console.Error.WriteLine($"PostgresCluster: could not delete {Root}: {ex.Message}"); }
        catch (UnauthorizedAccessException ex) { Console.Error.WriteLine($"PostgresCluster: could not delete {Root}: {ex.Message}"); }
    }

    private void StopAndDeleteDetached()
    {
        var pgCtl = Path.Combine(BinDirectory, "pg_ctl");
        var stop = IsRoot ? $"runuser -u postgres -- {pgCtl}" : pgCtl;
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false, WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in (string[])["sh", "-c", $"{stop} stop -D '{DataDirectory}' -m immediate -w >/dev/null 2>&1; rm -rf '{Root}'"])
            info.ArgumentList.Add(a);
        try { Process.Start(info)?.Dispose(); }
        catch (System.ComponentModel.Win32Exception) { StopAndDelete(); }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Run(StopAndDelete);
    }

    /// <summary>
    /// A test host that exits quickly may stop its server but not finish deleting the directory:
    /// remove old directories whose server is no longer running (never a young one: it may be
    /// another process's cluster in the middle of initdb).
    /// </summary>
    private static void SweepLeftovers()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "herald-pg-*"))
        {
            try
            {
                if (File.Exists(Path.Combine(dir, "data", "postmaster.pid"))) continue;
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) < TimeSpan.FromMinutes(30)) continue;
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    public static string? FindBinDirectory()
    {
        const string baseDir = "/usr/lib/postgresql";
        if (!Directory.Exists(baseDir)) return null;
        return Directory.GetDirectories(baseDir)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
            .OrderByDescending(d => d.Version).Select(d => d.Dir).FirstOrDefault();
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunServerToolAsync(string tool, IReadOnlyList<string> args)
    {
        var exe = Path.Combine(BinDirectory, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args]) : RunAsync(exe, args);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        // pg_ctl's server inherits these pipes; reading to the end would wait for the server to exit.
        // Its output goes to the log file (-l), so only wait for the tool itself.
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(timeout.Token);
        if (p.ExitCode != 0)
        {
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(1000));
            var err = (stderr.IsCompleted ? stderr.Result : "") + (stdout.IsCompleted ? stdout.Result : "");
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {p.ExitCode}: {err}");
        }
    }
}
