using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Testing;
using Herald.Tests.Support;
using Herald.Webhooks;
using Npgsql;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// Real Herald server processes on one PostgreSQL database: two nodes share the work and one is
/// SIGKILLed mid-run; and the database itself goes away mid-run and comes back. Either way every
/// event arrives at least once, under one webhook-id, correctly signed.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class MultiNodeTests(ITestOutputHelper output)
{
    private const string AdminKey = "hk_root_multi-node-test-key-0123456789";
    private const string App = "multiapp";

    private static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Herald:Storage:Provider"] = "Postgres",
        ["ConnectionStrings:Herald"] = connectionString,
        // A dead node's jobs fall due again 3 s after its last renewal rather than 30 s.
        ["Herald:Delivery:LeaseDuration"] = "3s",
        ["Herald:Delivery:PollInterval"] = "200ms",
        ["Herald:Delivery:WebhookTimeout"] = "20s",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    [Fact]
    public async Task Two_nodes_share_10000_events_and_one_is_killed_mid_run_without_losing_any()
    {
        const int events = 10_000, killAfter = 3_000;
        var total = Stopwatch.StartNew();
        await using var database = await PostgresDatabase.CreateAsync();
        await using var receiver = await Receiver.StartAsync();
        var dirs = new[] { ServerProcess.NewDataDirectory(), ServerProcess.NewDataDirectory() };
        ServerProcess? a = null, b = null;
        try
        {
            a = ServerProcess.Start(dirs[0], AdminKey, Settings(database.ConnectionString));
            b = ServerProcess.Start(dirs[1], AdminKey, Settings(database.ConnectionString));
            await Task.WhenAll(a.WaitHealthyAsync(TimeSpan.FromSeconds(60)), b.WaitHealthyAsync(TimeSpan.FromSeconds(60)));

            using var rootA = a.CreateClient(AdminKey);
            using var rootB = b.CreateClient(AdminKey);
            Assert.True((await rootA.PostAsJsonAsync("/v1/apps", new { id = App, name = "Two nodes" })).IsSuccessStatusCode);
            var endpoint = await rootB.CreateEndpointAsync(App, new { url = receiver.Url }); // made on b, signed on both
            receiver.Verifier = new WebhookVerifier(endpoint.Secret);

            var killed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var victim = b;
            receiver.Respond = (n, _) =>
            {
                if (n + 1 == killAfter)
                {
                    victim.Kill();
                    killed.TrySetResult(receiver.Requests.Count);
                }
                return Task.FromResult(200);
            };

            // Ingest through node a (b may be dead before the last batch), 500 per request.
            for (var start = 0; start < events; start += 500)
            {
                var r = await rootA.PostAsJsonAsync($"/v1/apps/{App}/events/batch",
                    new { events = Enumerable.Range(start, 500).Select(i => new { id = $"mn-{i:D5}", type = "message.created", data = new { n = i } }).ToArray() });
                Assert.True((int)r.StatusCode == 202, $"batch at {start}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                output.WriteLine($"batch {start} at {total.ElapsedMilliseconds} ms, {receiver.Requests.Count} received");
            }
            var ingestedAt = total.ElapsedMilliseconds;
            Assert.True(await Task.WhenAny(killed.Task, Task.Delay(TimeSpan.FromSeconds(60))) == killed.Task, "the kill never fired");
            var atKill = await killed.Task;
            Assert.True(b.HasExited);

            await ApiExtensions.Eventually(() => Task.FromResult(DistinctEvents(receiver) == events), TimeSpan.FromSeconds(60),
                $"all {events} events arrive ({DistinctEvents(receiver)} so far)");
            var deliveredAt = total.ElapsedMilliseconds;
            await ApiExtensions.Eventually(async () => await ScalarAsync(database, "SELECT count(*) FROM deliveries WHERE status <> 'succeeded'") == 0,
                TimeSpan.FromSeconds(30), "every delivery is recorded as succeeded");

            var receipts = receiver.Requests.ToArray();
            Assert.All(receipts, r => Assert.True(r.SignatureValid, r.VerifyError));
            foreach (var g in receipts.GroupBy(EventIdOf))
                Assert.Single(g.Select(r => r.WebhookId).Distinct());
            var duplicates = receipts.Length - events;

            // The split: attempts are recorded with the node ("machine:pid:guid") that made them.
            var byNode = await NodeSplitAsync(database);
            var ofA = byNode.Where(kv => kv.Key.Contains($":{a.ProcessId}:", StringComparison.Ordinal)).Sum(kv => kv.Value);
            var ofB = byNode.Where(kv => kv.Key.Contains($":{b.ProcessId}:", StringComparison.Ordinal)).Sum(kv => kv.Value);
            Report($"events: {events}; receipts: {receipts.Length}; duplicates: {duplicates}; kill -9 of node b at receipt {atKill}; " +
                   $"recorded attempts: node a {ofA}, node b {ofB} (b's in-flight sends at the kill were never recorded); " +
                   $"ingested by {ingestedAt} ms, all delivered at {deliveredAt} ms");
            Assert.True(ofA > 0 && ofB > 0, $"both nodes did work: a {ofA}, b {ofB}");
            Assert.Equal(events, ofA + ofB - await ScalarAsync(database,
                "SELECT count(*) - count(DISTINCT delivery_seq) FROM attempt_log")); // one success each; repeats are the only extras
        }
        catch
        {
            a?.WriteOutputTo(output, "node a");
            b?.WriteOutputTo(output, "node b (killed)");
            throw;
        }
        finally
        {
            a?.Dispose();
            b?.Dispose();
            foreach (var d in dirs) ServerProcess.DeleteDirectory(d);
        }
    }

    [Fact]
    public async Task Delivery_resumes_after_the_database_goes_away_mid_run_and_readyz_says_so()
    {
        const int events = 3_000, stopAfter = 800;
        var total = Stopwatch.StartNew();
        // Its own cluster: this test stops and starts the server.
        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await PostgresCluster.CreateDatabaseAsync(cluster.ConnectionString);
        await using var receiver = await Receiver.StartAsync();
        var dir = ServerProcess.NewDataDirectory();
        ServerProcess? node = null;
        try
        {
            node = ServerProcess.Start(dir, AdminKey, Settings(connectionString));
            await node.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            using var root = node.CreateClient(AdminKey);
            using var probe = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
            Assert.True((await root.PostAsJsonAsync("/v1/apps", new { id = App, name = "Restart" })).IsSuccessStatusCode);
            var endpoint = await root.CreateEndpointAsync(App, new { url = receiver.Url });
            receiver.Verifier = new WebhookVerifier(endpoint.Secret);

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            receiver.Respond = async (n, _) =>
            {
                if (n + 1 >= stopAfter) reached.TrySetResult();
                await Task.Delay(2); // keep sends in flight while the database goes away
                return 200;
            };
            for (var start = 0; start < events; start += 500)
            {
                var r = await root.PostAsJsonAsync($"/v1/apps/{App}/events/batch",
                    new { events = Enumerable.Range(start, 500).Select(i => new { id = $"rs-{i:D5}", type = "message.created" }).ToArray() });
                Assert.Equal(202, (int)r.StatusCode);
            }
            Assert.True(await Task.WhenAny(reached.Task, Task.Delay(TimeSpan.FromSeconds(60))) == reached.Task, "deliveries never got going");

            await cluster.StopAsync();
            var stoppedAt = total.ElapsedMilliseconds;
            var receivedAtStop = receiver.Requests.Count;
            await ApiExtensions.Eventually(async () => (await probe.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(15), "/readyz reports the database down");
            var down = await root.PostAsJsonAsync($"/v1/apps/{App}/events", new { id = "while-down", type = "message.created" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode); // refused, not half-written
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
            await Task.Delay(1_500); // down long enough that every loop meets the outage

            await cluster.StartServerAsync();
            var startedAt = total.ElapsedMilliseconds;
            await ApiExtensions.Eventually(async () => (await probe.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(15), "/readyz reports the database back");
            await ApiExtensions.Eventually(() => Task.FromResult(DistinctEvents(receiver) == events), TimeSpan.FromSeconds(60),
                $"all {events} events arrive after the restart ({DistinctEvents(receiver)} so far)");
            var deliveredAt = total.ElapsedMilliseconds;
            await ApiExtensions.Eventually(async () => await ScalarAsync(connectionString, "SELECT count(*) FROM deliveries WHERE status <> 'succeeded'") == 0,
                TimeSpan.FromSeconds(30), "every delivery is recorded as succeeded");
            var receipts = receiver.Requests.ToArray();
            Assert.All(receipts, r => Assert.True(r.SignatureValid, r.VerifyError));
            Assert.DoesNotContain(receipts, r => EventIdOf(r) == "while-down");
            Report($"events: {events}; receipts: {receipts.Length}; duplicates: {receipts.Length - events}; database stopped at receipt {receivedAtStop} " +
                   $"({stoppedAt} ms), started again at {startedAt} ms, all delivered at {deliveredAt} ms");
        }
        catch
        {
            node?.WriteOutputTo(output, "node");
            output.WriteLine(cluster.Log);
            throw;
        }
        finally
        {
            node?.Dispose();
            ServerProcess.DeleteDirectory(dir);
        }
    }

    private static int DistinctEvents(Receiver receiver) => receiver.Requests.Select(EventIdOf).Distinct().Count();

    private static string EventIdOf(Received r)
    {
        using var doc = JsonDocument.Parse(r.Body);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    private static Task<long> ScalarAsync(PostgresDatabase database, string sql) => ScalarAsync(database.ConnectionString, sql);

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<string, long>> NodeSplitAsync(PostgresDatabase database)
    {
        await using var c = new NpgsqlConnection(database.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT node, count(*) FROM attempt_log GROUP BY node", c);
        await using var r = await cmd.ExecuteReaderAsync();
        var result = new Dictionary<string, long>();
        while (await r.ReadAsync()) result[r.IsDBNull(0) ? "" : r.GetString(0)] = r.GetInt64(1);
        return result;
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"[MultiNodeTests] {line}");
    }
}
