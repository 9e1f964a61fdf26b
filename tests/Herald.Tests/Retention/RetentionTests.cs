using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Retention;
using Herald.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Retention;

/// <summary>A 1-hour period swept every 10 minutes, on a clock the test moves.</summary>
public sealed class HourRetentionFixture() : ClockedHerald("r", new Dictionary<string, string?>
{
    ["Herald:Retention:Period"] = "1h", ["Herald:Retention:SweepInterval"] = "10m",
});

/// <summary>
/// Retention through the service: the sweep runs on its interval and deletes finished deliveries with their
/// attempts, then events nothing refers to, once their last activity is older than the period; a delivery
/// still retrying keeps itself, its attempts and its event; a deleted event's id may be used again.
/// </summary>
public sealed class RetentionTests(HourRetentionFixture fx) : IClassFixture<HourRetentionFixture>
{
    private static object Evt(string id, string type) => new
    {
        id, type, sender = new { uid = "u1" }, conversation = new { id = "c1", type = "group" }, recipients = new[] { "u2" },
        data = new { text = "hi" },
    };

    private static async Task<JsonElement[]> DeliveriesAsync(HttpClient admin, string app, string endpointId) =>
        (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?endpointId={endpointId}&limit=100")).GetProperty("items").EnumerateArray().ToArray();

    [Fact]
    public async Task The_sweep_deletes_what_finished_before_the_period_on_its_interval_and_keeps_what_still_retries()
    {
        await using var ok = await Receiver.StartAsync();
        await using var down = await Receiver.StartAsync();
        down.Respond = (_, _) => Task.FromResult(503);
        var (app, admin) = await fx.NewAppAsync();
        var okEndpoint = (await admin.CreateEndpointAsync(app, new { url = ok.Url })).Id;
        var downEndpoint = (await admin.CreateEndpointAsync(app, new { url = down.Url, eventTypes = new[] { "message.created" } })).Id;

        // Messages go to both endpoints, reactions only to the one that answers.
        var batch = new { events = new[] { Evt("m1", "message.created"), Evt("m2", "message.created"), Evt("r1", "reaction.added"), Evt("r2", "reaction.added") } };
        Assert.Equal(202, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch)).StatusCode);
        await ApiExtensions.Eventually(async () => (await DeliveriesAsync(admin, app, okEndpoint)).Count(d => d.GetProperty("status").GetString() == "succeeded") == 4
                                                   && (await DeliveriesAsync(admin, app, downEndpoint)).All(d => d.GetProperty("attempts").GetInt32() >= 1),
            TimeSpan.FromSeconds(20), "four deliveries succeed and the two to the failing endpoint are tried once");

        // 70 minutes later, the sweep that falls due within them finds the succeeded ones past the 1-hour period.
        fx.Clock.Advance(TimeSpan.FromMinutes(70));
        await ApiExtensions.Eventually(async () => (await DeliveriesAsync(admin, app, okEndpoint)).Length == 0,
            TimeSpan.FromSeconds(20), "the succeeded deliveries are swept");

        var kept = await DeliveriesAsync(admin, app, downEndpoint);
        Assert.Equal(2, kept.Length);
        Assert.All(kept, d => Assert.Equal("pending", d.GetProperty("status").GetString()));
        var detail = await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{kept[0].GetProperty("id").GetString()}");
        Assert.NotEmpty(detail.GetProperty("attempts").EnumerateArray()); // its attempt log is kept with it

        // The reactions' events went with their last delivery; the messages' stay for the retries.
        var again = await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch);
        var results = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("duplicate").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["m1"] = true, ["m2"] = true, ["r1"] = false, ["r2"] = false }, results);
    }
}

/// <summary>A 1-minute period; the test runs each sweep itself (the interval is out of its way).</summary>
public sealed class MinuteRetentionFixture() : ClockedHerald("s", new Dictionary<string, string?>
{
    ["Herald:Retention:Period"] = "1m", ["Herald:Retention:SweepInterval"] = "1d",
});

/// <summary>Under steady load with a short period the database stops growing: freed space is used again.</summary>
public sealed class BoundedStorageTests(MinuteRetentionFixture fx) : IClassFixture<MinuteRetentionFixture>
{
    [Fact]
    public async Task Under_steady_load_the_database_size_stays_within_1_6_times_between_two_points()
    {
        await using var receiver = await Receiver.StartAsync();
        var (app, admin) = await fx.NewAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        var sweeper = fx.Factory.Services.GetRequiredService<RetentionSweeper>();
        var text = new string('x', 1_000);
        var sizes = new List<long>();
        long deleted = 0;
        const int Rounds = 24, PerRound = 250;
        for (var round = 0; round < Rounds; round++)
        {
            var batch = new { events = Enumerable.Range(0, PerRound).Select(i => new
            {
                id = $"e{round}_{i}", type = "message.created", sender = new { uid = "u1" }, recipients = new[] { "u2" }, data = new { text },
            }).ToArray() };
            Assert.Equal(202, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch)).StatusCode);
            var expected = (round + 1) * PerRound;
            await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count >= expected), TimeSpan.FromSeconds(30),
                $"round {round}'s webhooks arrive");
            fx.Clock.Advance(TimeSpan.FromSeconds(20)); // three rounds per period: about four rounds are kept at any time
            deleted += (await sweeper.SweepAsync(default)).Total;
            sizes.Add(await fx.Store.DatabaseSizeAsync(default));
        }
        Assert.True(deleted > (Rounds - 5) * PerRound * 2, $"the sweeps deleted {deleted} rows");
        // Between a point once the period is full (round 8) and the end, three times as many events went through.
        var (early, late) = (sizes[7], sizes[^1]);
        Assert.True(late <= early * 1.6, $"database {early} bytes at round 8, {late} at round {Rounds}: {string.Join(", ", sizes)}");
    }

    [Fact]
    public async Task The_root_key_runs_a_sweep_now_and_the_metrics_show_what_it_deleted()
    {
        await using var receiver = await Receiver.StartAsync();
        var (app, admin) = await fx.NewAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        var batch = new { events = Enumerable.Range(0, 20).Select(i => new { id = $"now{i}", type = "message.created", sender = new { uid = "u1" } }).ToArray() };
        Assert.Equal(202, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch)).StatusCode);
        await ApiExtensions.Eventually(() => Task.FromResult(receiver.Requests.Count >= 20), TimeSpan.FromSeconds(20), "the webhooks arrive");
        fx.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/v1/retention/sweep", null)).StatusCode); // an app's key may not
        using var root = fx.Client(HeraldHost.RootKey);
        var report = await root.PostAsync("/v1/retention/sweep", null);
        var json = await report.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.IsSuccessStatusCode, json.ToString());
        Assert.True(json.GetProperty("deliveryRows").GetInt64() >= 40, json.ToString()); // 20 deliveries and their 20 attempts at least
        Assert.True(json.GetProperty("events").GetInt64() >= 20, json.ToString());

        var metrics = await (await root.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Matches(@"(?m)^herald_retention_deleted_total\{[^}]*table=""deliveries""[^}]*\} [1-9]", metrics);
        Assert.Matches(@"(?m)^herald_retention_deleted_total\{[^}]*table=""events""[^}]*\} [1-9]", metrics);
        Assert.Matches(@"(?m)^herald_database_size_bytes(\{[^}]*\})? [1-9]", metrics);
    }
}
