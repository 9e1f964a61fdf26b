using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Herald.Testing;

namespace Herald.Bench;

/// <summary>
/// apns: one group message to N members, each with one registered APNs device, sent with token auth
/// over HTTP/2 with TLS to the loopback mock; pushes/s from the event's 202 to the Nth distinct push. Then the
/// peer (<see cref="ApnsPeer"/>, @parse/node-apn) pushes to N devices of the same mock with the same number of
/// connections, in the same run: the ratio of the two is the figure that counts (issue 24).
/// </summary>
internal sealed partial class Scenarios
{
    private int ApnsPushes => tiny ? 500 : 20_000;

    public async Task<IReadOnlyList<Row>> ApnsAsync()
    {
        const string app = "bench";
        const int warmRun = 1, measuredRun = 2;
        var n = ApnsPushes;
        var warmMembers = tiny ? 100 : 1_000;
        using var ca = new TestCa();
        await using var mock = await ApnsMock.StartAsync(ca.Server);
        await using var server = await StartServerAsync(new Dictionary<string, string>
        {
            ["Herald:Push:Apns:ProductionUrl"] = mock.Url,
            ["Herald:Push:Apns:SandboxUrl"] = mock.Url,
            ["Herald:Push:Apns:TrustedCaFile"] = ca.PemFile,
        });
        using var client = server.CreateClient();
        await Api.CreateAppAsync(client, app);
        var p8 = await ApnsApi.CreateTokenCredentialAsync(client, app);

        // Set-up, not timed: devices for the warm-up group and the measured group, registered concurrently.
        var setup = Stopwatch.StartNew();
        await ApnsApi.RegisterDevicesAsync(client, app, "w", warmRun, warmMembers);
        await ApnsApi.RegisterDevicesAsync(client, app, "u", measuredRun, n);
        Progress.Line($"apns: {warmMembers + n:#,0} devices registered in {setup.Elapsed.TotalSeconds:0.0}s");
        var warmChannel = Guid.NewGuid().ToString();
        var channel = Guid.NewGuid().ToString();
        await PushApi.PutMembersAsync(client, app, warmChannel, "w", warmMembers);
        await PushApi.PutMembersAsync(client, app, channel, "u", n);

        // Warm-up until tiered JIT settles (see fanout); at most 25 rounds, under the default push throttle.
        var rounds = 0;
        double jitInRound;
        do
        {
            rounds++;
            var jit0 = server.TieredJitCpuSeconds;
            var warm = mock.Current = new ApnsLog(warmRun, warmMembers);
            await PushApi.SendGroupMessageAsync(client, app, warmChannel, "warm" + rounds.ToString(CultureInfo.InvariantCulture));
            await WaitApnsAsync(warm, "apns warm-up", server);
            await Task.Delay(300);
            jitInRound = server.TieredJitCpuSeconds - jit0;
        }
        while (rounds < (tiny ? 1 : 3) || (jitInRound > 0.02 && rounds < (tiny ? 3 : 25)));
        Progress.Line(string.Create(CultureInfo.InvariantCulture,
            $"apns: warmed up with {rounds} group messages to {warmMembers:#,0} devices; tiered JIT in the last round {jitInRound * 1000:0} ms CPU"));

        var log = new ApnsLog(measuredRun, n);
        var serverAtFirst = 0.0;
        log.OnFirstArrival = () => serverAtFirst = server.CpuSeconds;
        mock.Current = log;
        var profile = await Profile.StartAsync(server.Pid, $"apns-{Store}");
        var cpu = new CpuSplit(receiver, store.Postmaster, server);
        var server0 = server.CpuSeconds;
        var self0 = ProcStat.CpuSeconds(Environment.ProcessId);
        var machine0 = ProcStat.MachineBusySeconds();
        var posted = Stopwatch.GetTimestamp();
        await PushApi.SendGroupMessageAsync(client, app, channel, "1");
        var accepted = Stopwatch.GetTimestamp();
        await using (Progress.Every(() => $"apns: {log.Distinct:#,0}/{n:#,0} pushes received"))
            await WaitApnsAsync(log, "apns", server);
        var cpuText = cpu.Stop(n);
        if (profile is not null) await profile.DisposeAsync();
        var serverCpu = server.CpuSeconds;
        var serverCpuMs = (serverCpu - server0) * 1000;
        var perPushSending = (serverCpu - serverAtFirst) / n * 1e6;
        // Everything else on the machine (other builds and tests) while the pushes were sent: the noise indicator.
        var window = Seconds(posted, Stopwatch.GetTimestamp());
        var others = Math.Max(0, (ProcStat.MachineBusySeconds() - machine0 - (server.CpuSeconds - server0) - (ProcStat.CpuSeconds(Environment.ProcessId) - self0)) / window);
        cpuText += string.Create(CultureInfo.InvariantCulture, $"; other processes {others:0.00} cores");
        await Task.Delay(500); // late repeats still count as duplicates

        var seconds = Seconds(accepted, log.CompletedAt);
        var rate = n / seconds;
        var firstMs = Seconds(accepted, log.FirstArrival) * 1000;
        var sendSeconds = Seconds(log.FirstArrival, log.CompletedAt);
        var sendRate = (n - 1) / Math.Max(sendSeconds, 1e-6);
        var peak = Mb(server.PeakRssBytes);
        var checks = $"{log.Distinct:#,0}/{n:#,0} distinct devices, {log.Duplicates:#,0} duplicates, {log.Unknown:#,0} unknown, " +
                     (log.Bad == 0 ? "every push well-formed (path, topic, push type, bearer JWT, apns-id, size)" : $"{log.Bad:#,0} MALFORMED, first: {log.FirstProblem}");
        var timeline = string.Create(CultureInfo.InvariantCulture,
            $"event POST to 202 {Seconds(posted, accepted) * 1000:0.0} ms; first push {firstMs:0} ms after the 202 (fan-out planned and committed); " +
            $"{n:#,0} pushes in {sendSeconds:0.000}s after it = {sendRate:#,0}/s; Herald CPU {(serverAtFirst - server0) * 1000:0} ms before the first push " +
            $"(ingest, fan-out, commit, claim), {perPushSending:0} µs per push while sending, {serverCpuMs / n * 1000:0} µs per push overall");
        Progress.Line(string.Create(CultureInfo.InvariantCulture, $"apns: {n:#,0} pushes, 202 to last push {seconds:0.000}s = {rate:#,0}/s; {timeline}"));
        Progress.Line($"apns: {checks}; {cpuText}");
        var valid = log.Bad == 0 && log.Distinct == n;
        var peer = await PeerAsync(ca, mock, p8, n, warmMembers);
        var ratio = rate / peer.Rate;
        return
        [
            new("apns", Store, "pushes/s", rate, "/s", null, null, ">= 10,000/s", valid && rate >= 10_000, peak,
                $"{n:#,0} devices (one group message.created to {n:#,0} members, one iPhone each), token auth, HTTP/2 over TLS to the loopback mock, " +
                $"default MaxConnectionsPerCredential ({ApnsConnections}); 202 to the last distinct push; {checks}; {timeline}; {cpuText}"),
            new("apns", Store, "pushes/s vs @parse/node-apn", rate, "/s", peer.Rate, ratio, ">= 1.2x the peer client", valid && ratio >= 1.2, peak,
                $"the same run, the same TLS mock and {ApnsConnections} connections: Herald {rate:#,0}/s from the 202, the peer {peer.Rate:#,0}/s; {peer.Notes}"),
            new("apns", Store, "server peak RSS", peak, "MB", null, null, "-", null, peak, $"whole server lifetime incl. {warmMembers + n:#,0} device registrations and warm-up"),
        ];
    }

