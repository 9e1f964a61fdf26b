using Herald.Client;
using Herald.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Herald.Bench;

internal sealed class Options
{
    public List<string> Scenarios { get; } = [];
    public string Store { get; set; } = "sqlite";
    public int Nodes { get; set; } = 1;
    public bool Tiny { get; set; }
    public string JsonPath { get; set; } = "";
    public int? Backlog { get; set; }
    public bool SkipBuild { get; set; }
    /// <summary>--minutes N: how long the soak runs (default 20; tiny 1).</summary>
    public int? SoakMinutes { get; set; }
    /// <summary>--push-settings JSON: PUT to the fanout app's /push/settings before the run (diagnosis).</summary>
    public string? PushSettings { get; set; }
    /// <summary>--set Key=Value: extra Herald configuration for every server started (diagnosis).</summary>
    public Dictionary<string, string> Settings { get; } = [];
}

internal static class BenchRunner
{
    public static readonly string[] Buildable = ["webhooks", "webhooks-50k", "ingest", "ingest-single", "latency", "retry-storm", "backlog", "fanout", "fanout-100k", "apns", "monitoring", "retention-sweep"];
    public static readonly string[] NotBuilt = [];
    /// <summary>Scenarios run only when named: rolling-restart needs two PostgreSQL nodes, soak takes 20 minutes.</summary>
    public static readonly string[] OnlyWhenNamed = ["rolling-restart", "soak"];

    /// <summary>The argument that makes this binary the receiver process (<see cref="ReceiverProcess"/>).</summary>
    public const string ReceiverCommand = "receiver";

    public static async Task<int> MainAsync(string[] args)
    {
        if (args is [ReceiverCommand]) return await ReceiverProcess.RunAsync();
        if (args is ["profile-report", var speedscope]) // a --trace profile again, e.g. after changing Profile's summary
        {
            Console.Write(Profile.Summarize(speedscope, Path.GetFileNameWithoutExtension(speedscope)));
            return 0;
        }
        Options o;
        try { o = Parse(args); }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync("usage: dotnet run -c Release --project bench/Herald.Bench -- [scenario...] [--store sqlite|postgres] [--nodes 1|2 (postgres)] [--size tiny|full] [--json out.json] [--backlog N] [--minutes N (soak)] [--set Herald:Key=Value] [--push-settings JSON] [--trace DIR (an EventPipe profile of each measured phase)] [--no-build]");
            await Console.Error.WriteLineAsync("scenarios: " + string.Join(", ", [.. Buildable, .. OnlyWhenNamed]) + (NotBuilt.Length == 0 ? "" : " (not built yet: " + string.Join(", ", NotBuilt) + ")"));
            return 2;
        }
        o.Store = o.Store.ToLowerInvariant();
        if (o.Store is not ("sqlite" or "postgres"))
        {
            await Console.Error.WriteLineAsync($"--store {o.Store}: use sqlite or postgres");
            return 2;
        }
        if (o.Nodes < 1 || (o.Nodes > 1 && o.Store != "postgres"))
        {
            await Console.Error.WriteLineAsync($"--nodes {o.Nodes}: several nodes need a shared store (--store postgres); sqlite runs one node");
            return 2;
        }
        if (o.Nodes > 1 && o.Scenarios.Any(s => s is not ("webhooks" or "rolling-restart")))
        {
            await Console.Error.WriteLineAsync($"--nodes {o.Nodes} applies to the webhooks and rolling-restart scenarios; run the others with one node");
            return 2;
        }
        if (o.Scenarios.Contains("rolling-restart") && (o.Store != "postgres" || o.Nodes < 2))
        {
            await Console.Error.WriteLineAsync("rolling-restart restarts one node while the others work: run it with --store postgres --nodes 2");
            return 2;
        }

        var repo = FindRepoRoot();
        if (o.JsonPath.Length == 0) o.JsonPath = Path.Combine(repo, "bench", "results", "latest.json");
        var started = DateTimeOffset.UtcNow;
        var wall = Stopwatch.StartNew();
        var machine = Report.DescribeMachine(repo);
        Console.WriteLine($"Herald bench: {machine.Cores} cores, {machine.MemoryMb:#,0} MB, {machine.Cpu}; commit {machine.Commit}; size {(o.Tiny ? "tiny" : "full")}");

