using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IDeliveryQueue"/>.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Claims_take_due_jobs_of_one_lane_oldest_first_and_lease_them()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("e1", at: T0, endpoints: ["ep1"]), Event("e2", at: T0 + 1, endpoints: ["ep1"]), Event("e3", at: T0 + 2, endpoints: ["ep1"]),
            Event("later", at: T0 + 60_000, endpoints: ["ep1"]));
        Assert.Empty(await Store.ClaimAsync(1, T0 + 10, T0 + 30_010, "w1", 10, default)); // nothing in the retry lane
        var a = await Store.ClaimAsync(0, T0 + 10, T0 + 30_010, "w1", 2, default);
        Assert.Equal(["msg_e1_ep1", "msg_e2_ep1"], a.Select(j => j.Id));
        Assert.All(a, j => Assert.Equal("webhook", j.Kind));
        Assert.All(a, j => Assert.Equal(App, j.AppId));
        Assert.All(a, j => Assert.Equal("ep1", j.EndpointId));
        var b = await Store.ClaimAsync(0, T0 + 10, T0 + 30_010, "w2", 10, default);
        Assert.Equal(["msg_e3_ep1"], b.Select(j => j.Id)); // leased jobs and future jobs are not due
        Assert.Empty(await Store.ClaimAsync(0, T0 + 10, T0 + 30_010, "w2", 10, default));
        Assert.Equal(T0 + 30_010, await Store.NextDueAtAsync(default));
        Assert.Equal(T0 + 30_010, (await Store.GetDeliveryAsync(App, "msg_e1_ep1", default))!.Delivery.NextAttemptAt);
    }

    [Fact]
    public async Task Deliveries_leased_as_they_are_stored_are_the_owners_until_the_lease_runs_out()
    {
        await AddEndpointAsync("ep1");
        await AddEndpointAsync("ep2");
        var lease = new DeliveryLease("node-a", T0 + 30_000, limit: 3);
        await Store.IngestAsync(App, [Event("e1", endpoints: ["ep1", "ep2"]), Event("e2", endpoints: ["ep1", "ep2"])], default, lease: lease);

        // The first three, as a claim would have returned them, with the event each came from.
        var leased = lease.Leased.OrderBy(l => l.Job.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["msg_e1_ep1", "msg_e1_ep2", "msg_e2_ep1"], leased.Select(l => l.Job.Id));
        Assert.Equal(["e1", "e1", "e2"], leased.Select(l => l.Event.Id));
        Assert.Equal(["ep1", "ep2", "ep1"], leased.Select(l => l.Job.EndpointId));
        var bodies = await Store.GetEventPayloadsAsync(leased.Select(l => l.Job.EventSeq).ToList(), default);
        foreach (var (job, e) in leased)
        {
            Assert.Equal(("webhook", App, 0, 0, "u1"), (job.Kind, job.AppId, job.AttemptCount, job.ScheduleIndex, job.Uid));
            Assert.Equal(e.Payload, System.Text.Encoding.UTF8.GetString(bodies[job.EventSeq])); // the body ingest hands on is the stored one
        }

        // Nobody else may claim them while the lease lasts; the one delivery left out is due at once.
        Assert.Equal(["msg_e2_ep2"], (await Store.ClaimAsync(0, T0 + 10, T0 + 30_010, "w", 10, default)).Select(j => j.Id));
        // The owner records an outcome as for a claimed job.
        await Store.RecordOutcomesAsync([Ok(leased[0].Job.Seq, T0 + 20)], "node-a", default);
        Assert.Equal("succeeded", (await Store.GetDeliveryAsync(App, "msg_e1_ep1", default))!.Delivery.Status);
        // A node that died with the others leased: they fall due when the lease runs out, and another node takes them.
        Assert.Empty(await Store.ClaimAsync(0, T0 + 29_999, T0 + 60_000, "w", 10, default));
        var taken = await Store.ClaimAsync(0, T0 + 30_000, T0 + 60_000, "w", 10, default);
        Assert.Equal(["msg_e1_ep2", "msg_e2_ep1"], taken.Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.Equal(leased.Skip(1).Select(l => l.Job.Seq), taken.Select(j => j.Seq).Order());

        // A repeated event stores nothing, so nothing is leased.
        var again = new DeliveryLease("node-a", T0 + 90_000, limit: 5);
        Assert.True((await Store.IngestAsync(App, [Event("e1", endpoints: ["ep1", "ep2"])], default, lease: again)).Single().Duplicate);
        Assert.Empty(again.Leased);
    }

    [Fact]
    public async Task One_claim_takes_both_lanes_within_their_limits_and_the_total()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Enumerable.Range(0, 6).Select(i => Event($"r{i}", at: T0 + i, endpoints: ["ep1"])).ToArray());
        // Three of them fail once: they move to the retry lane, due at T0 + 100.
        var failing = await Store.ClaimAsync(0, T0 + 10, T0 + 30_000, "w", 3, default);
        await Store.RecordOutcomesAsync(failing.Select(j => Retry(j.Seq, T0 + 20, T0 + 100)).ToList(), "w", default);
        await IngestAsync(Enumerable.Range(0, 4).Select(i => Event($"f{i}", at: T0 + 50 + i, endpoints: ["ep1"])).ToArray());

        // 7 due first attempts, 3 due retries: first lane up to 4, retries up to 5 but only 2 more fit the total of 6.
        var batch = await Store.ClaimAsync(new ClaimRequest(T0 + 200, T0 + 30_200, "w2", FirstLimit: 4, RetryLimit: 5, TotalLimit: 6), default);
        Assert.Equal(["msg_r3_ep1", "msg_r4_ep1", "msg_r5_ep1", "msg_f0_ep1"], batch.First.Select(j => j.Id));
        Assert.Equal(2, batch.Retries.Count);
        Assert.All(batch.Retries, j => Assert.Contains(j.Seq, failing.Select(f => f.Seq)));
        Assert.Equal(6, batch.Count);

        // Fewer first attempts than their limit leave the rest of the total to retries.
        var rest = await Store.ClaimAsync(new ClaimRequest(T0 + 200, T0 + 30_200, "w3", FirstLimit: 10, RetryLimit: 10, TotalLimit: 10), default);
        Assert.Equal(3, rest.First.Count);
        Assert.Single(rest.Retries);
        Assert.Equal(0, (await Store.ClaimAsync(new ClaimRequest(T0 + 200, T0 + 30_200, "w4", 10, 10, 10), default)).Count);
    }

    [Fact]
    public async Task A_dead_workers_lease_expires_another_owner_takes_the_job_and_the_lost_lease_outcome_is_ignored()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("e1", endpoints: ["ep1"]));
        var mine = (await Store.ClaimAsync(0, T0, T0 + 1_000, "old", 10, default)).Single();
        Assert.Empty(await Store.ClaimAsync(0, T0 + 999, T0 + 2_000, "new", 10, default));
        var theirs = (await Store.ClaimAsync(0, T0 + 1_000, T0 + 31_000, "new", 10, default)).Single();
        Assert.Equal(mine.Seq, theirs.Seq);

        // The old owner finishes late: its outcome is dropped, its renewal does nothing.
        await Store.RenewLeasesAsync([mine.Seq], "old", T0 + 99_000, default);
        await Store.RecordOutcomesAsync([Ok(mine.Seq, T0 + 1_500)], "old", default);
        var d = (await Store.GetDeliveryAsync(App, "msg_e1_ep1", default))!;
        Assert.Equal("pending", d.Delivery.Status);
        Assert.Empty(d.Attempts);
        Assert.Equal(T0 + 31_000, d.Delivery.NextAttemptAt);

        await Store.RenewLeasesAsync([theirs.Seq], "new", T0 + 60_000, default);
        Assert.Equal(T0 + 60_000, (await Store.GetDeliveryAsync(App, "msg_e1_ep1", default))!.Delivery.NextAttemptAt);
        await Store.RecordOutcomesAsync([Ok(theirs.Seq, T0 + 2_000)], "new", default);
        d = (await Store.GetDeliveryAsync(App, "msg_e1_ep1", default))!;
        Assert.Equal("succeeded", d.Delivery.Status);
        Assert.Equal(1, d.Delivery.AttemptCount);
        Assert.Single(d.Attempts);
        Assert.Null(await Store.NextDueAtAsync(default));
    }

    [Fact]
    public async Task Outcomes_move_jobs_between_lanes_and_states_and_log_attempts()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("ok", endpoints: ["ep1"]), Event("retry", endpoints: ["ep1"]), Event("dead", endpoints: ["ep1"]),
            Event("defer", endpoints: ["ep1"]), Event("cancel", endpoints: ["ep1"]));
        var jobs = (await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 10, default)).ToDictionary(j => j.Id.Split('_')[1], j => j.Seq);
        await Store.RecordOutcomesAsync(
        [
            Ok(jobs["ok"], T0 + 10),
            Retry(jobs["retry"], T0 + 10, T0 + 5_000),
            new(jobs["dead"], OutcomeKind.Dead, T0 + 10, null, new AttemptRecord(1, T0 + 5, 4, 410, "failed", "HTTP 410", null), "HTTP 410"),
            new(jobs["defer"], OutcomeKind.Deferred, T0 + 10, T0 + 200, null, null),
            new(jobs["cancel"], OutcomeKind.Cancelled, T0 + 10, null, null, "endpoint disabled"),
        ], "w", default);

        async Task<DeliveryDetail> Get(string name) => (await Store.GetDeliveryAsync(App, $"msg_{name}_ep1", default))!;
        var ok = await Get("ok");
        Assert.Equal(("succeeded", 1, 200, (string?)null, (long?)null), (ok.Delivery.Status, ok.Delivery.AttemptCount, ok.Delivery.LastStatusCode, ok.Delivery.LastError, ok.Delivery.NextAttemptAt));
        Assert.Equal(new AttemptRecord(1, T0 + 10, 12.5, 200, "succeeded", null, "ok"), ok.Attempts.Single());
        var retry = await Get("retry");
        Assert.Equal(("pending", 1, 500, "HTTP 500", (long?)(T0 + 5_000)), (retry.Delivery.Status, retry.Delivery.AttemptCount, retry.Delivery.LastStatusCode, retry.Delivery.LastError, retry.Delivery.NextAttemptAt));
        var dead = await Get("dead");
        Assert.Equal(("failed", 1, 410), (dead.Delivery.Status, dead.Delivery.AttemptCount, dead.Delivery.LastStatusCode));
        var defer = await Get("defer");
        Assert.Equal(("pending", 0, (long?)(T0 + 200)), (defer.Delivery.Status, defer.Delivery.AttemptCount, defer.Delivery.NextAttemptAt));
        Assert.Empty(defer.Attempts);
        var cancel = await Get("cancel");
        Assert.Equal(("cancelled", 0, "endpoint disabled"), (cancel.Delivery.Status, cancel.Delivery.AttemptCount, cancel.Delivery.LastError));

        // A deferred job stays a first attempt; a retried one is in the retry lane with its schedule moved on.
        Assert.Equal(["msg_defer_ep1"], (await Store.ClaimAsync(0, T0 + 10_000, T0 + 40_000, "w", 10, default)).Select(j => j.Id));
        var again = (await Store.ClaimAsync(1, T0 + 10_000, T0 + 40_000, "w", 10, default)).Single();
        Assert.Equal(("msg_retry_ep1", 1, 1), (again.Id, again.ScheduleIndex, again.AttemptCount));
        await Store.RecordOutcomesAsync([Ok(again.Seq, T0 + 10_001, attempt: 2)], "w", default);
        retry = await Get("retry");
        Assert.Equal(("succeeded", 2, (string?)null), (retry.Delivery.Status, retry.Delivery.AttemptCount, retry.Delivery.LastError));
        // The whole log, from wherever each attempt is kept (the first in the delivery's row, later ones beside it).
        Assert.Equal([new AttemptRecord(1, T0 + 10, 3, 500, "failed", "HTTP 500", "boom"), new AttemptRecord(2, T0 + 10_001, 12.5, 200, "succeeded", null, "ok")],
            retry.Attempts);
    }
}
