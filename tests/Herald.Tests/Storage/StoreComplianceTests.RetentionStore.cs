using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IRetentionStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    /// <summary>A whole walk as the sweep makes it, in batches of <paramref name="limit"/>: rows deleted.</summary>
    private static async Task<long> WalkAsync(Func<long, Task<SweepStep>> step)
    {
        long deleted = 0, after = 0;
        for (var batches = 0; ; batches++)
        {
            Assert.True(batches < 100, "the walk never reached its end");
            var s = await step(after);
            deleted += s.Deleted;
            if (s.Done) return deleted;
            Assert.True(s.NextAfterSeq > after, "a batch that is not the last moves the walk on");
            after = s.NextAfterSeq;
        }
    }

    [Fact]
    public async Task The_sweep_deletes_finished_deliveries_and_unreferenced_events_older_than_the_cutoff_and_nothing_pending()
    {
        const long Cutoff = T0 + 1_000;
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("ok", endpoints: ["ep1"]), Event("dead", endpoints: ["ep1"]), Event("retrying", endpoints: ["ep1"]),
            Event("queued", endpoints: ["ep1"]), Event("late", endpoints: ["ep1"]), Event("cancelled", endpoints: ["ep1"]), Event("unrouted"), Event("second", endpoints: ["ep1"]));
        await IngestAsync(Event("new", at: Cutoff + 500, endpoints: ["ep1"]));
        var claimed = (await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 10, default)).ToDictionary(j => j.Id.Split('_')[1]);
        var jobs = claimed.ToDictionary(kv => kv.Key, kv => kv.Value.Seq);
        await Store.RecordOutcomesAsync(
        [
            Ok(jobs["ok"], T0 + 10),
            new(jobs["dead"], OutcomeKind.Dead, T0 + 10, null, new AttemptRecord(1, T0 + 5, 4, 410, "failed", "HTTP 410", null), "HTTP 410"),
            Retry(jobs["retrying"], T0 + 10, T0 + 5_000),
            new(jobs["queued"], OutcomeKind.Deferred, T0 + 10, T0 + 200, null, null),
            new(jobs["cancelled"], OutcomeKind.Cancelled, T0 + 10, null, null, "endpoint disabled"),
            Retry(jobs["second"], T0 + 10, T0 + 20),
        ], "w", default);
        var second = (await Store.ClaimAsync(1, T0 + 20, T0 + 30_000, "w", 10, default)).Single();
        await Store.RecordOutcomesAsync([Ok(second.Seq, T0 + 30, attempt: 2)], "w", default);
        await Store.RecordOutcomesAsync([Ok(jobs["late"], Cutoff + 1)], "w", default); // old event, recent activity
        var fresh = (await Store.ClaimAsync(0, Cutoff + 500, Cutoff + 30_000, "w", 10, default)).Single(j => j.Id == "msg_new_ep1");
        await Store.RecordOutcomesAsync([Ok(fresh.Seq, Cutoff + 600)], "w", default);

        // ok, dead, cancelled and second go with their attempts: a first attempt is in its delivery's row, so
        // that is four delivery rows and the attempts row of second's second attempt.
        Assert.Equal(5, await WalkAsync(after => Store.SweepDeliveriesAsync(Cutoff, after, 2, default)));
        foreach (var gone in new[] { "ok", "dead", "cancelled", "second" })
            Assert.Null(await Store.GetDeliveryAsync(App, $"msg_{gone}_ep1", default));
        var retrying = (await Store.GetDeliveryAsync(App, "msg_retrying_ep1", default))!;
        Assert.Equal(("pending", 1), (retrying.Delivery.Status, retrying.Attempts.Count));
        Assert.Equal("pending", (await Store.GetDeliveryAsync(App, "msg_queued_ep1", default))!.Delivery.Status);
        Assert.Single((await Store.GetDeliveryAsync(App, "msg_late_ep1", default))!.Attempts);
        Assert.Single((await Store.GetDeliveryAsync(App, "msg_new_ep1", default))!.Attempts);

        // The events of ok, dead, cancelled and second, and the one that never had a delivery; the rest are still needed.
        Assert.Equal(5, await WalkAsync(after => Store.SweepEventsAsync(Cutoff, after, 2, default)));
        var counts = await Store.CountAsync(default);
        Assert.Equal((4L, 4L), (counts.Events, counts.Deliveries));
        Assert.Equal(0, await WalkAsync(after => Store.SweepDeliveriesAsync(Cutoff, after, 2, default))); // nothing left to do
        Assert.Equal(0, await WalkAsync(after => Store.SweepEventsAsync(Cutoff, after, 2, default)));

        // A kept event still delivers (its payload is there for the retry); a deleted event's id is free again.
        var retryingEvent = claimed["retrying"].EventSeq;
        Assert.True((await Store.GetEventPayloadsAsync([retryingEvent], default)).ContainsKey(retryingEvent));
        var again = await IngestAsync(Event("ok", at: Cutoff + 700), Event("retrying", at: Cutoff + 700, endpoints: ["ep1"]));
        Assert.Equal([false, true], again.Select(r => r.Duplicate));
    }

    [Fact]
    public async Task Old_monitoring_rows_are_deleted_per_app_in_batches_and_newer_ones_kept()
    {
        await Store.CreateAppAsync(new AppRecord("app2", "Two", "us", T0), default);
        for (var minute = 0; minute < 5; minute++)
        {
            await Store.RecordQueueSampleAsync(App, T0 + minute * 60_000L, new QueueStats(1, 0, null, 0), default);
            await Store.RecordQueueSampleAsync("app2", T0 + minute * 60_000L, new QueueStats(1, 0, null, 0), default);
        }
        const long Cutoff = T0 + 3 * 60_000L; // minutes 0, 1 and 2 go
        Assert.Equal(2, await Store.DeleteOldRollupsAsync(App, Cutoff, 2, default));
        Assert.Equal(1, await Store.DeleteOldRollupsAsync(App, Cutoff, 2, default));
        Assert.Equal(0, await Store.DeleteOldRollupsAsync(App, Cutoff, 2, default));
        Assert.Equal([T0 + 180_000, T0 + 240_000], (await Store.GetQueueSamplesAsync(App, T0, T0 + 600_000, default)).Select(s => s.At));
        Assert.Equal(5, (await Store.GetQueueSamplesAsync("app2", T0, T0 + 600_000, default)).Count);
    }

    [Fact]
    public async Task Reclaiming_space_after_a_sweep_leaves_the_store_working()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Enumerable.Range(0, 200).Select(i => Event($"e{i}", endpoints: ["ep1"])).ToArray());
        var jobs = await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 200, default);
        await Store.RecordOutcomesAsync(jobs.Select(j => Ok(j.Seq, T0 + 1)).ToList(), "w", default);
        var before = await Store.DatabaseSizeAsync(default);
        Assert.True(before > 0);
        Assert.Equal(200, await WalkAsync(after => Store.SweepDeliveriesAsync(T0 + 10, after, 1000, default))); // first attempts are in their rows
        Assert.Equal(200, await WalkAsync(after => Store.SweepEventsAsync(T0 + 10, after, 1000, default)));
        Assert.False(string.IsNullOrEmpty(await Store.ReclaimSpaceAsync(default)));
        await IngestAsync(Event("after", at: T0 + 20, endpoints: ["ep1"]));
        Assert.Equal("msg_after_ep1", (await Store.ClaimAsync(0, T0 + 20, T0 + 30_000, "w", 10, default)).Single().Id);
    }
}