        var rows = new List<Row>();
        PostgresCluster? cluster = null;
        try
        {
            var dll = await BuildAsync(repo, o.SkipBuild);
            await using var receiver = await Receiver.StartAsync();
            string? postgres = null;
            int? postmaster = null;
            if (o.Store == "postgres")
            {
                // Like the tests: a throwaway cluster of the Debian server, unless HERALD_TEST_POSTGRES names one.
                postgres = Environment.GetEnvironmentVariable(PostgresCluster.EnvironmentVariable);
                if (string.IsNullOrWhiteSpace(postgres))
                {
                    cluster = await PostgresCluster.StartAsync();
                    postgres = cluster.ConnectionString;
                }
                postmaster = await PostmasterAsync(postgres);
                Console.WriteLine($"PostgreSQL: {new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Password = null }}; {o.Nodes} Herald node(s); " +
                    (postmaster is { } pm ? $"postmaster pid {pm} (its CPU is reported)" : "not on this machine (its CPU is not reported)"));
            }
            var s = new Scenarios(dll, receiver, o.Tiny, o.Backlog, o.Settings, o.PushSettings, new BenchStore(o.Store, o.Nodes, postgres, postmaster)) { SoakMinutes = o.SoakMinutes };
            var wanted = o.Scenarios.Count == 0 ? (o.Nodes > 1 ? ["webhooks"] : [.. Buildable, .. NotBuilt]) : o.Scenarios;
            foreach (var name in wanted)
            {
                Console.WriteLine($"--- {name} ---");
                var sw = Stopwatch.StartNew();
                rows.AddRange(name switch
                {
                    "webhooks" => await s.WebhooksAsync(),
                    "webhooks-50k" => await s.Webhooks50kAsync(),
                    "ingest" => await s.IngestAsync(),
                    "ingest-single" => await s.IngestSingleAsync(),
                    "latency" => await s.LatencyAsync(),
                    "retry-storm" => await s.RetryStormAsync(),
                    "backlog" => await s.BacklogAsync(),
                    "fanout" => await s.FanoutAsync(),
                    "fanout-100k" => await s.Fanout100kAsync(),
                    "apns" => await s.ApnsAsync(),
                    "monitoring" => await s.MonitoringAsync(),
                    "rolling-restart" => await s.RollingRestartAsync(),
                    "retention-sweep" => await s.RetentionSweepAsync(),
                    "soak" => await s.SoakAsync(),
                    _ => throw new InvalidOperationException(name),
                });
                Console.WriteLine($"--- {name} done in {sw.Elapsed.TotalSeconds:0.0}s ---");
            }
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"HARNESS FAILED: {(ex is HarnessException ? ex.Message : ex.ToString())}");
            Finish(o, args, started, wall, machine, rows);
            return 1;
        }
        finally
        {
            if (cluster is not null) await cluster.DisposeAsync();
        }
        Finish(o, args, started, wall, machine, rows);
        return 0;
    }

    private static void Finish(Options o, string[] args, DateTimeOffset started, Stopwatch wall, Machine machine, List<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"machine: {machine.Cores} cores, {machine.MemoryMb:#,0} MB RAM, {machine.Cpu}, {machine.Os}; commit {machine.Commit}; size {(o.Tiny ? "tiny" : "full")}; wall {wall.Elapsed.TotalSeconds:0}s");
        Console.Write(Report.Table(rows));
        if (o.Tiny) Console.WriteLine("(tiny: smoke test of the harness; targets are reported, not enforced, and tiny sizes say little about throughput)");
        var command = "dotnet run -c Release --project bench/Herald.Bench --" + (args.Length == 0 ? "" : " " + string.Join(' ', args));
        Report.WriteJson(o.JsonPath, new ReportDocument(command, o.Tiny ? "tiny" : "full", o.Store, o.Nodes, started, Math.Round(wall.Elapsed.TotalSeconds, 1), machine, rows));
        Console.WriteLine($"JSON: {o.JsonPath}");
    }

    private static Row NotBuiltRow(string scenario, string why) =>
        new(scenario, "-", "not built", null, "", null, null, "-", null, null, why);

    private static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--store": o.Store = Next(); break;
                case "--nodes": o.Nodes = int.TryParse(Next(), CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException("--nodes takes a number"); break;
                case "--size":
                    o.Tiny = Next() switch { "tiny" => true, "full" => false, var v => throw new ArgumentException($"--size {v}: use tiny or full") };
                    break;
                case "--json": o.JsonPath = Next(); break;
                case "--backlog": o.Backlog = int.TryParse(Next(), CultureInfo.InvariantCulture, out var b) && b > 0 ? b : throw new ArgumentException("--backlog takes a positive number"); break;
                case "--no-build": o.SkipBuild = true; break;
                case "--minutes": o.SoakMinutes = int.TryParse(Next(), CultureInfo.InvariantCulture, out var m) && m > 0 ? m : throw new ArgumentException("--minutes takes a positive number"); break;
                case "--push-settings": o.PushSettings = Next(); break;
                case "--trace": Profile.Directory = Path.GetFullPath(Next()); break;
                case "--set":
                    var kv = Next().Split('=', 2);
                    if (kv.Length != 2) throw new ArgumentException("--set takes Key=Value, e.g. --set Herald:Delivery:ClaimBatchSize=512");
                    o.Settings[kv[0]] = kv[1];
                    break;
                case var s when s.StartsWith("--", StringComparison.Ordinal): throw new ArgumentException($"unknown option {s}");
                case var s when Buildable.Contains(s) || NotBuilt.Contains(s) || OnlyWhenNamed.Contains(s): o.Scenarios.Add(s); break;
                default: throw new ArgumentException($"unknown scenario {args[i]}");
            }
        }
        return o;
    }

    private static async Task<string> BuildAsync(string repo, bool skip)
    {
        var dll = Path.Combine(repo, "src", "Herald", "bin", "Release", "net10.0", "Herald.dll");
        if (!skip)
        {
            Console.WriteLine("building src/Herald (Release)...");
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in (string[])["build", "src/Herald/Herald.csproj", "-c", "Release", "-nologo", "-v", "q", "-clp:NoSummary"]) info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) throw new HarnessException($"dotnet build src/Herald -c Release failed:\n{await stdout}\n{await stderr}");
        }
        if (!File.Exists(dll)) throw new HarnessException($"{dll} is missing after the build");
        return dll;
    }

    /// <summary>The postmaster of the server <paramref name="connectionString"/> names: the parent of this connection's backend, if that runs here.</summary>
    private static async Task<int?> PostmasterAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        var parent = ProcStat.ParentOf(backend);
        // In another pid namespace (a container) the pid means something else here: trust it only if it is a postgres.
        return parent > 1 && File.Exists($"/proc/{parent}/comm") && File.ReadAllText($"/proc/{parent}/comm").Trim() == "postgres" ? parent : null;
    }

    internal static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx"))) return dir.FullName;
        throw new HarnessException("No Herald.slnx above the current directory.");
    }
}

