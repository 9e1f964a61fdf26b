using Npgsql;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Herald.Bench;

internal sealed partial class Scenarios
{
    /// <summary>
    /// soak: a steady 2,000 events/s (batches of 10 every 5 ms) to one endpoint for 20 minutes (1 at --size tiny),
    /// with a 2-minute retention period swept every 30 s. Every 5 s the server's RSS and the database's size are
    /// sampled; every event's time from its POST to its arrival at the receiver is kept. Reports per minute: p50,
    /// p99 and max latency, RSS and database size, and writes the per-minute plot (SVG) beside the JSON.
    /// </summary>
    /// <summary>--minutes: the soak's length instead of 20 (1 at --size tiny).</summary>
    public int? SoakMinutes { get; init; }

    public async Task<IReadOnlyList<Row>> SoakAsync()
    {
        const int PerSecond = 2_000, BatchSize = 10;
        var minutes = SoakMinutes ?? (tiny ? 1 : 20);
        var settings = new Dictionary<string, string> { ["Herald:Retention:Period"] = "2m", ["Herald:Retention:SweepInterval"] = "30s" };
        string? postgres = null;
        if (store.PostgresServer is not null)
        {
            settings["Herald:Storage:Provider"] = "Postgres";
            settings["ConnectionStrings:Herald"] = postgres = await Herald.Testing.PostgresCluster.CreateDatabaseAsync(store.PostgresServer, "herald_bench");
        }
        await using var server = await StartServerAsync(settings);
        using var client = await PrepareAsync(server, "bench", endpoint: true);
        var herald = Api.Client(client);

        var n = PerSecond * 60 * minutes;
        var prefix = Prefix("soak");
        var sentAt = new long[n];
        var log = receiver.Begin(n);
        var samples = new List<(double At, double RssMb, double DbMb)>();
        var start = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var rss = ProcStat.ReadStatusKb(server.Pid, "VmRSS") / 1024.0;
                var db = await DatabaseMbAsync(server, postgres);
                lock (samples) samples.Add((Seconds(start, Stopwatch.GetTimestamp()), rss, db));
                try { await Task.Delay(5_000, stop.Token); } catch (OperationCanceledException) { }
            }
        });

        var posts = new List<Task>();
        var issued = 0;
        await using (Progress.Every(() => $"soak: {Seconds(start, Stopwatch.GetTimestamp()) / 60:0.0}/{minutes} min, {issued:#,0} sent, {log.Distinct:#,0} received"))
        {
            while (issued < n)
            {
                var due = Math.Min(n, (int)(Seconds(start, Stopwatch.GetTimestamp()) * PerSecond / BatchSize + 1) * BatchSize);
                while (issued < due)
                {
                    var from = issued;
                    var count = Math.Min(BatchSize, n - from);
                    var events = Enumerable.Range(from, count).Select(i => Api.Event(prefix, i)).ToList();
                    var now = Stopwatch.GetTimestamp();
                    for (var i = from; i < from + count; i++) sentAt[i] = now;
                    issued += count;
                    posts.Add(herald.IngestAsync("bench", events));
                }
                if (posts.Count > 10_000) { await Task.WhenAll(posts); posts.Clear(); }
                await Task.Delay(1);
            }
            await Task.WhenAll(posts);
            await Api.WaitReceiptsAsync(log, "soak", Stall, server);
        }
        await stop.CancelAsync();
        await sampler;

        // Per minute of sending: the latency of the events sent in it, the last RSS and database samples in it.
        var perMinute = new List<SoakMinute>();
        // The sorted latencies (ms) of the events sent count from index from, and a quantile of them.
        double[] Latencies(int from, int count)
        {
            var ms = new double[count];
            for (var i = 0; i < count; i++) ms[i] = Seconds(sentAt[from + i], log.FirstArrival[Api.EventId(prefix, from + i)]) * 1000;
            Array.Sort(ms);
            return ms;
        }
        static double Q(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        for (var m = 0; m < minutes; m++)
        {
            var ms = Latencies(m * PerSecond * 60, PerSecond * 60);
            var inMinute = samples.Where(s => s.At < (m + 1) * 60).ToList();
            var last = inMinute.Count > 0 ? inMinute[^1] : samples[0];
            perMinute.Add(new SoakMinute(m + 1, Q(ms, 0.5), Q(ms, 0.99), ms[^1], last.RssMb, last.DbMb));
        }
        // Per second too, with the wall clock, to line a bad minute up with the server's own logs and traces.
        var seconds = new StringBuilder("utc,second,events,p50_ms,p99_ms,max_ms\n");
        var startWall = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(start);
        for (var sec = 0; sec < minutes * 60; sec++)
        {
            var ms = Latencies(sec * PerSecond, PerSecond);
            seconds.Append(CultureInfo.InvariantCulture,
                $"{startWall.AddSeconds(sec):HH:mm:ss},{sec},{PerSecond},{Q(ms, 0.5):0.0},{Q(ms, 0.99):0.0},{ms[^1]:0.0}\n");
        }
        var table = new StringBuilder("minute  p50 ms  p99 ms  max ms  RSS MB  DB MB\n");
        foreach (var p in perMinute)
            table.Append(CultureInfo.InvariantCulture, $"{p.Minute,6}  {p.P50,6:0.0}  {p.P99,6:0.0}  {p.Max,6:0.0}  {p.RssMb,6:0}  {p.DbMb,5:0.0}\n");
        Progress.Line("soak per minute:\n" + table);
        var plot = Path.Combine(BenchRunner.FindRepoRoot(), "bench", "results", $"soak-{store.Name}.svg");
        Directory.CreateDirectory(Path.GetDirectoryName(plot)!);
        await File.WriteAllTextAsync(plot, SoakPlot.Svg(perMinute, $"soak: {PerSecond:#,0} events/s for {minutes} min, 2-min retention ({Store})"));
        Progress.Line($"soak: plot written to {plot}");
        var perSecond = Path.ChangeExtension(plot, ".seconds.csv");
        await File.WriteAllTextAsync(perSecond, seconds.ToString());
        Progress.Line($"soak: latency per second written to {perSecond}");

        var worst = perMinute.MaxBy(p => p.P99)!;
        var fifth = perMinute[Math.Min(4, perMinute.Count - 1)];
        var end = perMinute[^1];
        var rssRatio = end.RssMb / fifth.RssMb;
        var settled = perMinute.Skip(Math.Min(4, perMinute.Count - 1)).ToList(); // from minute 5, once the period is full
        var dbRatio = settled.Max(p => p.DbMb) / settled.Min(p => p.DbMb);
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"{n:#,0} events in batches of {BatchSize} paced at {PerSecond:#,0}/s for {minutes} min; POST start to receiver arrival; " +
            $"p99 per minute {string.Join(" ", perMinute.Select(p => p.P99.ToString("0.0", CultureInfo.InvariantCulture)))} ms; worst minute {worst.Minute}; plot {Path.GetFileName(plot)}");
        return
        [
            new("soak", Store, "p99 ingest-to-receiver, worst minute", worst.P99, "ms", null, null, "<= 25 ms every minute", worst.P99 <= 25, Mb(server.PeakRssBytes), notes),
            new("soak", Store, "RSS at the end / minute 5", rssRatio, "x", null, null, "<= 1.10", rssRatio <= 1.10, Mb(server.PeakRssBytes),
                string.Create(CultureInfo.InvariantCulture, $"RSS {fifth.RssMb:0} MB at minute {fifth.Minute}, {end.RssMb:0} MB at minute {end.Minute}")),
            new("soak", Store, "database size, largest / smallest from minute 5", dbRatio, "x", null, null, "bounded (<= 1.6)", dbRatio <= 1.6, Mb(server.PeakRssBytes),
                string.Create(CultureInfo.InvariantCulture, $"{settled.Min(p => p.DbMb):0.0}-{settled.Max(p => p.DbMb):0.0} MB from minute {settled[0].Minute} ({(postgres is null ? "SQLite file + WAL" : "pg_database_size")})")),
        ];
    }

    private static async Task<double> DatabaseMbAsync(HeraldServer server, string? postgres)
    {
        if (postgres is null)
        {
            var file = Path.Combine(server.DataDirectory, "herald.db");
            return (new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0)) / (1024.0 * 1024.0);
        }
        await using var c = new NpgsqlConnection(postgres);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_database_size(current_database())", c);
        return (long)(await cmd.ExecuteScalarAsync())! / (1024.0 * 1024.0);
    }
}

