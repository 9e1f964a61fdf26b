using Herald.Testing;
using System.Diagnostics;
using System.Globalization;

namespace Herald.Bench;

/// <summary>Where the servers keep their state: SQLite (one node), or one PostgreSQL database shared by <see cref="Nodes"/> nodes.</summary>
/// <param name="Postmaster">The PostgreSQL server's postmaster pid (its CPU and its backends' are reported), when it runs on this machine.</param>
internal sealed record BenchStore(string Name, int Nodes, string? PostgresServer, int? Postmaster = null)
{
    public string Label => Nodes == 1 ? Name : $"{Name} x{Nodes}";
}

internal sealed partial class Scenarios(
    string dll, Receiver receiver, bool tiny, int? backlogOverride, IReadOnlyDictionary<string, string> overrides, string? pushSettings, BenchStore store)
{
    private string Store => store.Label;
    private const int Concurrency = 256; // Herald's default Herald:Delivery:Concurrency
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);
    private double? _loopbackBefore, _loopbackAfter;
    private double? _webhooksRate;
    private double? _postIngestRate;
    private int _run;
    /// <summary>The PostgreSQL database of the latest nodes started (null on SQLite).</summary>
    private string? _database;
    private string _warmUp = "";

    private int WebhookCount => tiny ? 500 : 100_000;

    private static double Seconds(long from, long to) => (double)(to - from) / Stopwatch.Frequency;
    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    private string Prefix(string name) => $"{name}{Interlocked.Increment(ref _run)}";

    /// <summary>
    /// CPU seconds used by the Herald nodes, this harness and the receiver process between construction and Stop
    /// (from /proc), as cores busy and, given the deliveries made, as Herald's CPU per delivery.
    /// </summary>
    private sealed class CpuSplit(Receiver receiver, int? postmaster, params HeraldServer[] servers)
    {
        private readonly double _server0 = servers.Sum(s => s.CpuSeconds), _self0 = ProcStat.CpuSeconds(Environment.ProcessId),
            _receiver0 = receiver.CpuSeconds, _postgres0 = postmaster is { } pm ? ProcStat.TreeCpuSeconds(pm) : 0;
        private readonly Stopwatch _wall = Stopwatch.StartNew();

        /// <summary>Herald's CPU seconds since construction (all nodes).</summary>
        public double HeraldSeconds => servers.Sum(x => x.CpuSeconds) - _server0;

        public string Stop(long deliveries = 0)
        {
            var wall = _wall.Elapsed.TotalSeconds;
            var herald = HeraldSeconds;
            var h = (ProcStat.CpuSeconds(Environment.ProcessId) - _self0) / wall;
            var r = (receiver.CpuSeconds - _receiver0) / wall;
            var pg = postmaster is { } pm ? ProcStat.TreeCpuSeconds(pm) - _postgres0 : (double?)null;
            var pgCores = pg is { } p ? string.Create(CultureInfo.InvariantCulture, $", PostgreSQL {p / wall:0.00}") : "";
            var perDelivery = deliveries <= 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; Herald {herald * 1e6 / deliveries:0} µs CPU per delivery") +
                (pg is { } q ? string.Create(CultureInfo.InvariantCulture, $", PostgreSQL {q * 1e6 / deliveries:0} µs") : "");
            return string.Create(CultureInfo.InvariantCulture,
                $"CPU cores busy: Herald {herald / wall:0.00}{pgCores}, harness {h:0.00}, receiver {r:0.00} of {Environment.ProcessorCount}{perDelivery}");
        }
    }

    private async Task<HeraldServer> StartServerAsync(Dictionary<string, string>? settings = null, string? dataDirectory = null)
    {
        var all = new Dictionary<string, string>(settings ?? []);
        if (store.PostgresServer is not null && !all.ContainsKey("ConnectionStrings:Herald"))
        {
            // A scenario of one node on PostgreSQL: a fresh database for this server.
            all["Herald:Storage:Provider"] = "Postgres";
            all["ConnectionStrings:Herald"] = await PostgresCluster.CreateDatabaseAsync(store.PostgresServer, "herald_bench");
        }
        foreach (var (k, v) in overrides) all[k] = v; // --set wins over the scenario's own settings
        var server = await HeraldServer.StartAsync(dll, all, dataDirectory);
        Progress.Line($"Herald pid {server.Pid} on {server.BaseAddress}");
        return server;
    }

    /// <summary>The nodes of one run: with PostgreSQL, a fresh database that every node of the run shares.</summary>
    private async Task<HeraldServer[]> StartNodesAsync(Dictionary<string, string>? settings)
    {
        if (store.PostgresServer is null) return [await StartServerAsync(settings)];
        var all = new Dictionary<string, string>(settings ?? [])
        {
            ["Herald:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Herald"] = _database = await PostgresCluster.CreateDatabaseAsync(store.PostgresServer, "herald_bench"),
        };
        var nodes = new HeraldServer[store.Nodes];
        nodes[0] = await StartServerAsync(all); // the first node migrates; the others find the schema current
        for (var i = 1; i < nodes.Length; i++) nodes[i] = await StartServerAsync(all);
        return nodes;
    }

    /// <summary>
    /// Creates the app and (optionally) one endpoint at the receiver, then warms the server up in rounds until the
    /// runtime's tiered JIT has settled (as the fanout scenario does, and for the same reason): each round ingests a
    /// batch load and a few hundred single-event POSTs (and, with the endpoint, waits for their delivery), and the
    /// rounds stop once the tiered-compilation thread used at most 20 ms CPU in one (at least 3, at most 25). With a
    /// fixed small warm-up the measured run itself paid for recompiling the hot paths: ingest varied 17,500-47,000/s
    /// between identical runs, and 68,000-93,000/s with tiering off.
    /// </summary>
    private async Task<HttpClient> PrepareAsync(HeraldServer server, string app, bool endpoint)
    {
        var client = server.CreateClient();
        await Api.CreateAppAsync(client, app);
        if (endpoint) await Api.CreateEndpointAsync(client, app, receiver.Url);
        int minRounds = tiny ? 1 : 3, maxRounds = tiny ? 1 : 25;
        var batch = tiny ? 100 : 2_000;
        var singles = tiny ? 20 : 300;
        var rounds = 0;
        double jitInRound;
        var clock = Stopwatch.StartNew();
        do
        {
            rounds++;
            var jit0 = server.TieredJitCpuSeconds;
            var prefix = Prefix("warm");
            var warm = endpoint ? receiver.Begin(batch + singles) : null;
            await Api.IngestBatchesAsync(client, app, prefix, batch, 2);
            var next = -1;
            async Task Single()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < singles)
                    await Api.PostAsync(client, $"/v1/apps/{app}/events", Api.Single(prefix + "s", i));
            }
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(Single)));
            if (warm is not null) await Api.WaitReceiptsAsync(warm, "warm-up", Stall, server);
            await Task.Delay(200); // tier-1 promotion runs after a short quiet delay
            jitInRound = server.TieredJitCpuSeconds - jit0;
        }
        while (rounds < minRounds || (jitInRound > 0.02 && rounds < maxRounds));
        _warmUp = string.Create(CultureInfo.InvariantCulture,
            $"warm-up {rounds} rounds in {clock.Elapsed.TotalSeconds:0.0}s, tiered JIT in the last {jitInRound * 1000:0} ms CPU");
        Progress.Line($"{app}: {_warmUp}");
        return client;
    }

    /// <summary>Webhooks to one endpoint from the batch API; deliveries/s from the first 202 to the last receipt.</summary>
    /// <param name="loopbackBefore">Measure the bracket's first half once the nodes are warm (it is returned as LoopBefore).</param>
    /// <param name="count">Events to deliver: <see cref="WebhookCount"/> when null.</param>
    private async Task<(double Rate, double PeakMb, string Cpu, ReceiptLog Log, double PostIngestRate, string Phases, double? LoopBefore)> DeliverAsync(
        string label, Dictionary<string, string>? settings, double failFirst, bool loopbackBefore = false, int? count = null)
    {
        var nodes = await StartNodesAsync(settings);
        var server = nodes[0];
        var clients = new List<HttpClient>();
        try
        {
            clients.Add(await PrepareAsync(server, "bench", endpoint: true));
            foreach (var other in nodes.Skip(1)) clients.Add(other.CreateClient());
            // The first half of the bracket around the measured run (the server idles meanwhile; the warm-up gave the receiver a body to copy).
            double? loopBefore = loopbackBefore ? await MeasureLoopbackAsync("before") : null;
            receiver.FailFirstAttempts = failFirst;
            var n = count ?? WebhookCount;
            var log = receiver.Begin(n);
            var transactions0 = await PostgresTransactionsAsync();
            var profile = await Profile.StartAsync(server.Pid, $"{label}-{Store}{(nodes.Length > 1 ? $"-{nodes.Length}-nodes" : "")}");
            var cpu = new CpuSplit(receiver, store.Postmaster, nodes);
            // Ingest is spread over the nodes (each takes its share of the batches), as a load balancer would.
            var prefix = Prefix(label);
            var shares = clients.Select((c, i) => Api.IngestBatchesAsync(c, "bench", $"{prefix}n{i}", n / clients.Count + (i == 0 ? n % clients.Count : 0), 3)).ToList();
            await Api.WaitReceiptsAsync(log, label, Stall, server);
            var all = await Task.WhenAll(shares);
            var times = new Api.IngestTimes(all.Min(t => t.Start), all.Min(t => t.First202), all.Max(t => t.Last202));
            var cpuText = cpu.Stop(n);
            if (profile is not null) await profile.DisposeAsync();
            if (transactions0 is { } t0 && await PostgresTransactionsAsync(settle: true) is { } t1)
                cpuText += string.Create(CultureInfo.InvariantCulture, $"; PostgreSQL {(double)(t1 - t0) / n:0.00} transactions per delivery (ingest included)");
            var rate = n / Seconds(times.First202, log.CompletedAt);
            // Split the run at the last 202: deliveries while ingest was still running, and after it.
            var duringIngest = log.FirstArrival.Values.Count(t => t <= times.Last202);
            var ingestWindow = Seconds(times.First202, times.Last202);
            var after = (n - duringIngest) / Seconds(times.Last202, log.CompletedAt);
            var phases = ingestWindow < 0.5
                ? "ingest too short to split"
                : string.Create(CultureInfo.InvariantCulture,
                    $"while ingest ran ({Seconds(times.Start, times.Last202):0.0}s): {duringIngest:#,0} delivered = {duringIngest / ingestWindow:#,0}/s; after: {after:#,0}/s");
            Progress.Line($"{label}: {n:#,0} first attempts in {Seconds(times.First202, log.CompletedAt):0.00}s = {rate:#,0}/s; {phases}; {cpuText}");
            return (rate, nodes.Max(x => Mb(x.PeakRssBytes)), cpuText, log, after, phases, loopBefore);
        }
        finally
        {
            receiver.FailFirstAttempts = 0;
            foreach (var c in clients) c.Dispose();
            foreach (var x in nodes) await x.DisposeAsync();
        }
    }

    /// <summary>
    /// Transactions committed or rolled back in the run's PostgreSQL database so far (pg_stat_database), or null on
    /// SQLite. A backend reports its counts within a second of going idle, hence the pause before the closing reading.
    /// </summary>
    private async Task<long?> PostgresTransactionsAsync(bool settle = false)
    {
        if (_database is null || store.PostgresServer is null) return null;
        if (settle) await Task.Delay(1500);
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The loopback limit: the mean of a measurement just before the webhooks run and one just after it. This VM's
    /// speed drifts by up to a third within a minute (neighbours on the host), so a single measurement taken after the
    /// run made the ratio swing 43-63 % between identical runs; the bracket averages over that drift, and both halves
    /// are reported.
    /// </summary>
    private async Task<double> LoopbackAsync()
    {
        _loopbackAfter ??= await MeasureLoopbackAsync("after");
        return Loopback!.Value;
    }

    /// <summary>The loopback limit once measured (the bracket's mean, or the one measurement after), else null.</summary>
    private double? Loopback => _loopbackAfter is { } after ? (_loopbackBefore is { } before ? (before + after) / 2 : after) : null;

    private string LoopbackNote => _loopbackBefore is { } b && _loopbackAfter is { } a ? BracketNote(b, a) : "";

    private static string BracketNote(double before, double after) => string.Create(CultureInfo.InvariantCulture,
        $"loopback limit {before:#,0}/s before the run and {after:#,0}/s after it, mean {(before + after) / 2:#,0}/s");

    /// <summary>
    /// wrk (<see cref="Wrk"/>) posting Herald's webhook body and headers to the receiver process on as many
    /// connections as Herald's delivery concurrency: a short warm-up run (connections, the receiver's JIT), then the
    /// measured one.
    /// </summary>
    private async Task<double> MeasureLoopbackAsync(string when)
    {
        var body = receiver.SampleBody ?? Api.Single("loopback", 0);
        Dictionary<string, string> headers;
        lock (receiver.SampleHeaders) headers = new(receiver.SampleHeaders);
        await Wrk.MeasureAsync(receiver.LoopUrl, body, headers, Concurrency, seconds: tiny ? 1 : 2);
        var seconds = tiny ? 1 : 5;
        var before = receiver.LoopCount;
        var rate = await Wrk.MeasureAsync(receiver.LoopUrl, body, headers, Concurrency, seconds);
        Progress.Line($"loopback limit ({when}): wrk, {receiver.LoopCount - before:#,0} POSTs ({body.Length} B body, {headers.Count} webhook headers) on {Concurrency} connections for {seconds}s = {rate:#,0}/s");
        return rate;
    }

    private async Task<double> WebhooksBaselineAsync()
    {
        if (_webhooksRate is { } r) return r;
        Progress.Line("(running the clean webhooks scenario as the baseline)");
        await WebhooksAsync();
        return _webhooksRate!.Value;
    }

    public async Task<IReadOnlyList<Row>> WebhooksAsync()
    {
        var (rate, peak, cpu, _, after, phases, before) = await DeliverAsync("webhooks", null, 0, loopbackBefore: Loopback is null);
        if (before is not null) _loopbackBefore = before;
        _webhooksRate = rate;
        _postIngestRate = after;
        var loop = await LoopbackAsync();
        var ratio = rate / loop;
        var n = WebhookCount;
        return
        [
            new("webhooks", Store, "deliveries/s", rate, "/s", loop, ratio, ">= 50 % of loopback", ratio >= 0.5, peak,
                $"{n:#,0} events, 1 endpoint, batch API x3 parallel{(store.Nodes > 1 ? $" per node, {store.Nodes} nodes on one database" : "")}; first 202 to last receipt; {LoopbackNote}; {phases}; {cpu}; {_warmUp}"),
            new("webhooks", Store, "server peak RSS", peak, "MB", null, null, "<= 250 MB", peak <= 250, peak, $"whole server lifetime incl. warm-up ({n:#,0} events)"),
        ];
    }

    /// <summary>
    /// The webhooks scenario at 50,000 events, with a loopback bracket of its own: a shorter run is where a fixed
    /// cost (the first claims, the queue filling, the last stragglers) weighs most, so the issue asks for both sizes.
    /// </summary>
    public async Task<IReadOnlyList<Row>> Webhooks50kAsync()
    {
        var n = tiny ? 250 : 50_000;
        var (rate, peak, cpu, _, _, phases, before) = await DeliverAsync("webhooks-50k", null, 0, loopbackBefore: true, count: n);
        var after = await MeasureLoopbackAsync("after");
        var loop = (before!.Value + after) / 2;
        var ratio = rate / loop;
        return
        [
            new("webhooks-50k", Store, "deliveries/s", rate, "/s", loop, ratio, ">= 50 % of loopback", ratio >= 0.5, peak,
                $"{n:#,0} events, 1 endpoint, batch API x3 parallel; first 202 to last receipt; {BracketNote(before.Value, after)}; {phases}; {cpu}; {_warmUp}"),
        ];
    }

    public async Task<IReadOnlyList<Row>> RetryStormAsync()
    {
        var baseline = await WebhooksBaselineAsync();
        var settings = new Dictionary<string, string>
        {
            ["Herald:Delivery:RetrySchedule"] = "0s,1s,2s,5s,10s",
            ["Herald:Delivery:RetryJitter"] = "0",
        };
        var (rate, peak, cpu, log, _, phases, _) = await DeliverAsync("retry-storm", settings, 0.10);
        var ratio = rate / baseline;
        return
        [
            new("retry-storm", Store, "first attempts/s", rate, "/s", null, ratio, ">= 80 % of clean webhooks", ratio >= 0.8, peak,
                $"{log.Expected:#,0} events, {log.AnsweredFailure:#,0} first attempts answered 500, {log.Requests - log.Distinct:#,0} retries seen by then; retry schedule 0s,1s,2s,5s,10s; ratio vs clean {baseline:#,0}/s; {phases}; {cpu}"),
        ];
    }

    public async Task<IReadOnlyList<Row>> IngestAsync()
    {
        await using var server = await StartServerAsync();
        using var client = await PrepareAsync(server, "bench", endpoint: false);
        var n = tiny ? 2_000 : 100_000;
        var done = 0;
        var cpu = new CpuSplit(receiver, store.Postmaster, server);
        Api.IngestTimes times;
        await using (Progress.Every(() => $"ingest: {Volatile.Read(ref done):#,0}/{n:#,0} accepted"))
            times = await Api.IngestBatchesAsync(client, "bench", Prefix("ingest"), n, 3, d => Volatile.Write(ref done, d));
        var cpuText = cpu.Stop();
        var rate = n / Seconds(times.Start, times.Last202);
        Progress.Line($"ingest: {n:#,0} in {Seconds(times.Start, times.Last202):0.00}s = {rate:#,0}/s; {cpuText}");
        return
        [
            new("ingest", Store, "events accepted/s", rate, "/s", null, null, ">= 50,000/s", rate >= 50_000, Mb(server.PeakRssBytes),
                $"{n:#,0} events, batch API (1000/call, 3 calls in parallel), no endpoints, durable at 202 (SQLite WAL, synchronous=Normal); {cpuText}; {_warmUp}"),
        ];
    }

    public async Task<IReadOnlyList<Row>> IngestSingleAsync()
    {
        await using var server = await StartServerAsync();
        using var client = await PrepareAsync(server, "bench", endpoint: false);
        var n = tiny ? 300 : 20_000;
        const int clients = 32;
        var prefix = Prefix("single");
        var next = -1;
        var done = 0;
        var cpu = new CpuSplit(receiver, store.Postmaster, server);
        var sw = Stopwatch.StartNew();
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                await Api.PostAsync(client, "/v1/apps/bench/events", Api.Single(prefix, i));
                Interlocked.Increment(ref done);
            }
        }
        await using (Progress.Every(() => $"ingest-single: {Volatile.Read(ref done):#,0}/{n:#,0} accepted"))
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(Worker)));
        var seconds = sw.Elapsed.TotalSeconds;
        var cpuText = cpu.Stop();
        var rate = n / seconds;
        Progress.Line($"ingest-single: {n:#,0} in {seconds:0.00}s = {rate:#,0}/s; {cpuText}");
        return
        [
            new("ingest-single", Store, "events accepted/s", rate, "/s", null, null, ">= 5,000/s", rate >= 5_000, Mb(server.PeakRssBytes),
                $"{n:#,0} events, one per call, {clients} concurrent clients, no endpoints; {cpuText}; {_warmUp}"),
        ];
    }

    public async Task<IReadOnlyList<Row>> LatencyAsync()
    {
        await using var server = await StartServerAsync();
        using var client = await PrepareAsync(server, "bench", endpoint: true);
        const int perSecond = 1000;
        var seconds = tiny ? 2 : 30;
        var n = perSecond * seconds;
        var prefix = Prefix("latency");
        var sentAt = new long[n];
        var acceptedAt = new long[n];
        var log = receiver.Begin(n);
        var cpu = new CpuSplit(receiver, store.Postmaster, server);
        var sends = new List<Task>(n);
        async Task PostTimed(int i, byte[] body)
        {
            await Api.PostAsync(client, "/v1/apps/bench/events", body);
            acceptedAt[i] = Stopwatch.GetTimestamp();
        }
        var start = Stopwatch.GetTimestamp();
        var issued = 0;
        await using (Progress.Every(() => $"latency: {issued:#,0}/{n:#,0} sent, {log.Distinct:#,0} received"))
        {
            while (issued < n)
            {
                var due = Math.Min(n, (int)(Seconds(start, Stopwatch.GetTimestamp()) * perSecond) + 1);
                while (issued < due)
                {
                    var i = issued++;
                    var body = Api.Single(prefix, i);
                    sentAt[i] = Stopwatch.GetTimestamp();
                    sends.Add(PostTimed(i, body));
                }
                await Task.Delay(1);
            }
            await Task.WhenAll(sends);
        }
        var sendSeconds = Seconds(start, Stopwatch.GetTimestamp());
        await Api.WaitReceiptsAsync(log, "latency", Stall, server);
        var cpuText = cpu.Stop(n);
        var ms = new double[n];
        for (var i = 0; i < n; i++) ms[i] = Seconds(sentAt[i], log.FirstArrival[Api.EventId(prefix, i)]) * 1000;
        var ack = new double[n];
        var dispatch = new double[n];
        for (var i = 0; i < n; i++)
        {
            ack[i] = Seconds(sentAt[i], acceptedAt[i]) * 1000;
            dispatch[i] = Seconds(acceptedAt[i], log.FirstArrival[Api.EventId(prefix, i)]) * 1000;
        }
        Array.Sort(ms);
        Array.Sort(ack);
        Array.Sort(dispatch);
        double Q(double[] a, double q) => a[Math.Min(n - 1, (int)Math.Ceiling(q * n) - 1)];
        double P(double q) => Q(ms, q);
        var p50 = P(0.50);
        var p99 = P(0.99);
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"{n:#,0} single-event POSTs paced at {perSecond}/s ({n / sendSeconds:#,0}/s achieved); POST start to receiver arrival; p90 {P(0.90):0.0} ms, max {ms[^1]:0.0} ms; split: POST to 202 p50 {Q(ack, 0.5):0.0} / p99 {Q(ack, 0.99):0.0} ms, 202 to arrival p50 {Q(dispatch, 0.5):0.0} / p99 {Q(dispatch, 0.99):0.0} ms (can be < 0: a webhook may arrive before the client sees its 202); {cpuText}");
        var peak = Mb(server.PeakRssBytes);
        Progress.Line($"latency: p50 {p50:0.00} ms, p99 {p99:0.00} ms; {notes}");
        return
        [
            new("latency", Store, "p50 ingest-to-receiver", p50, "ms", null, null, "<= 5 ms", p50 <= 5, peak, notes),
            new("latency", Store, "p99 ingest-to-receiver", p99, "ms", null, null, "<= 25 ms", p99 <= 25, peak, ""),
        ];
    }

    /// <summary>
    /// Backlog: the receiver holds every webhook (Herald's 256 sends stay in flight) while the whole backlog is
    /// ingested, so all the rest sits in the queue as due jobs. Then the receiver is released and the delivery
    /// rate is measured over a window in the middle of the backlog, with most of it still queued.
    /// </summary>
    public async Task<IReadOnlyList<Row>> BacklogAsync()
    {
        await WebhooksBaselineAsync();
        var baseline = _postIngestRate!.Value;
        var n = backlogOverride ?? (tiny ? 5_000 : 1_000_000);
        var skip = Math.Max(Concurrency * 2, n / 50);
        var window = tiny ? n / 2 : Math.Min(100_000, n / 2);
        await using var server = await StartServerAsync(new Dictionary<string, string> { ["Herald:Delivery:WebhookTimeout"] = "30m" });
        using var client = await PrepareAsync(server, "bench", endpoint: true);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Gate = gate;
        try
        {
            var log = receiver.Begin(n);
            var done = 0;
            Api.IngestTimes times;
            await using (Progress.Every(() => $"backlog ingest: {Volatile.Read(ref done):#,0}/{n:#,0} accepted (receiver holding {log.Distinct:#,0})"))
                times = await Api.IngestBatchesAsync(client, "bench", Prefix("backlog"), n, 3, d => Volatile.Write(ref done, d));
            var ingestSeconds = Seconds(times.Start, times.Last202);
            Progress.Line($"backlog: {n:#,0} queued in {ingestSeconds:0.0}s ({n / ingestSeconds:#,0}/s); releasing the receiver");
            receiver.Gate = null;
            gate.TrySetResult();

            var cpu = new CpuSplit(receiver, store.Postmaster, server);
            var (t1, c1) = await WaitCountAsync(log, skip, server);
            var (t2, c2) = await WaitCountAsync(log, skip + window, server);
            var cpuText = cpu.Stop(c2);
            var rate = (c2 - c1) / Seconds(t1, t2);
            var ratio = rate / baseline;
            Progress.Line($"backlog: {c2 - c1:#,0} deliveries in {Seconds(t1, t2):0.00}s = {rate:#,0}/s with {n - c2:#,0}..{n - c1:#,0} still queued; {cpuText}");
            var sized = n == 1_000_000 || tiny ? "" : " (reduced from 1,000,000 to fit the run time)";
            return
            [
                new("backlog", Store, "deliveries/s, big queue", rate, "/s", null, ratio, ">= 80 % of small-queue rate", ratio >= 0.8, Mb(server.PeakRssBytes),
                    $"{n:#,0} due jobs queued{sized} (ingested in {ingestSeconds:0}s while the receiver held all sends); rate over receipts {c1:#,0}..{c2:#,0}, {n - c2:#,0}+ still queued; ratio vs the clean webhooks run's delivery rate after its ingest ended ({baseline:#,0}/s, queue <= {WebhookCount:#,0} and draining; whole clean run {_webhooksRate:#,0}/s); {cpuText}"),
            ];
        }
        finally
        {
            receiver.Gate = null;
            gate.TrySetResult();
        }
    }

    private static async Task<(long At, int Count)> WaitCountAsync(ReceiptLog log, int target, HeraldServer server)
    {
        var lastCount = -1;
        var lastProgress = Stopwatch.StartNew();
        var tick = Stopwatch.StartNew();
        while (true)
        {
            var count = log.Distinct;
            if (count >= target) return (Stopwatch.GetTimestamp(), count);
            if (count != lastCount) { lastCount = count; lastProgress.Restart(); }
            if (tick.ElapsedMilliseconds >= 1000)
            {
                tick.Restart();
                Progress.Line($"backlog: {count:#,0}/{log.Expected:#,0} received");
            }
            if (server.HasExited) throw new HarnessException($"Herald exited during backlog.\n{server.Output}");
            if (lastProgress.Elapsed > Stall) throw new HarnessException($"backlog: receipts stalled at {count:#,0}/{log.Expected:#,0}.\n{server.Output}");
            await Task.Delay(5);
        }
    }
}
