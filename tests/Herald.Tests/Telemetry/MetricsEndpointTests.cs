using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Herald.Telemetry;
using Herald.Tests.Push;
using Herald.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Herald.Tests.Telemetry;

/// <summary>
/// /metrics scraped after real traffic and read as Prometheus would, and the spans. Alone in a
/// non-parallel collection: OpenTelemetry's MeterListener subscribes to meters by name process-wide,
/// so another test's host running at the same time would add its deliveries to these counters
/// (in production one process is one host, so this only concerns tests).
/// </summary>
[Collection(nameof(MetricsEndpointTests))]
[CollectionDefinition(nameof(MetricsEndpointTests), DisableParallelization = true)]
public sealed class MetricsEndpointTests
{
    private static readonly string[] AttemptBounds = ["5", "10", "25", "50", "100", "250", "500", "1000", "2500", "5000", "10000", "+Inf"];

    [Fact]
    public async Task After_real_traffic_metrics_are_valid_Prometheus_text_with_every_Herald_series_and_exact_counts()
    {
        await using var ok = await Receiver.StartAsync();
        await using var failing = await Receiver.StartAsync();
        await using var gateway = await Receiver.StartAsync();
        failing.Respond = (_, _) => Task.FromResult(500);
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Delivery:RetrySchedule"] = "0s" }); // one attempt, then failed
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = ok.Url, eventTypes = new[] { "message.created" } });
        await admin.CreateEndpointAsync(app, new { url = failing.Url, eventTypes = new[] { "call.initiated" } });

        // Webhooks: 5 events to the healthy endpoint (3 single, a batch of 2), a repeat, 1 event to the failing one.
        for (var i = 0; i < 3; i++) await admin.PostEventAsync(app, new { id = $"m{i}", type = "message.created" });
        var batch = new { events = new[] { new { id = "b1", type = "message.created" }, new { id = "b2", type = "message.created" } } };
        Assert.Equal(202, (int)(await admin.PostAsJsonAsync($"/v1/apps/{app}/events/batch", batch)).StatusCode);
        await admin.PostEventAsync(app, new { id = "m0", type = "message.created" }); // refused as a duplicate
        await admin.PostEventAsync(app, new { id = "c1", type = "call.initiated" });
        await CountAsync(admin, app, "status=succeeded&kind=webhook", 5);
        await CountAsync(admin, app, "status=failed", 1);

        // Push, added only now so the events above made no fan-outs: one group message to two recipients
        // through the custom provider (one fan-out, two pushes, one more webhook), and an APNs certificate
        // expiring in 20 days for the expiry gauge.
        await admin.AddCustomProviderAsync(app, gateway);
        var cert = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", new
        {
            name = "dev cert", platform = "ios", provider = "apns", environment = "sandbox", active = true,
            p12 = TestCredentials.P12Base64(DateTimeOffset.UtcNow, daysLeft: 20), p12Password = TestCredentials.P12Password,
        });
        Assert.True(cert.IsSuccessStatusCode, await cert.Content.ReadAsStringAsync());
        await admin.PostEventAsync(app, PushTestKit.GroupMessage("g1", recipients: new[] { "u2", "u3" }));
        await CountAsync(admin, app, "status=succeeded&kind=push", 2);
        await CountAsync(admin, app, "status=succeeded&kind=webhook", 6);

        using var client = herald.CreateClient();
        var m = await ScrapeAsync(client);

        // Types, as the exporter names them: counters get _total, units become suffixes (ms → _milliseconds, s → _seconds).
        Assert.Equal("counter", m.TypeOf["herald_events_ingested_total"]);
        Assert.Equal("counter", m.TypeOf["herald_events_duplicates_total"]);
        Assert.Equal("counter", m.TypeOf["herald_deliveries_total"]);
        Assert.Equal("histogram", m.TypeOf["herald_attempt_duration_milliseconds"]);
        Assert.Equal("histogram", m.TypeOf["herald_fanout_jobs"]);
        foreach (var gauge in new[] { "herald_queue_pending", "herald_queue_due", "herald_queue_oldest_due_age_seconds", "herald_queue_dead_letters", "herald_credential_days_to_expiry", "herald_storage_full" })
            Assert.Equal("gauge", m.TypeOf[gauge]);
        Assert.Equal("histogram", m.TypeOf["http_server_request_duration_seconds"]); // ASP.NET Core
        Assert.Equal("counter", m.TypeOf["dotnet_gc_collections_total"]); // runtime: .NET's built-in System.Runtime meter
        Assert.Contains(m.Samples, s => s.Name == "dotnet_process_memory_working_set_bytes" && s.Value > 0);

        // Values.
        Assert.Equal(6, m.Sum("herald_events_ingested_total", ("type", "message.created")));
        Assert.Equal(1, m.Sum("herald_events_ingested_total", ("type", "call.initiated")));
        Assert.Equal(1, m.Sum("herald_events_duplicates_total", ("type", "message.created")));
        Assert.Equal(6, m.Sum("herald_deliveries_total", ("kind", "webhook"), ("provider", "none"), ("outcome", "succeeded")));
        Assert.Equal(2, m.Sum("herald_deliveries_total", ("kind", "push"), ("provider", "custom"), ("outcome", "succeeded")));
        Assert.Equal(8, m.Sum("herald_deliveries_total", ("outcome", "succeeded")));
        Assert.Equal(1, m.Sum("herald_deliveries_total", ("kind", "webhook"), ("outcome", "failed")));
        Assert.Equal(9, m.Sum("herald_deliveries_total"));
        Assert.Equal(1, m.Sum("herald_fanout_jobs_count"));
        Assert.Equal(2, m.Sum("herald_fanout_jobs_sum"));
        Assert.Equal(0, m.Sum("herald_queue_pending"));
        Assert.Equal(1, m.Sum("herald_queue_dead_letters"));
        Assert.Equal(0, m.Sum("herald_storage_full")); // 1 only while the database's disk is full (Process/DiskFullTests.cs)
        Assert.Equal(0, m.Sum("herald_queue_oldest_due_age_seconds"));
        Assert.InRange(m.Sum("herald_credential_days_to_expiry", ("provider", "apns")), 19, 20.01);
        Assert.Empty(m.Series("herald_credential_days_to_expiry", ("provider", "custom"))); // no expiry, no series

        // The attempt histogram: our bounds, cumulative, +Inf equal to the count, one observation per attempt.
        var buckets = m.Series("herald_attempt_duration_milliseconds_bucket", ("kind", "webhook"), ("outcome", "succeeded")).ToList();
        Assert.Equal(AttemptBounds, buckets.Select(b => b.Labels["le"]));
        Assert.True(buckets.Zip(buckets.Skip(1)).All(p => p.First.Value <= p.Second.Value), "buckets are cumulative");
        Assert.Equal(6, buckets[^1].Value);
        Assert.Equal(6, m.Sum("herald_attempt_duration_milliseconds_count", ("kind", "webhook"), ("outcome", "succeeded")));
        Assert.True(m.Sum("herald_attempt_duration_milliseconds_sum", ("kind", "webhook")) > 0);
        Assert.Equal(9, m.Sum("herald_attempt_duration_milliseconds_count"));

        // Requests are counted by route (6 single-event POSTs), and the scrapes themselves are not.
        Assert.Equal(6, m.Sum("http_server_request_duration_seconds_count", ("http_route", "/v1/apps/{app}/events/"), ("http_response_status_code", "202")));
        Assert.DoesNotContain(m.Samples, s => s.Has("http_route", "/metrics") && s.Name.StartsWith("http_server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_can_be_turned_off_and_tracing_is_registered_only_with_an_OTLP_endpoint()
    {
        using (var off = new HeraldHost(new Dictionary<string, string?> { ["Herald:Monitoring:MetricsEnabled"] = "false" }))
        {
            using var client = off.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
            Assert.Null(off.Services.GetService<MeterProvider>());
            Assert.NotNull(off.Services.GetService<HeraldMetrics>()); // the code still records, into nothing
        }
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            using var plain = new HeraldHost();
            Assert.Null(plain.Services.GetService<TracerProvider>());
        }
        // Nothing listens there: the exporter's failures are its own business and do not stop Herald.
        using var otlp = new HeraldHost(new Dictionary<string, string?> { ["Herald:Monitoring:OtlpEndpoint"] = "http://127.0.0.1:9" });
        Assert.NotNull(otlp.Services.GetService<TracerProvider>());
        using var c = otlp.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Ingest_and_deliver_spans_carry_the_same_event_id_but_are_separate_traces()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == HeraldTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.CreateEndpointAsync(app, new { url = receiver.Url });
        await admin.PostEventAsync(app, new { id = "traced-1", type = "message.created" });
        await CountAsync(admin, app, "status=succeeded", 1);

        var mine = spans.Where(s => Equals(s.GetTagItem("herald.app_id"), app)).ToList();
        var ingest = Assert.Single(mine, s => s.OperationName == "ingest");
        var deliver = Assert.Single(mine, s => s.OperationName == "deliver");
        Assert.Equal("traced-1", ingest.GetTagItem("herald.event_id"));
        Assert.Equal(1, ingest.GetTagItem("herald.event_count"));
        Assert.Equal("traced-1", deliver.GetTagItem("herald.event_id"));
        Assert.Equal("webhook", deliver.GetTagItem("herald.kind"));
        Assert.Equal("succeeded", deliver.GetTagItem("herald.outcome"));
        Assert.Equal(200, deliver.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Ok, deliver.Status);
        // The queue carries no trace context (docs/OPERATIONS.md): the delivery starts a trace of its own.
        Assert.Null(deliver.ParentId);
        Assert.NotEqual(ingest.TraceId, deliver.TraceId);
    }

    private static Task CountAsync(HttpClient admin, string app, string query, int expected) =>
        ApiExtensions.Eventually(async () =>
            (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?{query}&limit=100")).GetProperty("items").GetArrayLength() == expected,
            TimeSpan.FromSeconds(15), $"{expected} deliveries with {query}");

    private static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("text/plain; version=0.0.4"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
}
