using System.Net.Http.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Queue;

public sealed class LaneTests
{
    [Fact]
    public async Task A_new_event_is_not_kept_waiting_behind_a_backlog_of_retries()
    {
        await using var failing = await Receiver.StartAsync();
        failing.Respond = async (_, _) => { await Task.Delay(300); return 500; };
        await using var healthy = await Receiver.StartAsync();
        using var herald = new HeraldHost(new Dictionary<string, string?>
        {
            ["Herald:Delivery:Concurrency"] = "4",
            ["Herald:Delivery:ClaimBatchSize"] = "4",
            ["Herald:Delivery:RetrySchedule"] = "0s,10ms,10ms,10ms,10ms,10ms,10ms,10ms,10ms,10ms,10ms,10ms,10ms,10ms,10ms,10ms",
        });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = failing.Url, eventTypes = new[] { "message.created" } });
        await admin.CreateEndpointAsync(app, new { url = healthy.Url, eventTypes = new[] { "call.initiated" } });
        var backlog = new { events = Enumerable.Range(0, 40).Select(i => new { id = $"f{i}", type = "message.created" }).ToArray() };
        Assert.Equal(202, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", backlog)).StatusCode);

        // Wait until every backlog job has failed once: from then on they are all retries, always due.
        await ApiExtensions.Eventually(async () =>
        {
            var items = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?limit=100")).GetProperty("items").EnumerateArray();
            return items.All(i => i.GetProperty("attempts").GetInt32() >= 1);
        }, TimeSpan.FromSeconds(30), "the backlog has been tried once");

        await admin.PostEventAsync(app, new { id = "urgent", type = "call.initiated" });
        var stored = DateTimeOffset.UtcNow; // the 202 comes once the event and its delivery are stored
        await ApiExtensions.Eventually(() => Task.FromResult(!healthy.Requests.IsEmpty), TimeSpan.FromSeconds(10), "the new event arrives");
        var arrived = healthy.Requests.First().At;
        // Counted in retries, not milliseconds (a busy machine stretches every send): a FIFO queue would send
        // the ~36 retries already due before the new event; a lane of its own gets it the first slot that
        // frees, so only retries claimed before it was stored (at most one per slot, 4 wide) go first.
        var ahead = failing.Requests.Count(r => r.At > stored && r.At < arrived);
        Assert.True(ahead <= 8, $"{ahead} retries were sent between the new event being stored and its delivery");
    }
}
