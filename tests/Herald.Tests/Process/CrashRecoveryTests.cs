using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using Herald.Webhooks;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// A real Herald process is SIGKILLed while it is delivering 2,000 events, then started again on the
/// same data directory: every event still arrives, always under the same webhook-id, correctly signed.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const string AdminKey = "hk_root_crash-recovery-test-key-0123456789";
    private const int EventCount = 2_000;
    private const int BatchSize = 100;
    /// <summary>The kill is fired from inside the receiver when this many webhooks have arrived.</summary>
    private const int KillAfterReceipts = 500;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        // The lease is written into each claimed job, so the first process must use the short one
        // too: its jobs fall due again 3s after the kill rather than 30s.
        ["Herald:Delivery:LeaseDuration"] = "3s",
        ["Herald:Delivery:PollInterval"] = "200ms",
        // The first webhooks are held at the receiver until all 2,000 events are in; no timeouts meanwhile.
        ["Herald:Delivery:WebhookTimeout"] = "20s",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    [Fact]
    public async Task Every_event_is_delivered_after_a_kill_9_mid_delivery_with_a_stable_webhook_id()
    {
        var total = Stopwatch.StartNew();
        var dataDirectory = ServerProcess.NewDataDirectory();
        ServerProcess? first = null, second = null;
        await using var receiver = await Receiver.StartAsync();
        var allPosted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            first = ServerProcess.Start(dataDirectory, AdminKey, Settings);
            await first.WaitHealthyAsync(TimeSpan.FromSeconds(30));

            const string app = "crashapp";
            string secret;
            using (var root = first.CreateClient(AdminKey))
            {
                var created = await root.PostAsJsonAsync("/v1/apps", new { id = app, name = "Crash recovery" });
                Assert.True(created.IsSuccessStatusCode, $"create app: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
                secret = (await root.CreateEndpointAsync(app, new { url = receiver.Url })).Secret;
                receiver.Verifier = new WebhookVerifier(secret);

                // Hold every webhook until all events are accepted, so the kill lands after ingest,
                // in the middle of delivery, with a full set of sends (Concurrency) in flight.
                var killed = new TaskCompletionSource<(int AtTrigger, int AtExit, double KillMs)>(TaskCreationOptions.RunContinuationsAsynchronously);
                var killing = 0;
                var victim = first;
                receiver.Respond = async (n, _) =>
                {
                    await allPosted.Task;
                    // Decided on arrival (n counts arrivals), before this request's own delay, so the
                    // kill lands as close as possible to the KillAfterReceipts-th webhook.
                    if (n + 1 >= KillAfterReceipts && Interlocked.Exchange(ref killing, 1) == 0)
                    {
                        var atTrigger = receiver.Requests.Count;
                        var t0 = Stopwatch.GetTimestamp();
                        victim.Kill();
                        killed.TrySetResult((atTrigger, receiver.Requests.Count, Stopwatch.GetElapsedTime(t0).TotalMilliseconds));
                    }
                    await Task.Delay(Random.Shared.Next(2, 6));
                    return 200;
                };

                for (var start = 0; start < EventCount; start += BatchSize)
                {
                    var events = Enumerable.Range(start, BatchSize).Select(Event).ToArray();
                    var r = await root.PostAsJsonAsync($"/v1/apps/{app}/events/batch", new { events });
                    var body = await r.Content.ReadFromJsonAsync<JsonElement>();
                    Assert.True((int)r.StatusCode == 202, $"batch at {start}: {(int)r.StatusCode} {body}");
                    Assert.Equal(BatchSize, body.GetProperty("accepted").GetInt32());
                }
                var beforeRelease = receiver.Requests.Count;
                allPosted.SetResult();

                var winner = await Task.WhenAny(killed.Task, Task.Delay(TimeSpan.FromSeconds(30)));
                Assert.True(winner == killed.Task, $"the kill never fired: only {receiver.Requests.Count} webhooks arrived\n{first.Output}");
                var (atTrigger, receivedBeforeKill, killMs) = await killed.Task;
                var distinctBeforeKill = DistinctEventIds(receiver.Requests.ToArray()).Count;
                Assert.True(first.HasExited, "the first process is gone after the kill");
                if (OperatingSystem.IsLinux()) Assert.Equal(128 + 9, first.ExitCode); // died of SIGKILL, not a clean exit
                Report($"held at the receiver until ingest finished: {beforeRelease}; kill -9 sent at receipt {atTrigger}, process gone " +
                       $"{killMs:0} ms later with {receivedBeforeKill} received ({distinctBeforeKill} distinct events); {total.ElapsedMilliseconds} ms into the test");
                // The crash really happened mid-run.
                Assert.InRange(receivedBeforeKill, 1, EventCount - 1);
                Assert.InRange(distinctBeforeKill, 1, EventCount - 1);

                // Same data directory, same key: the restarted node picks up where the dead one stopped.
                var restartedAt = total.ElapsedMilliseconds;
                second = ServerProcess.Start(dataDirectory, AdminKey, Settings);
                await second.WaitHealthyAsync(TimeSpan.FromSeconds(30));

                await ApiExtensions.Eventually(
                    () => Task.FromResult(DistinctEventIds(receiver.Requests.ToArray()).Count == EventCount),
                    TimeSpan.FromSeconds(60), $"all {EventCount} events arrive after the restart ({DistinctEventIds(receiver.Requests.ToArray()).Count} so far)");
                var allReceivedAt = total.ElapsedMilliseconds;

                // The delivery log agrees: nothing left pending (outcomes are recorded in batches,
                // so allow a moment), nothing failed, every delivery succeeded.
                using var admin = second.CreateClient(AdminKey);
                await ApiExtensions.Eventually(async () =>
                        (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?status=pending&limit=500")).GetProperty("items").GetArrayLength() == 0,
                    TimeSpan.FromSeconds(30), "no delivery is left pending");
                var failed = await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?status=failed&limit=500");
                Assert.Equal(0, failed.GetProperty("items").GetArrayLength());
                var succeeded = await CountAsync(admin, $"/v1/apps/{app}/deliveries?status=succeeded&limit=500");
                Assert.Equal(EventCount, succeeded);

                // Every receipt, before and after the crash.
                var receipts = receiver.Requests.ToArray();
                var byEvent = receipts.GroupBy(EventIdOf).ToDictionary(g => g.Key, g => g.ToList());
                var expected = Enumerable.Range(0, EventCount).Select(EventId).ToHashSet();
                Assert.True(expected.SetEquals(byEvent.Keys), $"received event ids differ from the {EventCount} sent");
                foreach (var (eventId, got) in byEvent)
                {
                    var webhookIds = got.Select(r => r.WebhookId).Distinct().ToList();
                    Assert.True(webhookIds.Count == 1, $"{eventId} arrived under {webhookIds.Count} webhook-ids: {string.Join(", ", webhookIds)}");
                    Assert.StartsWith("msg_", webhookIds[0]);
                }
                Assert.Equal(EventCount, receipts.Select(r => r.WebhookId).Distinct().Count());
                var badSignature = receipts.FirstOrDefault(r => r.SignatureValid != true);
                Assert.True(badSignature is null, $"a webhook failed verification: {badSignature?.VerifyError} ({badSignature?.WebhookId})");

                var duplicates = receipts.Length - byEvent.Count;
                // Webhooks that reached the receiver but whose 200 the dead process never saw must come
                // again; without any, the stable webhook-id check above would have proved nothing.
                Assert.True(duplicates > 0, "no webhook was delivered twice, so the kill interrupted no send");
                Report($"events: {EventCount}; total receipts: {receipts.Length}; distinct: {byEvent.Count}; duplicates: {duplicates}; " +
                       $"received before kill: {receivedBeforeKill}; all received {allReceivedAt - restartedAt} ms after the restart began; " +
                       $"test took {total.ElapsedMilliseconds} ms");
            }
        }
        catch
        {
            first?.WriteOutputTo(output, "first Herald process (killed)");
            second?.WriteOutputTo(output, "second Herald process (after restart)");
            throw;
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
            allPosted.TrySetResult(); // never leave receiver requests parked when the test fails early
            ServerProcess.DeleteDirectory(dataDirectory);
        }
    }

    private static string EventId(int i) => $"crash-evt-{i:D5}";

    private static object Event(int i) => new
    {
        id = EventId(i),
        type = "message.created",
        sender = new { uid = "crash-sender", name = "Crash Tester" },
        data = new { text = $"message {i}", n = i },
    };

    private static string EventIdOf(Received r)
    {
        using var doc = JsonDocument.Parse(r.Body);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    private static HashSet<string> DistinctEventIds(Received[] receipts) => receipts.Select(EventIdOf).ToHashSet();

    private static async Task<int> CountAsync(HttpClient client, string url)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync(cursor is null ? url : $"{url}&cursor={cursor}");
            count += page.GetProperty("items").GetArrayLength();
            cursor = page.GetProperty("next") is { ValueKind: JsonValueKind.String } next ? next.GetString() : null;
        } while (cursor is not null);
        return count;
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"[CrashRecoveryTests] {line}");
    }
}
