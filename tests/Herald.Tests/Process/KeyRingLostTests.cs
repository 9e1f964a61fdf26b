using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Secrets;
using Herald.Tests.Push;
using Herald.Tests.Support;
using Herald.Webhooks;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// The key ring (SQLite: {DataDirectory}/keys) is lost between two runs of a real server: Data Protection
/// makes a new key and everything stored under the old one stops decrypting. Herald must say so, not
/// answer 500 or defer the sends as internal errors for ever: the sends are failed attempts naming the
/// cause (on the retry schedule), the API answers a problem naming cause and fix, diagnostics name it,
/// and the log says it once. Rotating the secret and uploading the credential again recover; so does
/// putting the backed-up key files back.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class KeyRingLostTests(ITestOutputHelper output) : IDisposable
{
    private const string AdminKey = "hk_root_keyring-lost-0123456789";
    private const string App = "klapp";
    private const string IdempotencyKey = "create-ci-key-1";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    // The second attempt comes 6 s after the first (no jitter), past the endpoint cache's 5 s: it reads the secrets
    // again, which must not log again. The third is an hour away: the test sees a schedule, not a loop.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Herald:Delivery:RetrySchedule"] = "0s,6s,1h",
        ["Herald:Delivery:RetryJitter"] = "0",
    };
    private readonly DataDirectories _directories = new();

    private string NewDirectory() => _directories.New();

    public void Dispose() => _directories.Dispose();

    [Fact]
    public async Task Secrets_under_a_lost_key_ring_fail_with_the_cause_and_recover_by_rotation_or_by_restoring_the_keys()
    {
        await using var webhooks = await Receiver.StartAsync();
        await using var gateway = await Receiver.StartAsync();
        var data = NewDirectory();
        var savedKeys = NewDirectory();
        var servers = new List<(string Label, ServerProcess Server)>();
        ServerProcess Start(string label)
        {
            var server = ServerProcess.Start(data, AdminKey, Settings);
            servers.Add((label, server));
            return server;
        }
        try
        {
            // Run 1: everything is stored under the original key ring, and works.
            var first = Start("first run");
            await first.WaitHealthyAsync(Generous);
            using var root = first.CreateClient(AdminKey);
            Assert.True((await root.PostAsJsonAsync("/v1/apps", new { id = App, name = "Key ring lost" })).IsSuccessStatusCode);
            var endpoint = await root.CreateEndpointAsync(App, new { url = webhooks.Url });
            webhooks.Verifier = new WebhookVerifier(endpoint.Secret);
            await root.AddCustomProviderAsync(App, gateway);
            await root.PutOkAsync($"/v1/apps/{App}/channels/hiking/members", new { members = new[] { "u1", "u2" } });
            var (status, firstAnswer) = await CreateKeyIdempotentlyAsync(root);
            Assert.Equal(HttpStatusCode.Created, status);
            await root.PostEventAsync(App, PushTestKit.GroupMessage("before", text: "before the loss", sender: "u1"));
            await ArrivesAsync(webhooks, "\"before\"", "the first run delivers");
            await ArrivesAsync(gateway, "before the loss", "the first run pushes");
            Assert.True(first.Terminate(Generous), "the first run did not stop on SIGTERM");

            // The key ring is lost (kept aside here, as a backup would hold it).
            var keys = Path.Combine(data, "keys");
            Directory.CreateDirectory(savedKeys);
            foreach (var file in Directory.GetFiles(keys)) File.Copy(file, Path.Combine(savedKeys, Path.GetFileName(file)));
            Directory.Delete(keys, recursive: true);

            // Run 2: Herald starts (it cannot tell a lost ring from a new installation) with a new key.
            var second = Start("run without the key ring");
            await second.WaitHealthyAsync(Generous);
            using var admin = second.CreateClient(AdminKey);

            // The API answers a problem naming cause and fix, never a 500.
            using (var secret = await admin.GetAsync($"/v1/apps/{App}/endpoints/{endpoint.Id}/secret"))
                await AssertUnreadableProblemAsync(secret);
            var (replayStatus, replayAnswer) = await CreateKeyIdempotentlyAsync(admin);
            Assert.True(replayStatus == HttpStatusCode.Conflict && replayAnswer.Contains("key ring", StringComparison.Ordinal),
                $"an Idempotency-Key whose stored answer cannot be decrypted: {(int)replayStatus} {replayAnswer}");

            // A new event: the webhook and the push each fail with the cause, as recorded attempts on the retry schedule.
            await admin.PostEventAsync(App, PushTestKit.GroupMessage("lost", text: "after the loss", sender: "u1"));
            var webhook = await FailedTwiceAsync(admin, "webhook", "lost");
            Assert.Equal(UnreadableSecret.WebhookError, webhook.GetProperty("lastError").GetString());
            Assert.Equal("pending", webhook.GetProperty("status").GetString()); // the third attempt is scheduled (1 h), not a loop
            var push = await FailedTwiceAsync(admin, "push", "lost");
            Assert.StartsWith("the active custom credential 'gateway'", push.GetProperty("lastError").GetString());
            Assert.Contains("cannot be decrypted: the key ring that encrypted it is not available", push.GetProperty("lastError").GetString());
            Assert.DoesNotContain(webhooks.Requests, r => r.Body.Contains("\"lost\"", StringComparison.Ordinal));
            Assert.DoesNotContain(gateway.Requests, r => r.Body.Contains("after the loss", StringComparison.Ordinal));

            // Said once each, though the second attempts read the endpoint and the credential again; never as an internal error.
            Assert.Equal(1, Count(second.Output, $"Endpoint {endpoint.Id}: 1 signing secret(s) cannot be decrypted (0 can)"));
            Assert.Equal(1, Count(second.Output, "The active custom credential 'gateway'"));
            Assert.Equal(0, Count(second.Output, "failed inside Herald"));

            var findings = (await admin.GetJsonAsync($"/v1/apps/{App}/diagnostics")).GetProperty("findings").EnumerateArray()
                .Select(f => f.GetProperty("code").GetString()).ToList();
            Assert.Contains("secret-unreadable", findings);
            Assert.Contains("credential-unreadable", findings);

            // Recovery without the old ring: a rotated secret signs alone (the unreadable one, still in its grace period,
            // is left out), and a credential uploaded again pushes.
            using (var rotate = await admin.PostAsync($"/v1/apps/{App}/endpoints/{endpoint.Id}/secret/rotate", null))
            {
                var body = await rotate.Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(rotate.IsSuccessStatusCode, $"rotate: {(int)rotate.StatusCode} {body}");
                webhooks.Verifier = new WebhookVerifier(body.GetProperty("secret").GetString()!);
            }
            await admin.AddCustomProviderAsync(App, gateway);
            await admin.PostEventAsync(App, PushTestKit.GroupMessage("rotated", text: "after the rotation", sender: "u1"));
            var signed = await ArrivesAsync(webhooks, "\"rotated\"", "the rotated secret signs");
            Assert.True(signed.SignatureValid, $"not signed with the rotated secret: {signed.VerifyError}");
            var pushed = await ArrivesAsync(gateway, "after the rotation", "the credential uploaded again pushes");
            Assert.Equal(PushTestKit.ExpectedBasicAuth, pushed.Authorization);
            Assert.True(second.Terminate(Generous), "the second run did not stop on SIGTERM");

            // Recovery with the old ring: its key files go back beside the new key, and what was stored under them decrypts again.
            foreach (var file in Directory.GetFiles(savedKeys)) File.Copy(file, Path.Combine(keys, Path.GetFileName(file)));
            var third = Start("run with the key ring restored");
            await third.WaitHealthyAsync(Generous);
            using var restored = third.CreateClient(AdminKey);
            var (againStatus, again) = await CreateKeyIdempotentlyAsync(restored);
            Assert.Equal(HttpStatusCode.Created, againStatus);
            Assert.Equal(firstAnswer, again); // the answer stored by the first run, decrypted with the restored key
        }
        catch
        {
            foreach (var (label, server) in servers) server.WriteOutputTo(output, label);
            throw;
        }
        finally
        {
            foreach (var (_, server) in servers) server.Dispose();
        }
    }

    /// <summary>POST .../keys under the same Idempotency-Key and body each time: the first creates, later ones replay.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> CreateKeyIdempotentlyAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/apps/{App}/keys") { Content = JsonContent.Create(new { name = "ci", scope = "ingest" }) };
        request.Headers.Add("Idempotency-Key", IdempotencyKey);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertUnreadableProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(UnreadableSecret.ProblemDetail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }

    /// <summary>The delivery of the event of that kind, once it has two recorded attempts.</summary>
    private static async Task<JsonElement> FailedTwiceAsync(HttpClient admin, string kind, string eventId)
    {
        JsonElement found = default;
        await ApiExtensions.Eventually(async () =>
        {
            var page = await admin.GetJsonAsync($"/v1/apps/{App}/deliveries?kind={kind}&limit=100");
            found = page.GetProperty("items").EnumerateArray().FirstOrDefault(d => d.GetProperty("eventId").GetString() == eventId);
            return found.ValueKind == JsonValueKind.Object && found.GetProperty("attempts").GetInt32() >= 2;
        }, Generous, $"the {kind} delivery of '{eventId}' has two recorded attempts ({found})");
        return found;
    }

    private static async Task<Received> ArrivesAsync(Receiver receiver, string marker, string what)
    {
        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Any(r => r.Body.Contains(marker, StringComparison.Ordinal))), Generous, what);
        return receiver.Requests.First(r => r.Body.Contains(marker, StringComparison.Ordinal));
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
