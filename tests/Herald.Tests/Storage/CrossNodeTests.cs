using System.Net.Http.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Storage;

/// <summary>Two in-process Herald nodes on one PostgreSQL database: what must hold across nodes does.</summary>
public sealed class CrossNodeTests
{
    private static HeraldHost Node(string connectionString) => new(new Dictionary<string, string?>
    {
        ["Herald:Storage:Provider"] = "Postgres",
        ["ConnectionStrings:Herald"] = connectionString,
    });

    [Fact]
    public async Task An_endpoints_rate_limit_holds_for_both_nodes_together()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var receiver = await Receiver.StartAsync();
        await using var warmReceiver = await Receiver.StartAsync();
        using var a = Node(database.ConnectionString);
        using var b = Node(database.ConnectionString);
        var (app, admin) = await a.CreateAppAsync();
        _ = b.Services; // start node b: its workers claim from the same queue
        // Warm the send path first, through an endpoint without a limit: sends the gate allowed in successive windows
        // while the path was still cold (JIT, first connections) otherwise arrive together and look like a burst.
        var warm = await admin.CreateEndpointAsync(app, new { url = warmReceiver.Url, eventTypes = new[] { "reaction.added" } });
        var warmBatch = new { events = Enumerable.Range(0, 20).Select(i => new { id = $"w{i}", type = "reaction.added" }).ToArray() };
        Assert.Equal(202, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", warmBatch)).StatusCode);
        await ApiExtensions.Eventually(() => Task.FromResult(warmReceiver.Requests.Count >= 20), TimeSpan.FromSeconds(20), "the warm-up arrives");

        await admin.CreateEndpointAsync(app, new { url = receiver.Url, eventTypes = new[] { "message.created" }, rateLimitPerSecond = 5 });
        var batch = new { events = Enumerable.Range(0, 20).Select(i => new { id = $"rl{i}", type = "message.created" }).ToArray() };
        Assert.Equal(202, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch)).StatusCode);

        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count >= 20), TimeSpan.FromSeconds(20), "all 20 arrive");
        var times = receiver.Requests.Select(r => r.At).Order().ToArray();
        // 20 at 5/s for both nodes together cannot take much less than 4 s; per node it would be 2 s.
        Assert.True((times[^1] - times[0]).TotalSeconds >= 3.2, $"took only {(times[^1] - times[0]).TotalSeconds:0.00}s");
        // The gate allows one send per 200 ms window across both nodes, so any second overlaps at most 6 windows; one more
        // is slack for when sends arrive (two allowed at a window's edge can land a few ms apart, and a send can be held up
        // on its way). Limits per node would show 10-12 in a second.
        var busiest = times.Max(t0 => times.Count(t => t >= t0 && t < t0.AddSeconds(1)));
        Assert.True(busiest <= 7, $"{busiest} deliveries within one second; arrivals at +{string.Join(", +", times.Select(t => (t - times[0]).TotalMilliseconds.ToString("0")))} ms");
    }

    [Fact]
    public async Task A_secret_encrypted_by_one_node_signs_on_the_other()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var receiver = await Receiver.StartAsync();
        using var a = Node(database.ConnectionString);
        using var b = Node(database.ConnectionString);
        var (app, adminA) = await a.CreateAppAsync();
        var endpoint = await adminA.CreateEndpointAsync(app, new { url = receiver.Url });
        receiver.Verifier = new Herald.Webhooks.WebhookVerifier(endpoint.Secret);
        // The same app key works on node b, and so does the endpoint's secret (Data Protection ring in the database).
        using var adminB = b.ClientWith(adminA.DefaultRequestHeaders.Authorization!.Parameter);
        var reveal = await adminB.GetJsonAsync($"/v1/apps/{app}/endpoints/{endpoint.Id}/secret");
        Assert.Contains(endpoint.Secret, reveal.ToString(), StringComparison.Ordinal);
        await adminB.PostEventAsync(app, new { id = "x1", type = "message.created" });
        await ApiExtensions.Eventually(() => Task.FromResult(!receiver.Requests.IsEmpty), TimeSpan.FromSeconds(10), "the event arrives");
        Assert.True(receiver.Requests.First().SignatureValid);
    }
}
