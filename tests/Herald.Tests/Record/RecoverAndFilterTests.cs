using System.Net.Http.Json;
using System.Text.Json;
using Herald.Client;
using Herald.Tests.Support;
using static Herald.Tests.Support.WebhookFlow;

namespace Herald.Tests.Record;

/// <summary>
/// Recovering an endpoint's failed deliveries (issue 22, item 5) and the log's filters, through real HTTP, a real
/// receiver and real SQLite. One host and one history for all the checks: an endpoint that took one event and
/// refused three, one of them before the time the recovery starts from.
/// </summary>
public sealed class RecoverAndFilterTests(RecoverAndFilterTests.Host fx) : IClassFixture<RecoverAndFilterTests.Host>
{
    public sealed class Host : IDisposable
    {
        public HeraldHost Herald { get; } = new(new Dictionary<string, string?> { ["Herald:Delivery:RetrySchedule"] = "0s" }); // one attempt
        public void Dispose() => Herald.Dispose();
    }

    /// <summary>A new app whose endpoint took ok-1 and refused fail-before, fail-1 and fail-2; <paramref name="Since"/> falls after fail-before.</summary>
    private sealed record History(string App, HttpClient Admin, string Endpoint, Receiver Receiver, DateTimeOffset Since) : IAsyncDisposable
    {
        public string SinceQuery => Uri.EscapeDataString(Since.ToString("O"));
        public async Task<JsonElement> ListAsync(string query) => (await Admin.GetJsonAsync($"/v1/apps/{App}/deliveries?{query}")).GetProperty("items");
        public async Task UntilAsync(string query, int count) =>
            await ApiExtensions.Eventually(async () => (await ListAsync(query)).GetArrayLength() == count, TimeSpan.FromSeconds(15), $"{count} deliveries with {query}");
        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            await Receiver.DisposeAsync();
        }
    }

    private async Task<History> HistoryAsync()
    {
        var receiver = await Receiver.StartAsync();
        // Events whose id starts with "fail" are refused, until a test lets everything through.
        receiver.Respond = (_, r) => Task.FromResult(r.Body.Contains("\"id\":\"fail", StringComparison.Ordinal) ? 503 : 200);
        var (app, admin) = await fx.Herald.CreateAppAsync();
        var endpoint = (await admin.CreateEndpointAsync(app, new { url = receiver.Url })).Id;
        var h = new History(app, admin, endpoint, receiver, default);
        await admin.PostEventAsync(app, Message("fail-before"));
        await h.UntilAsync("status=failed", 1);
        h = h with { Since = DateTimeOffset.UtcNow }; // after fail-before was received, before the others are
        foreach (var id in new[] { "ok-1", "fail-1", "fail-2" }) await admin.PostEventAsync(app, Message(id));
        await h.UntilAsync("status=failed", 3);
        await h.UntilAsync("status=succeeded", 1);
        return h;
    }

    private async Task<HeraldClient> ClientAsync(string app) =>
        new(fx.Herald.CreateClient(), new HeraldClientOptions { ApiKey = await fx.Herald.CreateKeyAsync(app, "admin") });

    private static string[] EventIds(JsonElement items) => items.EnumerateArray().Select(d => d.GetProperty("eventId").GetString()!).ToArray();

    [Fact]
    public async Task Recover_sends_only_the_failed_deliveries_since_then_and_a_dry_run_only_counts()
    {
        await using var h = await HistoryAsync();
        var failedIds = EventIds(await h.ListAsync($"status=failed&from={h.SinceQuery}"));
        Assert.Equal(["fail-2", "fail-1"], failedIds);
        var dry = await h.Admin.PostAsJsonAsync($"/v1/apps/{h.App}/endpoints/{h.Endpoint}/recover", new { since = h.Since, dryRun = true });
        Assert.Equal(200, (int)dry.StatusCode);
        Assert.Equal(2, (await dry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("wouldQueue").GetInt32());
        var replayDry = await h.Admin.PostAsJsonAsync($"/v1/apps/{h.App}/endpoints/{h.Endpoint}/replay", new { since = h.Since, dryRun = true });
        Assert.Equal(3, (await replayDry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("wouldQueue").GetInt32()); // the success too
        Assert.Equal(0, (await h.ListAsync("status=pending")).GetArrayLength()); // the dry runs queued nothing

        var before = h.Receiver.Requests.Count;
        var webhookIds = (await h.ListAsync($"status=failed&from={h.SinceQuery}")).EnumerateArray().Select(d => d.GetProperty("id").GetString()).Order().ToArray();
        h.Receiver.Respond = (_, _) => Task.FromResult(200);
        var client = await ClientAsync(h.App);
        Assert.Equal(2, await client.RecoverEndpointAsync(h.App, h.Endpoint, h.Since));
        await h.UntilAsync("status=succeeded", 3);
        // Exactly the two failed ones arrived again, under their own webhook-ids; ok-1 and fail-before did not.
        var resent = h.Receiver.Requests.Skip(before).ToArray();
        Assert.Equal(webhookIds, resent.Select(r => r.WebhookId).Order().ToArray());
        Assert.Equal(["fail-before"], EventIds(await h.ListAsync("status=failed")));
        Assert.Equal(0, await client.RecoverEndpointAsync(h.App, h.Endpoint, h.Since, dryRun: true));
    }

    [Fact]
    public async Task Each_filter_narrows_the_log_and_pages_within_it()
    {
        await using var h = await HistoryAsync();
        var all = await h.ListAsync("");
        Assert.Equal(4, all.GetArrayLength());
        Assert.Equal(["fail-2", "fail-1", "ok-1"], EventIds(await h.ListAsync($"from={h.SinceQuery}")));
        Assert.Equal(["fail-before"], EventIds(await h.ListAsync($"to={h.SinceQuery}")));
        Assert.Equal(["fail-1"], EventIds(await h.ListAsync("eventId=fail-1")));
        Assert.Equal(["ok-1"], EventIds(await h.ListAsync("httpStatus=200")));
        Assert.Equal(["fail-2", "fail-1", "fail-before"], EventIds(await h.ListAsync("httpStatus=5xx")));
        Assert.Equal(0, (await h.ListAsync("httpStatus=4xx")).GetArrayLength());
        Assert.Equal(4, (await h.ListAsync("minAttempts=1&maxAttempts=1")).GetArrayLength());
        Assert.Equal(0, (await h.ListAsync("minAttempts=2")).GetArrayLength());

        var first = await h.Admin.GetJsonAsync($"/v1/apps/{h.App}/deliveries?httpStatus=503&from={h.SinceQuery}&limit=1");
        Assert.Equal(["fail-2"], EventIds(first.GetProperty("items")));
        var second = await h.Admin.GetJsonAsync($"/v1/apps/{h.App}/deliveries?httpStatus=503&from={h.SinceQuery}&limit=1&cursor={first.GetProperty("next").GetString()}");
        Assert.Equal(["fail-1"], EventIds(second.GetProperty("items")));

        // The typed client sends the same filters.
        var client = await ClientAsync(h.App);
        var page = await client.ListDeliveriesAsync(h.App, new DeliveryQuery { From = h.Since, HttpStatus = "5xx", MaxAttempts = 1, EventId = "fail-2" });
        Assert.Equal("fail-2", Assert.Single(page.Items).EventId);
    }

    [Theory]
    [InlineData("httpStatus=abc", "httpStatus")]
    [InlineData("httpStatus=600", "httpStatus")]
    [InlineData("httpStatus=6xx", "httpStatus")]
    [InlineData("minAttempts=-1", "minAttempts")]
    [InlineData("minAttempts=3&maxAttempts=2", "maxAttempts")]
    [InlineData("from=2026-11-22T10:00:00Z&to=2026-11-22T09:00:00Z", "to")]
    [InlineData("from=yesterday", "from")]
    public async Task A_bad_filter_is_a_400_naming_it(string query, string field)
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var owned = admin;
        var r = await admin.GetAsync($"/v1/apps/{app}/deliveries?{query}");
        Assert.Equal(400, (int)r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var fix), errors.ToString());
        Assert.False(string.IsNullOrWhiteSpace(fix[0].GetString()));
    }

    [Fact]
    public async Task Recover_without_a_since_or_from_the_future_is_a_400()
    {
        var (app, admin) = await fx.Herald.CreateAppAsync();
        using var owned = admin;
        var endpoint = (await admin.CreateEndpointAsync(app, new { url = "http://127.0.0.1:9/hook" })).Id;
        foreach (var body in new object[] { new { dryRun = true }, new { since = DateTimeOffset.UtcNow.AddHours(1) } })
        {
            var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints/{endpoint}/recover", body);
            Assert.Equal(400, (int)r.StatusCode);
            Assert.True((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("since", out _));
        }
        Assert.Equal(404, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints/ep_nope/recover", new { since = DateTimeOffset.UtcNow })).StatusCode);
    }
}
