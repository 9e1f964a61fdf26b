using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Herald.Bench;

/// <summary>
/// The loopback limit as an independent load generator measures it: wrk (Debian's package, installed here when
/// missing, as test.sh installs Chromium) posting Herald's own webhook body and headers to the same receiver
/// process, on as many connections as Herald's delivery concurrency. Our own HttpClient used to be the reference,
/// which made the ratio a comparison of .NET with itself (issue 24).
/// </summary>
internal static partial class Wrk
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    public static async Task<string> EnsureInstalledAsync()
    {
        var found = Which("wrk");
        if (found is not null) return found;
        await Installing.WaitAsync();
        try
        {
            if (Which("wrk") is { } again) return again;
            if (Environment.UserName != "root")
                throw new HarnessException("wrk (the load generator that measures the loopback limit) is missing: apt-get install wrk");
            Progress.Line("installing wrk (apt-get install wrk)");
            await Commands.RunAsync("apt-get", ["install", "-y", "-qq", "wrk"], allowFailure: true);
            if (Which("wrk") is null)
            {
                await Commands.RunAsync("apt-get", ["update", "-qq"], allowFailure: true);
                await Commands.RunAsync("apt-get", ["install", "-y", "-qq", "wrk"]);
            }
            return Which("wrk") ?? throw new HarnessException("apt-get install wrk did not put wrk on the PATH");
        }
        finally { Installing.Release(); }
    }

    /// <summary>Requests/s that wrk reached posting <paramref name="body"/> with <paramref name="headers"/> for <paramref name="seconds"/>.</summary>
    public static async Task<double> MeasureAsync(Uri url, byte[] body, IReadOnlyDictionary<string, string> headers, int connections, int seconds)
    {
        var wrk = await EnsureInstalledAsync();
        var dir = Directory.CreateTempSubdirectory("herald-wrk-");
        try
        {
            var bodyPath = Path.Combine(dir.FullName, "body.json");
            await File.WriteAllBytesAsync(bodyPath, body);
            var lua = new StringBuilder();
            lua.Append("wrk.method = \"POST\"\n");
            lua.Append(CultureInfo.InvariantCulture, $"local f = io.open({LuaString(bodyPath)}, \"rb\")\nwrk.body = f:read(\"*a\")\nf:close()\n");
            lua.Append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
            foreach (var (k, v) in headers) lua.Append(CultureInfo.InvariantCulture, $"wrk.headers[{LuaString(k)}] = {LuaString(v)}\n");
            var script = Path.Combine(dir.FullName, "post.lua");
            await File.WriteAllTextAsync(script, lua.ToString());
            var threads = Math.Max(1, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
            var output = await Commands.RunAsync(wrk, ["-t", threads, "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s", "-s", script, url.ToString()]);
            if (NonSuccess().Match(output) is { Success: true } bad)
                throw new HarnessException($"wrk: {bad.Groups[1].Value} answers were not 2xx:\n{output}");
            var rate = RequestsPerSecond().Match(output);
            if (!rate.Success) throw new HarnessException($"wrk printed no Requests/sec:\n{output}");
            return double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally { dir.Delete(recursive: true); }
    }

    private static string LuaString(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex NonSuccess();
}
