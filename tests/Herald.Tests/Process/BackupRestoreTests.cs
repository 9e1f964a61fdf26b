using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Herald.Hosting;
using Herald.Kernel;
using Herald.Tests.Push;
using Herald.Tests.Support;
using Herald.Webhooks;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// <c>herald backup --to DIR</c> run as its own process against a live server that keeps taking events
/// meanwhile; then a new server started on a data directory filled by <c>herald restore --from DIR</c> holds
/// every event accepted before the backup began, and its secrets still decrypt with the copied key ring.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class BackupRestoreTests(ITestOutputHelper output) : IDisposable
{
    private const string AdminKey = "hk_root_backup-restore-0123456789";
    private const string App = "bapp";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly DataDirectories _directories = new();

    private string NewDirectory() => _directories.New();

    public void Dispose() => _directories.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_backup_taken_under_ingest_restores_every_accepted_event_and_every_secret(bool keyRingKey)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Herald:KeyRing:Key"] = keyRingKey ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) : null,
        };
        await using var webhooks = await Receiver.StartAsync();
        await using var gateway = await Receiver.StartAsync();
        var live = NewDirectory();
        var backup = NewDirectory();
        using var server = ServerProcess.Start(live, AdminKey, settings);
        ServerProcess? restored = null;
        try
        {
            await server.WaitHealthyAsync(Generous);
            using var root = server.CreateClient(AdminKey);
            Assert.True((await root.PostAsJsonAsync("/v1/apps", new { id = App, name = "Backup" })).IsSuccessStatusCode);
            // Both secrets are stored encrypted: the endpoint's signing secret and the gateway's Basic Auth password.
            var endpoint = await root.CreateEndpointAsync(App, new { url = webhooks.Url });
            webhooks.Verifier = new WebhookVerifier(endpoint.Secret);
            await root.AddCustomProviderAsync(App, gateway);
            await root.PutOkAsync($"/v1/apps/{App}/channels/hiking/members", new { members = new[] { "u1", "u2" } });

            // Ingest from four clients until told to stop; each 202 is recorded with the moment it came back.
            var accepted = new ConcurrentQueue<(string Id, long At)>();
            var refused = new ConcurrentQueue<string>();
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
            {
                using var client = server.CreateClient(AdminKey);
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var id = $"load-{c}-{n}";
                    try
                    {
                        using var r = await client.PostAsJsonAsync($"/v1/apps/{App}/events",
                            new { id, type = "message.created", sender = new { uid = "u1" }, data = new { text = "load" } });
                        if ((int)r.StatusCode == 202) accepted.Enqueue((id, Stopwatch.GetTimestamp()));
                        else refused.Enqueue($"{id}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                    }
                    catch (HttpRequestException ex)
                    {
                        refused.Enqueue($"{id}: {ex.Message}");
                    }
                }
            })).ToArray();
            await ApiExtensions.Eventually(() => Task.FromResult(accepted.Count >= 100), Generous, "the load is under way");

            var backupStarted = Stopwatch.GetTimestamp();
            var (exitCode, text) = await ServerProcess.RunCommandAsync(live, settings, Generous, "backup", "--to", backup);
            var backupEnded = Stopwatch.GetTimestamp();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
            output.WriteLine(text);
            Assert.True(exitCode == 0, $"backup exited {exitCode}: {text}");
            Assert.Contains(Path.Combine(backup, "herald.db"), text);
            Assert.Empty(refused); // the live server took every event while the backup ran
            var before = accepted.Where(a => a.At < backupStarted).Select(a => a.Id).ToHashSet();
            Assert.True(before.Count >= 100, $"only {before.Count} events were accepted before the backup");
            Assert.Contains(accepted, a => a.At > backupStarted && a.At < backupEnded); // it really ran under load

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(backup));
                Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(backup, "herald.db")));
                Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.Combine(backup, "keys")));
            }
            var keyFiles = Directory.GetFiles(Path.Combine(backup, "keys"), "*.xml");
            Assert.NotEmpty(keyFiles);
            foreach (var file in keyFiles)
            {
                if (!OperatingSystem.IsWindows()) Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(file));
                // With Herald:KeyRing:Key the copy holds the ring as the server stored it: encrypted, the key itself nowhere.
                var xml = await File.ReadAllTextAsync(file);
                Assert.Equal(keyRingKey, xml.Contains("aesGcmEncryptedSecret", StringComparison.Ordinal));
                Assert.Equal(keyRingKey, !xml.Contains("unencrypted form", StringComparison.Ordinal));
            }

            // Restore: the live server goes away; `herald restore` fills a new data directory, and a new server starts on it.
            server.Kill();
            var restoredDirectory = NewDirectory();
            (exitCode, text) = await ServerProcess.RunCommandAsync(restoredDirectory, settings, Generous, "restore", "--from", backup);
            Assert.True(exitCode == 0, $"restore exited {exitCode}: {text}");
            if (!OperatingSystem.IsWindows()) Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(restoredDirectory, "herald.db")));
            restored = ServerProcess.Start(restoredDirectory, AdminKey, settings);
            await restored.WaitHealthyAsync(Generous);
            using var admin = restored.CreateClient(AdminKey);
            var listed = await WebhookEventIdsAsync(admin, endpoint.Id);
            var missing = before.Where(id => !listed.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {before.Count} events accepted before the backup are not in it: {string.Join(", ", missing.Take(10))}");

            // The secrets decrypt: the endpoint's is the one shown at creation, and a new event is signed with it
            // and pushed to the gateway with the stored password.
            Assert.Equal(endpoint.Secret, (await admin.GetJsonAsync($"/v1/apps/{App}/endpoints/{endpoint.Id}/secret")).GetProperty("secret").GetString());
            await admin.PostEventAsync(App, PushTestKit.GroupMessage("after-restore", text: "after the restore", sender: "u1"));
            await ApiExtensions.Eventually(() => Task.FromResult(webhooks.Requests.Any(r => r.Body.Contains("\"after-restore\"", StringComparison.Ordinal))),
                Generous, "the restored server delivers a new event");
            var signed = Assert.Single(webhooks.Requests, r => r.Body.Contains("\"after-restore\"", StringComparison.Ordinal));
            Assert.True(signed.SignatureValid, $"not signed with the endpoint's original secret: {signed.VerifyError}");
            await ApiExtensions.Eventually(() => Task.FromResult(gateway.Requests.Any(r => r.Body.Contains("after the restore", StringComparison.Ordinal))),
                Generous, "the restored server pushes the new message through the gateway");
            Assert.All(gateway.Requests.Where(r => r.Body.Contains("after the restore", StringComparison.Ordinal)),
                r => Assert.Equal(PushTestKit.ExpectedBasicAuth, r.Authorization));
        }
        catch
        {
            server.WriteOutputTo(output, "live herald");
            restored?.WriteOutputTo(output, "restored herald");
            throw;
        }
        finally
        {
            restored?.Dispose();
        }
    }

    [Fact]
    public async Task The_commands_refuse_what_they_cannot_do_with_a_reason_and_a_non_zero_exit()
    {
        // Enough of a data directory to get past the database and key ring checks; nothing is read from it.
        var data = NewDirectory();
        Directory.CreateDirectory(Path.Combine(data, "keys"));
        await File.WriteAllTextAsync(Path.Combine(data, "herald.db"), "");
        await File.WriteAllTextAsync(Path.Combine(data, "keys", "key-1.xml"), "<key/>");
        var occupied = NewDirectory();
        Directory.CreateDirectory(occupied);
        await File.WriteAllTextAsync(Path.Combine(occupied, "keep.txt"), "an earlier backup");

        var (code, text) = await ServerProcess.RunCommandAsync(data, null, Generous, "backup", "--to", occupied);
        Assert.True(code != 0 && text.Contains("is not empty", StringComparison.Ordinal), $"{code}: {text}");
        Assert.Equal(new[] { "keep.txt" }, Directory.GetFileSystemEntries(occupied).Select(Path.GetFileName).ToArray());

        (code, text) = await ServerProcess.RunCommandAsync(NewDirectory(), null, Generous, "backup", "--to", NewDirectory());
        Assert.True(code != 0 && text.Contains("No Herald database", StringComparison.Ordinal), $"{code}: {text}");

        (code, text) = await ServerProcess.RunCommandAsync(data, new Dictionary<string, string?> { ["Herald:Storage:Provider"] = "Postgres" },
            Generous, "backup", "--to", NewDirectory());
        Assert.True(code != 0 && text.Contains("pg_dump", StringComparison.Ordinal), $"{code}: {text}");

        // A restore writes only into an empty place: never over a database (a running Herald's, or one not moved aside).
        (code, text) = await ServerProcess.RunCommandAsync(data, null, Generous, "restore", "--from", data);
        Assert.True(code != 0 && text.Contains("There is a database at", StringComparison.Ordinal), $"{code}: {text}");
        Assert.Equal(0, new FileInfo(Path.Combine(data, "herald.db")).Length);

        (code, text) = await ServerProcess.RunCommandAsync(data, null, Generous, "backup");
        Assert.True(code != 0 && text.Contains("Usage: herald backup --to DIR", StringComparison.Ordinal), $"{code}: {text}");
    }

    /// <summary>The event ids of every webhook delivery to the endpoint, all pages.</summary>
    private static async Task<HashSet<string>> WebhookEventIdsAsync(HttpClient admin, string endpointId)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await admin.GetJsonAsync($"/v1/apps/{App}/deliveries?kind=webhook&endpointId={endpointId}&limit=500" + (cursor is null ? "" : $"&cursor={cursor}"));
            foreach (var d in page.GetProperty("items").EnumerateArray()) ids.Add(d.GetProperty("eventId").GetString()!);
            cursor = page.GetProperty("next").GetString();
        } while (cursor is not null);
        return ids;
    }
}
