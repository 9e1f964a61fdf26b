using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IMonitoringStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    /// <summary>Where the dispatcher counts a webhook to ep1 (its handler names the rollup; an outcome without one counts nowhere).</summary>
    private static DeliveryOutcome AtEp1(DeliveryOutcome outcome) => outcome with { Rollup = new RollupKey(App, "webhook", "ep1") };

    [Fact]
    public async Task Outcomes_are_rolled_up_per_minute_and_a_lost_lease_counts_nowhere()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("ok", endpoints: ["ep1"]), Event("bad", endpoints: ["ep1"]), Event("lost", endpoints: ["ep1"]));
        var jobs = (await Store.ClaimAsync(0, T0, T0 + 1_000, "w", 10, default)).ToDictionary(j => j.Id.Split('_')[1]);
        await Store.RecordOutcomesAsync([AtEp1(Ok(jobs["ok"].Seq, T0 + 10)), AtEp1(Retry(jobs["bad"].Seq, T0 + 20, T0 + 5_000))], "w", default);
        await Store.RecordOutcomesAsync([AtEp1(Ok(jobs["lost"].Seq, T0 + 30))], "someone-else", default);

        var rows = await Store.GetRollupsAsync(App, T0, T0 + 60_000, default);
        var bucket = T0 - T0 % RollupRow.BucketMs;
        var totals = rows.Single(r => r.Code == "");
        Assert.Equal((bucket, "webhook", "ep1"), (totals.Bucket, totals.Channel, totals.Target));
        Assert.Equal((2L, 1L, 0L, 1L, 1L, 0L), (totals.Attempts, totals.Failures, totals.Failed4xx, totals.Failed5xx, totals.JobsSucceeded, totals.JobsFailed));
        Assert.Equal(2, totals.Latency.Sum());
        Assert.Equal(1, rows.Single(r => r.Code == "http_500").Attempts);

        // A second batch in the same minute adds to the same rows.
        var again = (await Store.ClaimAsync(1, T0 + 5_000, T0 + 9_000, "w", 10, default)).Single();
        await Store.RecordOutcomesAsync([AtEp1(Ok(again.Seq, T0 + 5_001, attempt: 2))], "w", default);
        totals = (await Store.GetRollupsAsync(App, T0, T0 + 60_000, default)).Single(r => r.Code == "");
        Assert.Equal((3L, 2L), (totals.Attempts, totals.JobsSucceeded));
        Assert.Empty(await Store.GetRollupsAsync(App, T0 + 120_000, T0 + 180_000, default));
    }

    [Fact]
    public async Task An_outcome_recorded_after_a_restart_is_rolled_up_like_any_other()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("e1", endpoints: ["ep1"]));
        var job = (await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 10, default)).Single();

        // The job was claimed through the first store; the outcome arrives through another (a restarted node).
        await using var again = await OpenAgainAsync();
        await ((IHeraldStore)again).RecordOutcomesAsync([AtEp1(Ok(job.Seq, T0 + 10))], "w", default);

        var totals = (await Store.GetRollupsAsync(App, T0, T0 + 60_000, default)).Single(r => r.Code == "");
        Assert.Equal(("webhook", "ep1", 1L, 1L), (totals.Channel, totals.Target, totals.Attempts, totals.JobsSucceeded));
        Assert.Equal("succeeded", (await ListAsync()).Single().Status);
    }

    [Fact]
    public async Task Event_types_are_counted_with_their_refused_repeats()
    {
        await IngestAsync(Event("e1"), Event("c1", type: "call.initiated"), Event("e1"));
        await Store.IngestAsync(App, [Event("e2", at: T0 + 5), Event("c1", at: T0 + 5, type: "call.initiated")], default);
        var stats = await Store.ListEventTypeStatsAsync(App, default);
        Assert.Equal(["call.initiated", "message.created"], stats.Select(s => s.Type));
        Assert.Equal(new EventTypeStats("call.initiated", 1, 1, T0, T0, T0 + 5), stats[0]);
        Assert.Equal(new EventTypeStats("message.created", 2, 1, T0, T0 + 5, T0), stats[1]);
    }

    [Fact]
    public async Task Queue_stats_devices_and_samples_are_reported()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("a", at: T0, endpoints: ["ep1"]), Event("b", at: T0 + 10, endpoints: ["ep1"]), Event("c", at: T0 + 20, endpoints: ["ep1"]));
        var leased = (await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 1, default)).Single();
        Assert.Equal(new QueueStats(3, 2, T0 + 10, 0), await Store.GetQueueStatsAsync(App, T0 + 100, default));
        await Store.RecordOutcomesAsync([new(leased.Seq, OutcomeKind.Dead, T0 + 1, null, new AttemptRecord(1, T0, 1, 410, "failed", "gone", null), "gone")], "w", default);
        Assert.Equal(new QueueStats(2, 2, T0 + 10, 1), await Store.GetQueueStatsAsync(null, T0 + 100, default));
        Assert.Equal(new QueueStats(0, 0, null, 0), await Store.GetQueueStatsAsync("app2", T0 + 100, default));

        await Store.UpsertDeviceAsync(Device("u1", "d1", "t1"), default);
        await Store.UpsertDeviceAsync(Device("u2", "d2", "t2"), default);
        await Store.UpsertDeviceAsync(Device("u2", "d3", "t3", provider: "apns"), default);
        var devices = await Store.CountDevicesAsync(App, default);
        Assert.Equal(2, devices.Single(d => d.Provider == "fcm").Count);
        Assert.Equal(1, devices.Single(d => d.Provider == "apns").Count);

        await Store.RecordQueueSampleAsync(App, T0, new QueueStats(3, 2, T0, 0), default);
        await Store.RecordQueueSampleAsync(App, T0, new QueueStats(9, 9, null, 9), default); // a second node's sample of the same moment
        await Store.RecordQueueSampleAsync(App, T0 + 60_000, new QueueStats(1, 0, null, 1), default);
        Assert.Equal([new QueueSample(T0, 3, 2, T0, 0)], await Store.GetQueueSamplesAsync(App, T0, T0 + 60_000, default));
        Assert.Equal(2, (await Store.GetQueueSamplesAsync(App, T0, T0 + 60_001, default)).Count);
    }

    [Fact]
    public async Task An_alert_state_changes_once_whoever_sees_the_transition()
    {
        Assert.Null(await Store.SwapAlertStateAsync(App, "webhookFailureRate", "ok", T0, default));
        Assert.Equal("ok", await Store.SwapAlertStateAsync(App, "webhookFailureRate", "ok", T0 + 1, default));
        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Store.SwapAlertStateAsync(App, "webhookFailureRate", "alert", T0 + 2 + i, default))));
        Assert.Single(seen, s => s == "ok"); // one node reports the transition; the others see it done
        Assert.Equal(7, seen.Count(s => s == "alert"));
        Assert.Null(await Store.SwapAlertStateAsync(App, "other", "alert", T0, default));
    }
}
