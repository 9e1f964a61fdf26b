using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// The real server on a data directory that is a small tmpfs, filled up to the last byte while it runs:
/// ingest answers 507 with Retry-After (never a 500), /readyz and the herald.storage.full gauge say so,
/// and once the filler is deleted the same process takes events again and delivers every event it had
/// accepted. Needs root for the mount (CI runs as root): without it the test fails, it does not skip.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class DiskFullTests(ITestOutputHelper output) : IDisposable
{
    private const string AdminKey = "hk_root_disk-full-test-0123456789";
    private const string App = "fullapp";
    // Room for Herald's fresh database, WAL and key ring with most of it left for the filler.
    private const string TmpfsSize = "32m";
    private readonly string _mount = ServerProcess.NewDataDirectory();
    private bool _mounted;

    [Fact]
    public async Task Ingest_answers_507_while_the_disk_is_full_and_every_accepted_event_is_delivered_once_space_is_freed_without_a_restart()
    {
        Mount();
        await using var receiver = await Receiver.StartAsync();
        using var server = ServerProcess.Start(_mount, AdminKey, new Dictionary<string, string?>
        {
            // Outcomes that could not be recorded are sent again after the lease: keep that short.
            ["Herald:Delivery:LeaseDuration"] = "3s",
            ["Herald:Delivery:PollInterval"] = "200ms",
            // The in-flight sends below are held open while the disk fills: no attempt timeout meanwhile.
            ["Herald:Delivery:WebhookTimeout"] = "25s",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var statuses = new List<int>();
        try
        {
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            using var root = server.CreateClient(AdminKey);
            using var probe = server.CreateClient();
            Assert.True((await root.PostAsJsonAsync("/v1/apps", new { id = App, name = "Disk full" })).IsSuccessStatusCode);
            await root.CreateEndpointAsync(App, new { url = receiver.Url });
            var accepted = new List<string>();

            // Before: the disk has room, events go through.
            Assert.Equal(HttpStatusCode.Accepted, (await PostBatchAsync(root, "before", 20, accepted, statuses)).StatusCode);
            await ApiExtensions.Eventually(() => Task.FromResult(Delivered(receiver).IsSupersetOf(accepted)), TimeSpan.FromSeconds(30), "the first events are delivered");

            // In flight when the disk fills: claimed and sent, the receiver holding its answers.
            var hold = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            receiver.Respond = (_, r) => r.Body.Contains("\"inflight-", StringComparison.Ordinal) ? hold.Task : Task.FromResult(200);
            Assert.Equal(HttpStatusCode.Accepted, (await PostBatchAsync(root, "inflight", 10, accepted, statuses)).StatusCode);
            await ApiExtensions.Eventually(() => Task.FromResult(Delivered(receiver).IsSupersetOf(accepted)), TimeSpan.FromSeconds(30), "the in-flight sends reach the receiver");

            // Fill the filesystem, then ingest until the database cannot grow: a small write may still fit in
            // the WAL's old frames, so it is the first refusal that counts, whenever it comes.
            var filler = Path.Combine(_mount, "filler");
            var filled = Fill(filler);
            output.WriteLine($"filler: {filled / (1 << 20)} MB, free now: {new DriveInfo(_mount).AvailableFreeSpace} bytes");
            HttpResponseMessage? refused = null;
            for (var batch = 0; batch < 300 && refused is null; batch++)
            {
                var response = await PostBatchAsync(root, $"full{batch}", 50, accepted, statuses);
                if (response.StatusCode != HttpStatusCode.Accepted) refused = response;
            }
            Assert.True(refused is not null, $"ingest never refused an event on the full disk ({accepted.Count} accepted)");
            output.WriteLine($"first refusal after {accepted.Count} accepted events; statuses seen: {string.Join(",", statuses.Distinct())}");
            await AssertDiskFullProblemAsync(refused!);
            // The single-event route says the same, and so does another API write.
            var single = await root.PostAsJsonAsync($"/v1/apps/{App}/events", new { id = "single-full", type = "message.created", data = new { text = new string('s', 4000) } });
            statuses.Add((int)single.StatusCode);
            if (single.StatusCode == HttpStatusCode.Accepted) accepted.Add("single-full");
            else await AssertDiskFullProblemAsync(single);
            // If it is made, it gets the events posted after recovery too (a second delivery each, to /hook/second).
            var endpoint = await root.PostAsJsonAsync($"/v1/apps/{App}/endpoints", new { url = receiver.Url + "/second", description = new string('d', 400) });
            statuses.Add((int)endpoint.StatusCode);
            // A small row may still fit; if it does not, it is the same retryable problem.
            if (endpoint.StatusCode != HttpStatusCode.Created) await AssertDiskFullProblemAsync(endpoint);

            var readyWhileFull = await PollAsync(async () =>
            {
                var r = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                return (r.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            }, "/readyz reports the full disk");
            Assert.Contains("disk full since", readyWhileFull, StringComparison.Ordinal);
            Assert.Contains("free disk space", readyWhileFull, StringComparison.Ordinal);
            await GaugeEventuallyAsync(probe, 1);
            Assert.Contains("Disk full: the database", server.Output, StringComparison.Ordinal);
            var deliveredWhileFull = Delivered(receiver).Count;
            // The held sends finish now, on the full disk: their outcomes wait in the recorder until it can write them.
            hold.SetResult(200);

            // Free the space: the same process recovers by itself.
            File.Delete(filler);
            await ApiExtensions.Eventually(async () => (await probe.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(15), "/readyz is ready again once space is freed");
            Assert.Equal(HttpStatusCode.Accepted, (await PostBatchAsync(root, "after", 20, accepted, statuses)).StatusCode);
            await ApiExtensions.Eventually(() => Task.FromResult(Delivered(receiver).IsSupersetOf(accepted)), TimeSpan.FromSeconds(30),
                $"every accepted event is delivered ({accepted.Except(Delivered(receiver)).Count()} of {accepted.Count} missing)");
            // Recorded, not only sent: the recorder and the claim loop survived the full disk.
            await PollAsync(() => Task.FromResult(Statuses() is var s && s.All(x => x == "succeeded") ? (true, "") : (false, string.Join(",", s.GroupBy(x => x).Select(g => $"{g.Key}:{g.Count()}")))),
                "every delivery is recorded as succeeded");
            await GaugeEventuallyAsync(probe, 0);
            Assert.Contains("Disk space is available again", server.Output, StringComparison.Ordinal);

            Assert.False(server.HasExited, "the server exited");
            Assert.DoesNotContain(500, statuses);
            // Nothing refused was half-stored: everything the receiver got had been accepted.
            Assert.Empty(Delivered(receiver).Except(accepted));
            Assert.Single(LinesWith(server.Output, "Disk full: the database")); // once per transition, not per refused write
            output.WriteLine($"accepted {accepted.Count}; {deliveredWhileFull} delivered by the time /readyz said full; " +
                             $"receipts {receiver.Requests.Count} (re-sends of one delivery: {Resent(receiver)}); " +
                             $"on the full disk a single event got {(int)single.StatusCode}, a new endpoint {(int)endpoint.StatusCode}");
            server.WriteOutputTo(output, "herald");
        }
        catch
        {
            server.WriteOutputTo(output, "herald");
            throw;
        }
    }

    /// <summary>Posts a batch of <paramref name="count"/> events; a 202 adds their ids to <paramref name="accepted"/>.</summary>
    private static async Task<HttpResponseMessage> PostBatchAsync(HttpClient client, string prefix, int count, List<string> accepted, List<int> statuses)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D3}").ToList();
        // 2 KB of text each: the batch needs fresh pages, not just a few bytes of the WAL's old frames.
        var r = await client.PostAsJsonAsync($"/v1/apps/{App}/events/batch",
            new { events = ids.Select(id => new { id, type = "message.created", data = new { text = new string('x', 2000) + id } }).ToArray() });
        statuses.Add((int)r.StatusCode);
        if (r.StatusCode == HttpStatusCode.Accepted) accepted.AddRange(ids);
        return r;
    }

    private async Task AssertDiskFullProblemAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.InsufficientStorage, $"{(int)r.StatusCode} {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(10), r.Headers.RetryAfter?.Delta);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(507, json.RootElement.GetProperty("status").GetInt32());
        var detail = json.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("disk is full", detail, StringComparison.Ordinal);
        Assert.Contains("nothing of this request was stored", detail, StringComparison.Ordinal);
        Assert.Contains("free disk space", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_mount, body, StringComparison.Ordinal); // the server's paths are for its log, not for API callers
    }

    /// <summary>
    /// Deliveries (webhook-ids: one per event and endpoint) received more than once, by event id prefix ("before x3"):
    /// at least once allows them, the report shows them.
    /// </summary>
    private static string Resent(Receiver receiver)
    {
        var repeats = receiver.Requests.GroupBy(r => r.WebhookId).Where(g => g.Count() > 1).ToList();
        return repeats.Count == 0 ? "none" : string.Join(", ", repeats
            .GroupBy(g => JsonDocument.Parse(g.First().Body).RootElement.GetProperty("id").GetString()!.Split('-')[0])
            .Select(p => $"{p.Key} x{p.Count()}"));
    }

    private static HashSet<string> Delivered(Receiver receiver) => receiver.Requests.Select(r =>
    {
        using var doc = JsonDocument.Parse(r.Body);
        return doc.RootElement.GetProperty("id").GetString()!;
    }).ToHashSet();

    /// <summary>The webhook deliveries' statuses, read from the database file beside the running server.</summary>
    private List<string> Statuses()
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(_mount, "herald.db")};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT status FROM deliveries WHERE kind = 'webhook'";
        using var r = cmd.ExecuteReader();
        var statuses = new List<string>();
        while (r.Read()) statuses.Add(r.GetString(0));
        return statuses;
    }

    /// <summary>Polls herald_storage_full in /metrics until it is <paramref name="expected"/>: the exporter may serve a scrape a moment old.</summary>
    private static Task<string> GaugeEventuallyAsync(HttpClient client, double expected) => PollAsync(async () =>
    {
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("herald_storage_full", StringComparison.Ordinal));
        return (line is not null && double.Parse(line.Split('}')[^1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) == expected,
            line ?? "no herald_storage_full series");
    }, $"herald_storage_full is {expected}");

    /// <summary>Polls until <paramref name="check"/> holds (a give-up limit, not a measurement); fails naming what it saw last. Returns that.</summary>
    private static async Task<string> PollAsync(Func<Task<(bool Done, string Seen)>> check, string what)
    {
        var seen = "";
        for (var until = Stopwatch.GetTimestamp() + 15 * Stopwatch.Frequency; Stopwatch.GetTimestamp() < until; await Task.Delay(50))
        {
            (var done, seen) = await check();
            if (done) return seen;
        }
        Assert.Fail($"Timed out after 15 s: {what}; last seen: {seen}");
        return seen;
    }

    private static IEnumerable<string> LinesWith(string text, string phrase) =>
        text.Split('\n').Where(l => l.Contains(phrase, StringComparison.Ordinal));

    /// <summary>Writes zeros until the filesystem refuses any more (ENOSPC), in ever smaller pieces; the bytes written.</summary>
    private static long Fill(string path)
    {
        long written = 0;
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in new[] { 1 << 20, 64 << 10, 4 << 10, 512 })
        {
            var chunk = new byte[size];
            try
            {
                while (true)
                {
                    file.Write(chunk);
                    written += size;
                }
            }
            catch (IOException) { } // full at this piece size; a partial write may have gone in
        }
        return written;
    }

    private void Mount()
    {
        Directory.CreateDirectory(_mount);
        var (code, text) = Run("mount", "-t", "tmpfs", "-o", $"size={TmpfsSize},mode=0700", "tmpfs", _mount);
        Assert.True(code == 0,
            $"This test mounts a {TmpfsSize} tmpfs as Herald's data directory and must run as root (CI does): 'mount -t tmpfs' failed with {code}: {text}");
        _mounted = true;
    }

    private static (int Code, string Output) Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var p = System.Diagnostics.Process.Start(info)!;
            var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, text.Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }

    public void Dispose()
    {
        if (_mounted && Run("umount", _mount).Code != 0) Run("umount", "-l", _mount);
        ServerProcess.DeleteDirectory(_mount);
    }
}
