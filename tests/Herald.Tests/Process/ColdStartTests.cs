using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Herald.Tests.Support;
using Herald.Webhooks;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// A brand-new data directory, the real process, no admin key configured: how long from starting
/// the process until the first webhook lands, and the generated root key shown once.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed partial class ColdStartTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"Root admin key.*?(hk_root_\S+)")]
    private static partial Regex PrintedRootKey();

    [Fact]
    public async Task Cold_start_to_first_delivery_and_the_generated_root_key_is_printed_once()
    {
        var dataDirectory = ServerProcess.NewDataDirectory();
        ServerProcess? first = null, second = null;
        await using var receiver = await Receiver.StartAsync();
        try
        {
            Assert.False(Directory.Exists(dataDirectory));
            first = ServerProcess.Start(dataDirectory, adminKey: null);
            var firstDelivery = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = first.StartTimestamp;
            receiver.Respond = (_, _) =>
            {
                firstDelivery.TrySetResult(Stopwatch.GetElapsedTime(started));
                return Task.FromResult(200);
            };

            await first.WaitHealthyAsync(TimeSpan.FromSeconds(30));
            var healthyAfter = Stopwatch.GetElapsedTime(started);
            // The banner follows ApplicationStarted, which may come a moment after /healthz first answers.
            var banner = await first.WaitForStdoutAsync(l => l.Contains("Root admin key", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.True(banner is not null, $"no 'Root admin key' line on stdout:\n{first.Output}");
            var match = PrintedRootKey().Match(banner);
            Assert.True(match.Success, $"the banner shows no generated hk_root_ key: {banner}");
            var rootKey = match.Groups[1].Value;

            const string app = "coldapp";
            using (var root = first.CreateClient(rootKey))
            {
                var created = await root.PostAsJsonAsync("/v1/apps", new { id = app, name = "Cold start" });
                Assert.True(created.IsSuccessStatusCode, $"create app with the printed key: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
                var endpoint = await root.CreateEndpointAsync(app, new { url = receiver.Url });
                receiver.Verifier = new WebhookVerifier(endpoint.Secret);
                await root.PostEventAsync(app, new
                {
                    id = "cold-evt-1",
                    type = "message.created",
                    sender = new { uid = "cold-sender", name = "Cold Starter" },
                    data = new { text = "first!" },
                });
            }

            var remaining = TimeSpan.FromSeconds(30) - Stopwatch.GetElapsedTime(started);
            var winner = await Task.WhenAny(firstDelivery.Task, Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero));
            Assert.True(winner == firstDelivery.Task, "the first webhook arrived within 30 s of starting the process");
            var elapsed = await firstDelivery.Task;
            Report($"cold start to first delivery: {elapsed.TotalMilliseconds:0} ms");
            Report($"(/healthz answered after {healthyAfter.TotalMilliseconds:0} ms; {ServerProcess.Configuration} build)");
            Assert.True(elapsed < TimeSpan.FromSeconds(30), $"cold start to first delivery took {elapsed.TotalMilliseconds:0} ms");
            var got = Assert.Single(receiver.Requests);
            Assert.True(got.SignatureValid, got.VerifyError);

            using (var root = first.CreateClient(rootKey))
                Assert.Equal(HttpStatusCode.OK, (await root.GetAsync(new Uri("/v1/apps", UriKind.Relative))).StatusCode);
            first.Kill();

            // Second start of the same data directory: the key is not shown again, and still works.
            second = ServerProcess.Start(dataDirectory, adminKey: null);
            await second.WaitHealthyAsync(TimeSpan.FromSeconds(30));
            var secondBanner = await second.WaitForStdoutAsync(l => l.Contains("Root admin key", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.True(secondBanner is not null, $"no 'Root admin key' line on the second start:\n{second.Output}");
            Assert.DoesNotContain("hk_root_", second.Output, StringComparison.Ordinal);
            using (var root = second.CreateClient(rootKey))
            {
                var list = await root.GetAsync(new Uri("/v1/apps", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                Assert.Contains(app, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            using (var wrong = second.CreateClient("hk_root_not-the-key"))
                Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("/v1/apps", UriKind.Relative))).StatusCode);
        }
        catch
        {
            first?.WriteOutputTo(output, "first Herald process (new data directory)");
            second?.WriteOutputTo(output, "second Herald process (same data directory)");
            throw;
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
            ServerProcess.DeleteDirectory(dataDirectory);
        }
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"[ColdStartTests] {line}");
    }
}