    /// <summary>Herald's default MaxConnectionsPerCredential, given to the peer as its clientCount.</summary>
    private const int ApnsConnections = 2;

    /// <summary>
    /// The peer: warm-up rounds of <paramref name="warm"/> devices until V8 has compiled the client's paths, then
    /// <paramref name="n"/> devices, timed from the command to the mock's last distinct push (as Herald's from the 202).
    /// </summary>
    private async Task<(double Rate, string Notes)> PeerAsync(TestCa ca, ApnsMock mock, string p8, int n, int warm)
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"herald-bench-{Guid.NewGuid():N}.p8");
        await File.WriteAllTextAsync(keyFile, p8);
        try
        {
            await using var peer = await ApnsPeer.StartAsync(BenchRunner.FindRepoRoot(), new Uri(mock.Url), keyFile, ApnsApi.KeyId, ApnsApi.TeamId,
                ApnsMock.Topic, ca.PemFile, ApnsConnections);
            const int peerRun = 3;
            for (var round = 0; round < (tiny ? 1 : 3); round++)
            {
                var warmLog = mock.Current = new ApnsLog(peerRun + round, warm);
                var (warmFailed, _) = await peer.SendAsync(peerRun + round, warm);
                if (warmFailed > 0 || warmLog.Bad > 0) throw new HarnessException($"apns peer warm-up: {warmFailed} failed, {warmLog.Bad} malformed (first: {warmLog.FirstProblem})");
            }
            var run = peerRun + 3;
            var log = mock.Current = new ApnsLog(run, n);
            var cpu0 = peer.CpuSeconds;
            var started = Stopwatch.GetTimestamp();
            var (failed, ms) = await peer.SendAsync(run, n);
            await log.Complete.Task.WaitAsync(Stall);
            var seconds = Seconds(started, log.CompletedAt);
            var perPush = (peer.CpuSeconds - cpu0) / n * 1e6;
            var rate = n / seconds;
            Progress.Line(string.Create(CultureInfo.InvariantCulture,
                $"apns peer (@parse/node-apn): {n:#,0} pushes in {seconds:0.000}s = {rate:#,0}/s ({ms:0} ms by its own clock), {failed} failed, {log.Bad} malformed, {perPush:0} µs CPU per push"));
            if (failed > 0 || log.Bad > 0) throw new HarnessException($"apns peer: {failed} failed, {log.Bad} malformed (first: {log.FirstProblem})");
            return (rate, string.Create(CultureInfo.InvariantCulture,
                $"peer: @parse/node-apn 8.1.0 on node {peer.Node}, one notification per device, {n:#,0} in {seconds:0.000}s, {perPush:0} µs CPU per push"));
        }
        finally { File.Delete(keyFile); }
    }

    private static async Task WaitApnsAsync(ApnsLog log, string label, HeraldServer server)
    {
        var last = -1;
        var progress = Stopwatch.StartNew();
        while (!log.Complete.Task.IsCompleted)
        {
            await Task.WhenAny(log.Complete.Task, Task.Delay(100));
            if (log.Distinct != last) { last = log.Distinct; progress.Restart(); }
            if (log.Complete.Task.IsCompleted) break;
            if (server.HasExited) throw new HarnessException($"Herald exited during {label} with {last:#,0}/{log.Expected:#,0} pushes received.\n{server.Output}");
            if (progress.Elapsed > Stall)
                throw new HarnessException($"{label}: {log.Missing():#,0} of {log.Expected:#,0} devices got no push after {Stall.TotalSeconds:0}s without progress; " +
                    $"{log.Requests:#,0} requests, {log.Bad:#,0} malformed (first: {log.FirstProblem ?? "none"}).\n{server.Output}");
        }
    }
}

