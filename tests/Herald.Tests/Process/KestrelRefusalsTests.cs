using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace Herald.Tests.Processes;

/// <summary>
/// What the real server (Kestrel, not the in-process test host) answers to requests it refuses, sent
/// as raw bytes over loopback. Body limits reach Herald's pipeline and are problem details; a bad
/// request line, an over-long URI and over-large headers are refused by Kestrel before any middleware
/// runs (so they cannot be problem details), and the server stays healthy after each.
/// </summary>
public sealed class KestrelRefusalsTests(ITestOutputHelper output) : IDisposable
{
    private const string AdminKey = "hk_root_kestrel-refusals-0123456789";
    private readonly string _dataDirectory = ServerProcess.NewDataDirectory();
    private ServerProcess? _server;

    public void Dispose()
    {
        _server?.Dispose();
        ServerProcess.DeleteDirectory(_dataDirectory);
    }

    private async Task<ServerProcess> StartAsync()
    {
        _server = ServerProcess.Start(_dataDirectory, AdminKey);
        await _server.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        using var root = _server.CreateClient(AdminKey);
        using var created = await root.PostAsync("/v1/apps", new StringContent("""{"id":"kapp","name":"K"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)created.StatusCode);
        return _server;
    }

    /// <summary>Sends raw request bytes; returns the status line, the headers and the start of the body.</summary>
    private static async Task<(int Status, string Head, string Body)> RawAsync(ServerProcess server, string head, int bodyBytesToSend = 0)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (bodyBytesToSend > 0) await stream.WriteAsync(new byte[bodyBytesToSend]);
        var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // a give-up limit, not a measurement
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                answer.Write(buffer, 0, n);
                var text = Encoding.UTF8.GetString(answer.ToArray());
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0 && (text.Contains("Content-Length: 0", StringComparison.OrdinalIgnoreCase) || text.Length > end + 4 && text.TrimEnd().EndsWith('}')))
                    break;
            }
        }
        catch (IOException) { } // Kestrel may reset the connection right after its answer
        var all = Encoding.UTF8.GetString(answer.ToArray());
        var split = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no HTTP answer: '{all}'");
        return (int.Parse(all.AsSpan(9, 3)), all[..split], all[(split + 4)..]);
    }

    [Fact]
    public async Task Body_limits_answer_problem_details_and_pre_pipeline_refusals_keep_the_server_healthy()
    {
        var server = await StartAsync();
        try
        {
            // A management body declared over the 1 MB limit: refused from Content-Length, before reading it.
            var keys = await RawAsync(server,
                $"POST /v1/apps/kapp/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {AdminKey}\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n", 100);
            Assert.Equal(413, keys.Status);
            Assert.Contains("application/problem+json", keys.Head);
            Assert.Contains("Herald:Api:MaxJsonBodyBytes", keys.Body);

            // An event batch declared over every limit (Kestrel's MaxRequestBodySize is the largest of Herald's).
            var batch = await RawAsync(server,
                $"POST /v1/apps/kapp/events/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {AdminKey}\r\nContent-Type: application/json\r\nContent-Length: 40000000\r\n\r\n", 100);
            Assert.Equal(413, batch.Status);
            Assert.Contains("application/problem+json", batch.Head);

            // Refused by Kestrel before the pipeline: plain answers, never a 500, and the server goes on.
            var malformed = await RawAsync(server, "GET /healthz HTTP/1.1\r\nHost: x\r\nA header without a colon\r\n\r\n");
            Assert.Equal(400, malformed.Status);
            var version = await RawAsync(server, "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n");
            Assert.Equal(505, version.Status);
            var uri = await RawAsync(server, $"GET /v1/apps/{new string('a', 20_000)} HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(414, uri.Status);
            var headers = await RawAsync(server, $"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {new string('h', 40_000)}\r\n\r\n");
            Assert.Equal(431, headers.Status);

            using var client = server.CreateClient(AdminKey);
            Assert.Equal(200, (int)(await client.GetAsync("/healthz")).StatusCode);
            Assert.Equal(200, (int)(await client.GetAsync("/v1/apps/kapp")).StatusCode);
        }
        catch
        {
            server.WriteOutputTo(output, "herald");
            throw;
        }
    }
}
