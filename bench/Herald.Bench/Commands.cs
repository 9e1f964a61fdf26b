using System.Diagnostics;

namespace Herald.Bench;

/// <summary>Runs a command of the machine (apt-get, wrk, npm, node) to its end and returns what it printed.</summary>
internal static class Commands
{
    /// <param name="allowFailure">False: a non-zero exit is a <see cref="HarnessException"/> carrying the output.</param>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, string? workingDirectory = null, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(start) ?? throw new HarnessException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var text = await stdout + await stderr;
        if (p.ExitCode != 0 && !allowFailure) throw new HarnessException($"{file} {string.Join(' ', start.ArgumentList)} exited {p.ExitCode}:\n{text}");
        return text;
    }
}
