using Herald.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Herald.Bench;

internal sealed partial class Scenarios
{
    /// <summary>
    /// rolling-restart: two nodes on one PostgreSQL database while events are posted at a steady pace;
    /// each node in turn gets SIGTERM (it stops claiming, finishes or releases its sends within
    /// Herald:Delivery:ShutdownTimeout) and is started again once it has exited. Producers post to
    /// whichever node is up and, like any client, send the same event again to the other node when a
    /// post fails (the event id makes that safe). Reports what was lost (must be 0), the duplicate
    /// deliveries, and the longest gap between two first arrivals at the receiver against the steady gap.
    /// </summary>
    public async Task<IReadOnlyList<Row>> RollingRestartAsync()
    {
        var db = new Dictionary<string, string>
        {
            ["Herald:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Herald"] = await PostgresCluster.CreateDatabaseAsync(store.PostgresServer!, "herald_bench"),
        };
        var nodes = new HeraldServer?[2];
        nodes[0] = await StartServerAsync(db);
        nodes[1] = await StartServerAsync(db);
        var clients = new HttpClient?[2];
        try
        {
            const string app = "rolling";
            clients[0] = await PrepareAsync(nodes[0]!, app, endpoint: true);
            clients[1] = nodes[1]!.CreateClient();
            int rate = tiny ? 100 : 400, seconds = tiny ? 8 : 30;
            var n = rate * seconds;
            var prefix = Prefix("roll");
            var log = receiver.Begin(n);
            // Each webhook takes 20 ms to answer, so sends are under way whenever a node is told to stop.
            receiver.Latency = TimeSpan.FromMilliseconds(20);

            var accepted = new bool[n];
            long clientRetries = 0;
            var retryReasons = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            var clock = Stopwatch.StartNew();
            async Task PostOne(int i)
            {
                var body = Api.Single(prefix, i);
                for (var attempt = 0; attempt < 200; attempt++)
                {
                    var client = clients[(i + attempt) % 2] ?? clients[(i + attempt + 1) % 2];
                    if (client is not null)
                    {
                        try
                        {
                            using var content = new ByteArrayContent(body);
                            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                            using var r = await client.PostAsync(new Uri($"/v1/apps/{app}/events", UriKind.Relative), content);
                            if (r.StatusCode == HttpStatusCode.Accepted)
                            {
                                accepted[i] = true;
                                return;
                            }
                            retryReasons.AddOrUpdate($"HTTP {(int)r.StatusCode}", 1, (_, c) => c + 1);
                        }
                        catch (HttpRequestException ex)
                        {
                            retryReasons.AddOrUpdate(ex.HttpRequestError.ToString(), 1, (_, c) => c + 1);
                        }
                        catch (TaskCanceledException)
                        {
                            retryReasons.AddOrUpdate("timeout", 1, (_, c) => c + 1);
                        }
                    }
                    Interlocked.Increment(ref clientRetries);
                    await Task.Delay(20);
                }
            }
            // Paced producer: event i is posted at i/rate seconds, each post on its own task.
            var producer = Task.Run(async () =>
            {
                var posts = new List<Task>(n);
                for (var i = 0; i < n; i++)
                {
                    var due = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
                    if (due > TimeSpan.Zero) await Task.Delay(due);
                    posts.Add(PostOne(i));
                }
                await Task.WhenAll(posts);
            });

            var restarts = new List<string>();
            var steadyUntil = 0L;
            for (var k = 0; k < 2; k++)
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds / 4.0));
                if (k == 0) steadyUntil = Stopwatch.GetTimestamp();
                var old = nodes[k]!;
                clients[k] = null; // the producers stop choosing it; posts under way finish or fail over
                var down = await old.TerminateAsync(TimeSpan.FromSeconds(60));
                var output = old.Output;
                await old.DisposeAsync();
                var start = Stopwatch.StartNew();
                nodes[k] = await StartServerAsync(db);
                clients[k] = nodes[k]!.CreateClient();
                var released = output.Split('\n').FirstOrDefault(l => l.Contains("released", StringComparison.Ordinal))?.Trim();
                restarts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"node {k + 1}: SIGTERM to exit {down.TotalSeconds:0.0}s, start to healthy {start.Elapsed.TotalSeconds:0.0}s{(released is null ? "" : $" ({released})")}"));
                Progress.Line($"rolling-restart: {restarts[^1]}");
            }
            await producer;
            var acceptedCount = accepted.Count(a => a);
            await Api.WaitReceiptsAsync(log, "rolling-restart", Stall, nodes[0]!);

            var lost = Enumerable.Range(0, n).Count(i => accepted[i] && !log.FirstArrival.ContainsKey(Api.EventId(prefix, i)));
            var duplicates = log.Requests - log.Distinct;
            var arrivals = log.FirstArrival.Values.Order().ToArray();
            var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => (At: a, Ms: (b - a) * 1000.0 / Stopwatch.Frequency)).ToArray();
            var steady = gaps.Where(g => g.At < steadyUntil).Select(g => g.Ms).Order().ToArray();
            var steadyP99 = steady.Length == 0 ? 0 : steady[(int)(steady.Length * 0.99)];
            var longest = gaps.Length == 0 ? 0 : gaps.Max(g => g.Ms);
            var notes = string.Create(CultureInfo.InvariantCulture,
                $"{n:#,0} single events at {rate}/s over {seconds}s to 2 nodes, each restarted in turn (SIGTERM, exit, start); {acceptedCount:#,0} accepted, " +
                $"{clientRetries:#,0} client re-posts to the other node ({string.Join(", ", retryReasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key}: {r.Value}"))}); {string.Join("; ", restarts)}; receiver answers in 20 ms");
            Progress.Line($"rolling-restart: lost {lost}, duplicates {duplicates}, longest gap {longest:0} ms (steady p99 {steadyP99:0} ms)");
            var peak = nodes.Max(x => Mb(x!.PeakRssBytes));
            return
            [
                new("rolling-restart", Store, "accepted events lost", lost, "", null, null, "0", lost == 0, peak, notes),
                new("rolling-restart", Store, "duplicate deliveries", duplicates, "", null, null, "-", null, peak,
                    "receipts of an event already received (at least once: a send cut short by SIGTERM is sent again)"),
                new("rolling-restart", Store, "longest delivery gap", Math.Round(longest), "ms", null, null, "-", null, peak,
                    string.Create(CultureInfo.InvariantCulture, $"between two first arrivals over the whole run; steady state before the first restart p99 {steadyP99:0} ms")),
            ];
        }
        finally
        {
            receiver.Latency = TimeSpan.Zero;
            foreach (var c in clients) c?.Dispose();
            foreach (var node in nodes) if (node is not null) await node.DisposeAsync();
        }
    }
}
