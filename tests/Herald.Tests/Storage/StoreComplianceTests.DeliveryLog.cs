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
}
