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
        using var a = Node(database.ConnectionString);
        using var b = Node(database.ConnectionString);
        var (app, admin) = await a.CreateAppAsync();
        _ = b.Services; // start node b: its workers claim from the same queue
        await admin.CreateEndpointAsync(app, new { url = receiver.Url, eventTypes = new[] { "message.created" }, rateLimitPerSecond = 5 });
        var batch = new { events = Enumerable.Range(0, 20).Select(i => new { id = $"rl{i}", type = "message.created" }).ToArray() };
        var posted = DateTimeOffset.UtcNow;
        Assert.Equal(202, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch)).StatusCode);

        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count >= 20), TimeSpan.FromSeconds(20), "all 20 arrive");
        // The gate allows one send per 200 ms window across both nodes: the 20th cannot arrive before ~3.6 s after
        // the post; limits per node would let it through at ~1.8 s. Measured from the post, not between arrivals,
        // so a send held up on its way (which lands next to the following one) cannot look like a burst.
        receiver.AssertPacedAtMost(5, posted);
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
