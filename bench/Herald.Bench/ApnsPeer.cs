using System.Diagnostics;
using System.Globalization;

namespace Herald.Bench;

/// <summary>
/// The apns scenario's independent reference: bench/apns-peer/peer.js, which drives @parse/node-apn (a widely used
/// open-source APNs client, from npm) against the same TLS mock with the same number of HTTP/2 connections.
/// Installed with npm on first use (package-lock.json pins it), as the bench installs wrk.
/// </summary>
internal sealed class ApnsPeer : IAsyncDisposable
{
    private readonly Process _process;

    private ApnsPeer(Process process, string node)
    {
        _process = process;
        Node = node;
    }

    /// <summary>The node version that ran the peer.</summary>
    public string Node { get; }

    public int Pid => _process.Id;
    public double CpuSeconds => ProcStat.CpuSeconds(_process.Id);

    public static async Task<ApnsPeer> StartAsync(string repo, Uri mock, string p8File, string keyId, string teamId, string topic, string caFile, int connections)
    {
        var dir = Path.Combine(repo, "bench", "apns-peer");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "@parse", "node-apn")))
        {
            Progress.Line("installing the APNs peer client (npm ci in bench/apns-peer)");
            await Commands.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--silent"], dir);
        }
        var node = (await Commands.RunAsync("node", ["--version"], dir)).Trim();
        var start = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "peer.js", mock.Host, mock.Port.ToString(CultureInfo.InvariantCulture), p8File, keyId, teamId, topic, caFile,
                     connections.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start) ?? throw new HarnessException("could not start node"); }
        catch (System.ComponentModel.Win32Exception ex) { throw new HarnessException($"node is needed for the APNs peer client: {ex.Message}"); }
        var peer = new ApnsPeer(process, node);
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready != "ready") throw new HarnessException($"the APNs peer did not start: {ready}");
        return peer;
    }

    /// <summary>Pushes one alert to each device run/1..count; returns the pushes the client counted as failed and its own milliseconds.</summary>
    public async Task<(int Failed, double Ms)> SendAsync(int run, int count)
    {
        await _process.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"send {run} {count}"));
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2))
            ?? throw new HarnessException("the APNs peer exited");
        var parts = line.Split(' ');
        if (parts is not ["done", var failed, var ms]) throw new HarnessException($"the APNs peer answered '{line}'");
        return (int.Parse(failed, CultureInfo.InvariantCulture), double.Parse(ms, CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("quit");
            await _process.StandardInput.FlushAsync();
        }
        catch (IOException) { }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        _process.Dispose();
    }
}
