using System.Net.Http.Json;
using Herald.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// SIGTERM on a real server: sends under way either finish and are recorded within
/// Herald:Delivery:ShutdownTimeout, or are released (due at once) so the next node takes them now
/// rather than after the 30 s lease. Asserted on what the database recorded, not on timings.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output) : IDisposable
{
    private const string AdminKey = "hk_root_graceful-shutdown-0123456789";
    private readonly string _dataDirectory = ServerProcess.NewDataDirectory();

    public void Dispose() => ServerProcess.DeleteDirectory(_dataDirectory);

    private async Task<ServerProcess> StartWithEventsAsync(Receiver receiver, string shutdownTimeout, int events)
    {
        var server = ServerProcess.Start(_dataDirectory, AdminKey, new Dictionary<string, string?>
        {
            ["Herald:Webhooks:AllowPrivateNetworks"] = "true",
            ["Herald:Delivery:ShutdownTimeout"] = shutdownTimeout,
            ["Herald:Delivery:WebhookTimeout"] = "25s",
        });
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        using var root = server.CreateClient(AdminKey);
        Assert.True((await root.PostAsJsonAsync("/v1/apps", new { id = "gapp", name = "G" })).IsSuccessStatusCode);
        await root.CreateEndpointAsync("gapp", new { url = receiver.Url });
        for (var i = 0; i < events; i++)
            await root.PostEventAsync("gapp", new { id = $"e{i}", type = "message.created", sender = new { uid = "u1" }, data = new { text = "hi" } });
        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count >= events), TimeSpan.FromSeconds(30), "every send under way");
        return server;
    }

    private List<(string Status, long NextAttemptAt, long AttemptCount)> Deliveries()
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "herald.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT status, next_attempt_at, attempt_count FROM deliveries WHERE kind = 'webhook'";
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, long, long)>();
        while (r.Read()) rows.Add((r.GetString(0), r.GetInt64(1), r.GetInt64(2)));
        return rows;
    }

    [Fact]
    public async Task Sends_still_running_at_the_timeout_are_released_for_the_next_node_at_once()
    {
        await using var receiver = await Receiver.StartAsync();
        var hold = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = (_, _) => hold.Task; // the receiver takes the requests and never answers
        var server = await StartWithEventsAsync(receiver, "1s", events: 3);
        try
        {
            Assert.True(server.Terminate(TimeSpan.FromSeconds(60)), "the server did not exit after SIGTERM");
            var exitedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Assert.Contains("released 3 deliveries", server.Output);
            var rows = Deliveries();
            Assert.Equal(3, rows.Count);
            foreach (var (status, nextAttemptAt, attempts) in rows)
            {
                Assert.Equal("pending", status);
                Assert.Equal(0, attempts); // cancelled without an outcome: not counted as a failed attempt
                // Due by the time the process had exited (released), not at the end of its 30 s lease
                // (renewed every 10 s, so a leased job is due at least 20 s after its last renewal).
                Assert.True(nextAttemptAt <= exitedAt, $"due at {nextAttemptAt}, exited at {exitedAt}: still leased");
            }

            // The next start sends them at once and records them delivered.
            hold.TrySetResult(200);
            receiver.Respond = (_, _) => Task.FromResult(200);
            using var next = ServerProcess.Start(_dataDirectory, AdminKey, new Dictionary<string, string?> { ["Herald:Webhooks:AllowPrivateNetworks"] = "true" });
            await next.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            await ApiExtensions.Eventually(() => Task.FromResult(Deliveries().All(d => d.Status == "succeeded")), TimeSpan.FromSeconds(20),
                "the released deliveries were not sent by the next start");
        }
        catch
        {
            server.WriteOutputTo(output, "herald");
            throw;
        }
        finally
        {
            server.Dispose();
        }
    }

    [Fact]
    public async Task Sends_that_finish_within_the_timeout_are_recorded_before_the_exit()
    {
        await using var receiver = await Receiver.StartAsync();
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = (_, _) => answer.Task;
        var server = await StartWithEventsAsync(receiver, "20s", events: 2);
        try
        {
            // SIGTERM while both sends wait on the receiver; it answers only once Herald is shutting down.
            var terminate = Task.Run(() => server.Terminate(TimeSpan.FromSeconds(60)));
            await server.WaitForStdoutAsync(l => l.Contains("Application is shutting down", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            answer.TrySetResult(200);
            Assert.True(await terminate, "the server did not exit after SIGTERM");
            Assert.DoesNotContain("released", server.Output);
            var rows = Deliveries();
            Assert.Equal(2, rows.Count);
            Assert.True(rows.All(r => r is { Status: "succeeded", AttemptCount: 1 }), string.Join(", ", rows));
        }
        catch
        {
            server.WriteOutputTo(output, "herald");
            throw;
        }
        finally
        {
            server.Dispose();
        }
    }
}
