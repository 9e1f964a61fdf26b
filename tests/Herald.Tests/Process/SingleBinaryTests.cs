using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Herald.Testing;
using Herald.Tests.Support;
using Herald.Webhooks;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// The single binary (issue 23): <c>dotnet publish src/Herald -c Release -r linux-x64</c> gives one file, herald,
/// which runs from another working directory with dotnet off the PATH, on its own runtime, and serves the API, a
/// delivery and the console from what is inside it. test.sh publishes once and passes the folder in
/// HERALD_SINGLE_BINARY_DIR; without it the test publishes itself (minutes), so it never passes on nothing.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class SingleBinaryTests(ITestOutputHelper output)
{
    private const string AdminKey = "hk_root_single-binary-test-key-0123456789";

    [Fact]
    public async Task The_published_binary_runs_alone_without_the_shared_runtime()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            Assert.Fail("this test publishes and runs linux-x64; run it on linux-x64");
        var given = Environment.GetEnvironmentVariable("HERALD_SINGLE_BINARY_DIR");
        var publishDirectory = string.IsNullOrEmpty(given) ? await PublishAsync() : given;

        // One file, nothing beside it: the console's assets, the catalog and the settings are inside.
        string[] files = [.. Directory.GetFileSystemEntries(publishDirectory).Select(e => Path.GetFileName(e))];
        Assert.Equal(new[] { "herald" }, files);
        var executable = Path.Combine(publishDirectory, "herald");
        output.WriteLine($"herald: {new FileInfo(executable).Length / 1024.0 / 1024.0:0.0} MiB");

        var workingDirectory = ServerProcess.NewDataDirectory();
        var dataDirectory = Path.Combine(ServerProcess.NewDataDirectory(), "data");
        Directory.CreateDirectory(workingDirectory);
        var path = string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Where(d => d.Length > 0 && !File.Exists(Path.Combine(d, "dotnet"))));
        await using var receiver = await Receiver.StartAsync();
        using var server = ServerProcess.Start(new ServerProcess.SingleBinary(executable, workingDirectory, path), dataDirectory, AdminKey);
        try
        {
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"start to the first /healthz 200: {Stopwatch.GetElapsedTime(server.StartTimestamp).TotalMilliseconds:0} ms");

            // What was loaded, not what the environment suggested: the apphost would find an installed runtime
            // in its default place even with dotnet off the PATH.
            var maps = await File.ReadAllLinesAsync($"/proc/{server.ProcessId}/maps");
            Assert.Contains(maps, l => l.EndsWith(executable, StringComparison.Ordinal)); // the right process's map
            var shared = maps.Where(l => l.Contains("/shared/Microsoft.NETCore.App/", StringComparison.Ordinal)
                                         || l.Contains("/shared/Microsoft.AspNetCore.App/", StringComparison.Ordinal)).ToList();
            Assert.True(shared.Count == 0, "the shared runtime was loaded:\n" + string.Join('\n', shared.Take(5)));

            using var root = server.CreateClient(AdminKey);
            const string app = "binapp";
            var created = await root.PostAsJsonAsync("/v1/apps", new { id = app, name = "Single binary" });
            Assert.True(created.IsSuccessStatusCode, $"create app: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            var endpoint = await root.CreateEndpointAsync(app, new { url = receiver.Url });
            receiver.Verifier = new WebhookVerifier(endpoint.Secret);
            await root.PostEventAsync(app, new { id = "bin-1", type = "message.created", sender = new { uid = "u1" }, data = new { text = "hi" } });
            var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
            while (receiver.Requests.IsEmpty && Stopwatch.GetTimestamp() < deadline) await Task.Delay(50);
            var got = Assert.Single(receiver.Requests);
            Assert.True(got.SignatureValid, got.VerifyError);
            Assert.Contains("\"bin-1\"", got.Body, StringComparison.Ordinal);

            // The console's sign-in page and its stylesheet come from the binary.
            using var anonymous = server.CreateClient();
            var login = await anonymous.GetAsync(new Uri("/console/login", UriKind.Relative));
            var html = await login.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Contains("<form", html, StringComparison.Ordinal);
            Assert.Contains("/console/assets/console.css", html, StringComparison.Ordinal);
            var css = await anonymous.GetAsync(new Uri("/console/assets/console.css", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.NotEmpty(await css.Content.ReadAsByteArrayAsync());

            // Its state is in Herald:DataDirectory, and the working directory is left as it was.
            Assert.True(File.Exists(Path.Combine(dataDirectory, "herald.db")), "no herald.db in Herald:DataDirectory");
            Assert.Empty(Directory.GetFileSystemEntries(workingDirectory));
        }
        catch
        {
            server.WriteOutputTo(output, "herald (single binary)");
            throw;
        }
        finally
        {
            server.Kill();
            ServerProcess.DeleteDirectory(workingDirectory);
            ServerProcess.DeleteDirectory(Path.GetDirectoryName(dataDirectory)!);
            if (string.IsNullOrEmpty(given)) ServerProcess.DeleteDirectory(publishDirectory);
        }
    }

    private async Task<string> PublishAsync()
    {
        var outDirectory = ServerProcess.NewDataDirectory();
        var info = new ProcessStartInfo(ServerLaunch.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Combine(ServerProcess.RepoRoot, "src", "Herald"), "-c", "Release", "-r", "linux-x64", "-o", outDirectory, "-nologo", "-v", "q" })
            info.ArgumentList.Add(arg);
        var started = Stopwatch.GetTimestamp();
        using var publish = System.Diagnostics.Process.Start(info)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        output.WriteLine($"dotnet publish -r linux-x64: {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await stdout}\n{await stderr}");
        return outDirectory;
    }
}
