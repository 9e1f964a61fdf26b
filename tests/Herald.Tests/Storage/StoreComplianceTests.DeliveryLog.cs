using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IDeliveryLog"/>.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task A_finished_delivery_can_be_queued_again_but_a_queued_one_cannot()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("e1", endpoints: ["ep1"]));
        Assert.Equal(RequeueResult.NotFound, await Store.RequeueDeliveryAsync(App, "nope", T0, default));
        Assert.Equal(RequeueResult.AlreadyQueued, await Store.RequeueDeliveryAsync(App, "msg_e1_ep1", T0, default));
        var job = (await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 10, default)).Single();
        await Store.RecordOutcomesAsync([Retry(job.Seq, T0 + 1, T0 + 5_000)], "w", default);
        job = (await Store.ClaimAsync(1, T0 + 5_000, T0 + 35_000, "w", 10, default)).Single();
        await Store.RecordOutcomesAsync([new(job.Seq, OutcomeKind.Dead, T0 + 5_001, null, new AttemptRecord(2, T0 + 5_000, 1, 500, "failed", "x", null), "x")], "w", default);
        Assert.Equal(RequeueResult.NotFound, await Store.RequeueDeliveryAsync("app2", "msg_e1_ep1", T0 + 9_000, default));
        Assert.Equal(RequeueResult.Queued, await Store.RequeueDeliveryAsync(App, "msg_e1_ep1", T0 + 9_000, default));
        var d = (await Store.GetDeliveryAsync(App, "msg_e1_ep1", default))!.Delivery;
        Assert.Equal(("pending", 2, (long?)(T0 + 9_000)), (d.Status, d.AttemptCount, d.NextAttemptAt));
        var fresh = (await Store.ClaimAsync(0, T0 + 9_000, T0 + 39_000, "w", 10, default)).Single(); // back in the first lane, schedule restarted
        Assert.Equal((0, 2), (fresh.ScheduleIndex, fresh.AttemptCount));
    }

    [Fact]
    public async Task Replay_queues_finished_deliveries_again_and_adds_the_events_an_endpoint_never_had()
    {
        await AddEndpointAsync("ep1", ["message.*"]);
        await IngestAsync(Event("old", at: T0 - 10_000, endpoints: ["ep1"]), Event("done", at: T0, endpoints: ["ep1"]),
            Event("queued", at: T0 + 1, endpoints: ["ep1"]), Event("never", at: T0 + 2), Event("call", at: T0 + 3, type: "call.initiated"));
        var jobs = await Store.ClaimAsync(0, T0 + 1, T0 + 30_000, "w", 10, default);
        await Store.RecordOutcomesAsync([Ok(jobs.Single(j => j.Id == "msg_done_ep1").Seq, T0 + 5)], "w", default);
        await Store.RecordOutcomesAsync(
            [new(jobs.Single(j => j.Id == "msg_queued_ep1").Seq, OutcomeKind.Deferred, T0 + 5, T0 + 100, null, null)], "w", default);

        var endpoint = (await Store.GetEndpointAsync(App, "ep1", default))!;
        var n = 0;
        var queued = await Store.ReplayAsync(endpoint, T0, T0 + 1_000, type => $"msg_replay{++n}_{type}", default);
        Assert.Equal(2, queued); // done (again) and never (new); queued stays as it is, call does not match, old is too old
        var all = await ListAsync(endpointId: "ep1");
        Assert.Equal(4, all.Count);
        Assert.Equal("pending", all.Single(d => d.Id == "msg_done_ep1").Status);
        Assert.Equal(T0 + 1_000, all.Single(d => d.Id == "msg_done_ep1").NextAttemptAt);
        Assert.Equal(T0 + 100, all.Single(d => d.Id == "msg_queued_ep1").NextAttemptAt);
        Assert.Equal("never", all.Single(d => d.Id.StartsWith("msg_replay", StringComparison.Ordinal)).EventId);
        Assert.Equal(0, await Store.ReplayAsync(endpoint, T0, T0 + 2_000, type => $"msg_again_{Guid.NewGuid():N}", default));
    }

    [Fact]
    public async Task Deliveries_are_listed_newest_first_with_every_filter()
    {
        await AddEndpointAsync("ep1");
        await AddEndpointAsync("ep2");
        await IngestAsync(Event("e1", sender: "alice", endpoints: ["ep1", "ep2"]), Event("e2", sender: "bob", type: "call.initiated", endpoints: ["ep1"]));
        var job = (await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 1, default)).Single();
        await Store.RecordOutcomesAsync([Ok(job.Seq, T0 + 1)], "w", default);

        Assert.Equal(["msg_e2_ep1", "msg_e1_ep2", "msg_e1_ep1"], (await ListAsync()).Select(d => d.Id));
        Assert.Equal(["msg_e1_ep1"], (await ListAsync(status: "succeeded")).Select(d => d.Id));
        Assert.Equal(["msg_e2_ep1", "msg_e1_ep1"], (await ListAsync(endpointId: "ep1")).Select(d => d.Id));
        Assert.Equal(["msg_e2_ep1"], (await ListAsync(uid: "bob")).Select(d => d.Id));
        Assert.Equal(["msg_e2_ep1"], (await ListAsync(type: "call.initiated")).Select(d => d.Id));
        var all = await ListAsync();
        Assert.Equal(["msg_e1_ep2", "msg_e1_ep1"], (await ListAsync(before: all[0].Seq)).Select(d => d.Id));
        Assert.Single(await ListAsync(limit: 1));
        Assert.Equal(3, (await ListAsync(kind: "webhook")).Count);
        Assert.Empty(await ListAsync(kind: "push"));
        Assert.Empty(await ListAsync(provider: "apns"));
        Assert.Empty(await Store.ListDeliveriesAsync("app2", new DeliveryQuery(null, null, null, null, null, 100), default));
        var succeeded = (await ListAsync(status: "succeeded")).Single();
        Assert.Equal(("e1", "message.created", 200, (long?)null), (succeeded.EventId, succeeded.EventType, succeeded.LastStatusCode, succeeded.NextAttemptAt));
        Assert.Null(await Store.GetDeliveryAsync("app2", "msg_e1_ep1", default));
    }

    private static DeliveryOutcome Dead(long seq, long now, int status = 503, int attempt = 1) =>
        new(seq, OutcomeKind.Dead, now, null, new AttemptRecord(attempt, now, 1, status, "failed", $"HTTP {status}", null), $"HTTP {status}");

    [Fact]
    public async Task Recover_queues_only_the_failed_deliveries_of_the_endpoint_since_a_time_and_a_dry_run_only_counts()
    {
        await AddEndpointAsync("ep1");
        await AddEndpointAsync("ep2");
        await IngestAsync(Event("old", at: T0 - 10_000, endpoints: ["ep1"]), Event("ok", at: T0, endpoints: ["ep1"]),
            Event("bad", at: T0 + 1, endpoints: ["ep1", "ep2"]), Event("waiting", at: T0 + 2, endpoints: ["ep1"]), Event("never", at: T0 + 3));
        var jobs = await Store.ClaimAsync(0, T0 + 2, T0 + 30_000, "w", 10, default);
        long Seq(string id) => jobs.Single(j => j.Id == id).Seq;
        await Store.RecordOutcomesAsync([Dead(Seq("msg_old_ep1"), T0 + 5), Ok(Seq("msg_ok_ep1"), T0 + 5), Dead(Seq("msg_bad_ep1"), T0 + 5),
            Dead(Seq("msg_bad_ep2"), T0 + 5), Retry(Seq("msg_waiting_ep1"), T0 + 5, T0 + 100)], "w", default);

        Assert.Equal(1, await Store.RecoverAsync(App, "ep1", T0, T0 + 1_000, dryRun: true, default));
        Assert.Equal("failed", (await ListAsync(endpointId: "ep1")).Single(d => d.Id == "msg_bad_ep1").Status); // counted, not queued
        // A replay would send ok and bad again and never for the first time (ep1 takes every type); waiting is pending.
        Assert.Equal(3, await Store.CountReplayAsync((await Store.GetEndpointAsync(App, "ep1", default))!, T0, default));

        Assert.Equal(0, await Store.RecoverAsync("app2", "ep1", T0, T0 + 1_000, dryRun: false, default));
        Assert.Equal(1, await Store.RecoverAsync(App, "ep1", T0, T0 + 1_000, dryRun: false, default));
        var all = (await ListAsync()).ToDictionary(d => d.Id);
        Assert.Equal(("pending", (long?)(T0 + 1_000), 1), (all["msg_bad_ep1"].Status, all["msg_bad_ep1"].NextAttemptAt, all["msg_bad_ep1"].AttemptCount));
        Assert.Equal("failed", all["msg_old_ep1"].Status); // before 'since'
        Assert.Equal("succeeded", all["msg_ok_ep1"].Status);
        Assert.Equal("failed", all["msg_bad_ep2"].Status); // another endpoint's
        Assert.Equal(T0 + 100, all["msg_waiting_ep1"].NextAttemptAt); // pending stays on its schedule
        var fresh = (await Store.ClaimAsync(0, T0 + 1_000, T0 + 31_000, "w", 10, default)).Single(); // back in the first lane
        Assert.Equal(("msg_bad_ep1", 0), (fresh.Id, fresh.ScheduleIndex));
        Assert.Equal(0, await Store.RecoverAsync(App, "ep1", T0, T0 + 2_000, dryRun: true, default)); // it is pending now
    }

    [Fact]
    public async Task The_log_filters_by_event_time_event_id_http_status_and_attempts_and_pages_within_them()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("a", at: T0, endpoints: ["ep1"]), Event("b", at: T0 + 10, endpoints: ["ep1"]), Event("c", at: T0 + 20, endpoints: ["ep1"]));
        var jobs = await Store.ClaimAsync(0, T0 + 20, T0 + 30_000, "w", 10, default);
        long Seq(string id) => jobs.Single(j => j.Id == id).Seq;
        await Store.RecordOutcomesAsync([Ok(Seq("msg_a_ep1"), T0 + 21), Retry(Seq("msg_b_ep1"), T0 + 21, T0 + 22), Dead(Seq("msg_c_ep1"), T0 + 21, 404)], "w", default);
        var again = (await Store.ClaimAsync(1, T0 + 22, T0 + 30_000, "w", 10, default)).Single();
        await Store.RecordOutcomesAsync([Dead(again.Seq, T0 + 23, 500, attempt: 2)], "w", default);

        async Task<string[]> Ids(DeliveryQuery q) => (await Store.ListDeliveriesAsync(App, q, default)).Select(d => d.Id[4..5]).ToArray();
        var all = new DeliveryQuery(null, null, null, null, null, 100);
        Assert.Equal(["c", "b"], await Ids(all with { From = T0 + 10 }));
        Assert.Equal(["a"], await Ids(all with { To = T0 + 10 }));
        Assert.Equal(["b"], await Ids(all with { From = T0 + 10, To = T0 + 20 }));
        Assert.Equal(["b"], await Ids(all with { EventId = "b" }));
        Assert.Empty(await Ids(all with { EventId = "zzz" }));
        Assert.Equal(["b"], await Ids(all with { HttpStatusFrom = 500, HttpStatusTo = 500 }));
        Assert.Equal(["c"], await Ids(all with { HttpStatusFrom = 400, HttpStatusTo = 499 }));
        Assert.Equal(["a"], await Ids(all with { HttpStatusFrom = 200, HttpStatusTo = 299 }));
        Assert.Equal(["b"], await Ids(all with { MinAttempts = 2 }));
        Assert.Equal(["c", "a"], await Ids(all with { MaxAttempts = 1 }));
        Assert.Equal(["c"], await Ids(all with { Status = "failed", MaxAttempts = 1, HttpStatusFrom = 400, HttpStatusTo = 599 }));
        // Paging by cursor within a filter.
        var first = await Store.ListDeliveriesAsync(App, all with { From = T0, Limit = 1, HttpStatusFrom = 400, HttpStatusTo = 599 }, default);
        Assert.Equal("msg_c_ep1", first.Single().Id);
        Assert.Equal(["b"], await Ids(all with { From = T0, Limit = 1, HttpStatusFrom = 400, HttpStatusTo = 599, Before = first[0].Seq }));
        Assert.Empty(await Store.ListDeliveriesAsync("app2", all with { EventId = "b" }, default));

        // The window that bounds those filters: the newest n seqs below a cursor, read from the index.
        Assert.Equal(new DeliveryWindow(Seq("msg_b_ep1"), Full: true), await Store.GetDeliveryWindowAsync(App, null, 2, default));
        Assert.Equal(new DeliveryWindow(Seq("msg_a_ep1"), Full: false), await Store.GetDeliveryWindowAsync(App, Seq("msg_b_ep1"), 2, default));
        Assert.Null(await Store.GetDeliveryWindowAsync(App, Seq("msg_a_ep1"), 2, default));
        Assert.Null(await Store.GetDeliveryWindowAsync("app2", null, 2, default));
        Assert.Equal(["c", "b"], await Ids(all with { AtLeast = Seq("msg_b_ep1") }));
    }
}