internal sealed record SoakMinute(int Minute, double P50, double P99, double Max, double RssMb, double DbMb);

/// <summary>A small self-contained SVG: p99 and p50 latency (left axis, ms) and RSS and database size (right axis, MB) per minute.</summary>
internal static class SoakPlot
{
    public static string Svg(IReadOnlyList<SoakMinute> minutes, string title)
    {
        const int W = 760, H = 360, L = 60, R = 60, T = 40, B = 50;
        double pw = W - L - R, ph = H - T - B;
        var maxMs = Math.Max(30, Math.Ceiling(minutes.Max(m => m.P99) / 10) * 10);
        var maxMb = Math.Ceiling(minutes.Max(m => Math.Max(m.RssMb, m.DbMb)) / 50) * 50;
        double X(int minute) => L + (minutes.Count == 1 ? pw / 2 : pw * (minute - 1) / (minutes.Count - 1));
        double Yms(double v) => T + ph * (1 - v / maxMs);
        double Ymb(double v) => T + ph * (1 - v / maxMb);
        string Line(Func<SoakMinute, double> y, string color, string dash = "") =>
            $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "")} points=\"" +
            string.Join(' ', minutes.Select(m => string.Create(CultureInfo.InvariantCulture, $"{X(m.Minute):0.#},{y(m):0.#}"))) + "\"/>";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/><text x=\"{W / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{title}</text>");
        for (var i = 0; i <= 5; i++)
        {
            var y = T + ph * i / 5;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{L}\" x2=\"{W - R}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{L - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{maxMs * (5 - i) / 5:0}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{W - R + 6}\" y=\"{y + 4:0.#}\">{maxMb * (5 - i) / 5:0}</text>");
        }
        var target = Yms(25);
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{L}\" x2=\"{W - R}\" y1=\"{target:0.#}\" y2=\"{target:0.#}\" stroke=\"#c00\" stroke-dasharray=\"4 4\"/><text x=\"{W - R - 4}\" y=\"{target - 4:0.#}\" text-anchor=\"end\" fill=\"#c00\">p99 target 25 ms</text>");
        foreach (var m in minutes)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(m.Minute):0.#}\" y=\"{H - B + 16}\" text-anchor=\"middle\">{m.Minute}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{L + pw / 2:0}\" y=\"{H - 12}\" text-anchor=\"middle\">minute</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(16,{T + ph / 2:0}) rotate(-90)\" text-anchor=\"middle\">latency, ms</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({W - 14},{T + ph / 2:0}) rotate(90)\" text-anchor=\"middle\">MB</text>");
        sb.Append(Line(m => Yms(m.P99), "#c00")).Append(Line(m => Yms(m.P50), "#e88", "2 3"));
        sb.Append(Line(m => Ymb(m.RssMb), "#06c")).Append(Line(m => Ymb(m.DbMb), "#090"));
        var legend = new[] { ("p99 latency", "#c00"), ("p50 latency", "#e88"), ("server RSS", "#06c"), ("database size", "#090") };
        for (var i = 0; i < legend.Length; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{L + 10 + i * 150}\" y=\"{T + 6}\" width=\"12\" height=\"3\" fill=\"{legend[i].Item2}\"/><text x=\"{L + 26 + i * 150}\" y=\"{T + 11}\">{legend[i].Item1}</text>");
        return sb.Append("</svg>").ToString();
    }
}