/// <summary>Posting events, creating apps and endpoints, waiting for receipts with progress lines.</summary>
internal static class Api
{
    public const string EventType = "message.created";

    /// <summary>
    /// The .NET client over the harness's HttpClient (which carries the address and the root key). No retries: a 429
    /// or 503 during a measured run must fail it loudly, as it did before the client, not stretch it quietly.
    /// </summary>
    public static HeraldClient Client(HttpClient client) => new(client, new HeraldClientOptions { MaxRetryAttempts = 0 });

    public static async Task CreateAppAsync(HttpClient client, string app)
    {
        try { await Client(client).CreateAppAsync(new CreateAppRequest { Id = app, Name = "Bench " + app }); }
        catch (HeraldApiException e) { throw new HarnessException($"create app: {e.Message}"); }
    }

    public static async Task CreateEndpointAsync(HttpClient client, string app, Uri url)
    {
        try { await Client(client).CreateEndpointAsync(app, new EndpointRequest { Url = url.ToString() }); }
        catch (HeraldApiException e) { throw new HarnessException($"create endpoint: {e.Message}"); }
    }

    public static string EventId(string prefix, int i) => $"{prefix}-{i:D7}";

    public static void WriteEvent(Utf8JsonWriter w, string prefix, int i)
    {
        w.WriteStartObject();
        w.WriteString("id", EventId(prefix, i));
        w.WriteString("type", EventType);
        w.WriteStartObject("sender");
        w.WriteString("uid", "bench-user-" + (i % 100).ToString(CultureInfo.InvariantCulture));
        w.WriteString("name", "Bench User");
        w.WriteEndObject();
        w.WriteStartObject("data");
        w.WriteString("text", "hello from the Herald benchmark, message " + i.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The event <see cref="WriteEvent"/> writes, as the client's typed record (the same JSON fields and values).</summary>
    public static MessageCreated Event(string prefix, int i) => new()
    {
        Id = EventId(prefix, i),
        Sender = new EventSender("bench-user-" + (i % 100).ToString(CultureInfo.InvariantCulture), "Bench User"),
        Data = new MessageData { Text = "hello from the Herald benchmark, message " + i.ToString(CultureInfo.InvariantCulture) },
    };

    public static byte[] Single(string prefix, int i)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer)) WriteEvent(w, prefix, i);
        return buffer.WrittenSpan.ToArray();
    }

    public static async Task PostAsync(HttpClient client, string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var r = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        if (r.StatusCode != HttpStatusCode.Accepted)
            throw new HarnessException($"POST {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    /// <summary>Timestamps of an ingest run through the batch API.</summary>
    internal sealed record IngestTimes(long Start, long First202, long Last202);

    /// <summary>N events in calls of 1000 (one batch request each, by the client's splitter), <paramref name="parallel"/> calls at a time.</summary>
    public static async Task<IngestTimes> IngestBatchesAsync(HttpClient client, string app, string prefix, int n, int parallel, Action<int>? accepted = null)
    {
        const int batchSize = 1000;
        var herald = Client(client);
        var batches = (n + batchSize - 1) / batchSize;
        var next = -1;
        long first202 = 0, last202 = 0;
        var done = 0;
        var start = Stopwatch.GetTimestamp();
        async Task Worker()
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                var from = b * batchSize;
                var count = Math.Min(batchSize, n - from);
                IngestResult result;
                try { result = await herald.IngestAsync(app, Enumerable.Range(from, count).Select(i => Event(prefix, i))); }
                catch (HeraldApiException e) { throw new HarnessException($"POST /v1/apps/{app}/events/batch: {e.Message}"); }
                if (result.Events.Count != count) throw new HarnessException($"batch of {count}: Herald answered for {result.Events.Count}");
                var now = Stopwatch.GetTimestamp();
                Interlocked.CompareExchange(ref first202, now, 0);
                long seen;
                while ((seen = Interlocked.Read(ref last202)) < now && Interlocked.CompareExchange(ref last202, now, seen) != seen) { }
                accepted?.Invoke(Interlocked.Add(ref done, Math.Min(batchSize, n - from)));
            }
        }
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(Worker)));
        return new IngestTimes(start, first202, last202);
    }

    /// <summary>Waits until every expected id arrived; fails when nothing new arrives for <paramref name="stall"/>.</summary>
    public static async Task WaitReceiptsAsync(ReceiptLog log, string label, TimeSpan stall, HeraldServer server)
    {
        var lastCount = -1;
        var lastProgress = Stopwatch.StartNew();
        var tick = Stopwatch.StartNew();
        while (!log.Complete.Task.IsCompleted)
        {
            await Task.WhenAny(log.Complete.Task, Task.Delay(200));
            var count = log.Distinct;
            if (count != lastCount) { lastCount = count; lastProgress.Restart(); }
            if (tick.ElapsedMilliseconds >= 1000)
            {
                tick.Restart();
                Progress.Line($"{label}: {count:#,0}/{log.Expected:#,0} received");
            }
            if (server.HasExited) throw new HarnessException($"Herald exited during {label} with {count}/{log.Expected} received.\n{server.Output}");
            if (lastProgress.Elapsed > stall && !log.Complete.Task.IsCompleted)
                throw new HarnessException($"{label}: receipts missing: {count:#,0}/{log.Expected:#,0} after {stall.TotalSeconds:0}s without progress.\n{server.Output}");
        }
    }
}

internal static class Progress
{
    public static void Line(string text) => Console.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {text}");

    /// <summary>Prints <paramref name="status"/> every second until disposed.</summary>
    public static IAsyncDisposable Every(Func<string> status)
    {
        var cts = new CancellationTokenSource();
        var task = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                try { await Task.Delay(1000, cts.Token); }
                catch (OperationCanceledException) { break; }
                Line(status());
            }
        });
        return new Stopper(cts, task);
    }

    private sealed class Stopper(CancellationTokenSource cts, Task task) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await cts.CancelAsync();
            await task;
            cts.Dispose();
        }
    }
}