/// <summary>APNs set-up through Herald's public API: a .p8 credential made on the spot and one device per member.</summary>
internal static class ApnsApi
{
    public const string KeyId = "BENCH12345", TeamId = "TEAM123456";

    /// <returns>The .p8 key (PEM) the credential was made with.</returns>
    public static async Task<string> CreateTokenCredentialAsync(HttpClient client, string app)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p8 = key.ExportPkcs8PrivateKeyPem();
        using var r = await client.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", new
        {
            name = "bench APNs key", platform = "ios", provider = "apns", environment = "production", p8,
            keyId = KeyId, teamId = TeamId, topic = ApnsMock.Topic, active = true,
        });
        if (r.StatusCode != HttpStatusCode.Created) throw new HarnessException($"create APNs credential: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return p8;
    }

    public static async Task RegisterDevicesAsync(HttpClient client, string app, string prefix, int run, int count)
    {
        var next = 0;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= count)
            {
                var uid = prefix + i.ToString(CultureInfo.InvariantCulture);
                using var r = await client.PutAsJsonAsync($"/v1/apps/{app}/users/{uid}/devices/iphone-{uid}",
                    new { platform = "ios", provider = "apns", token = ApnsMock.Token(run, i) });
                if (!r.IsSuccessStatusCode) throw new HarnessException($"register device of {uid}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(Worker)));
    }
}
