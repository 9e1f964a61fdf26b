using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IFanOutStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Push_jobs_can_be_added_in_chunks_while_the_fan_out_holds_its_lease()
    {
        var fan = await ClaimFanOutAsync("e1");
        Assert.True(await Store.AddPushJobsAsync(fan.Seq, "w", [Push(fan, "bob"), Push(fan, "carol")], T0 + 1, default));
        Assert.True(await Store.AddPushJobsAsync(fan.Seq, "w", [Push(fan, "bob") with { Id = "repeat" }], T0 + 1, default)); // repeat adds nothing
        Assert.Equal(2, (await ListAsync(kind: "push")).Count);
        Assert.Equal("pending", (await Store.GetDeliveryAsync(App, "fan_e1", default))!.Delivery.Status); // not finished by a chunk
        Assert.False(await Store.AddPushJobsAsync(fan.Seq, "thief", [Push(fan, "dave")], T0 + 1, default));
        Assert.True(await Store.CompleteFanOutAsync(fan.Seq, "w", [Push(fan, "erin")], FanAttempt, T0 + 2, default));
        Assert.Equal(3, (await ListAsync(kind: "push")).Count);
        Assert.False(await Store.AddPushJobsAsync(fan.Seq, "w", [Push(fan, "frank")], T0 + 3, default)); // finished
    }

    [Fact]
    public async Task The_throttle_counts_per_user_per_window_and_starts_a_new_window_when_the_old_one_ends()
    {
        var a = await Store.CountPushesAsync(App, ["alice", "bob"], T0, 60_000, default);
        Assert.Equal(new ThrottleCount(1, T0), a["alice"]);
        var b = await Store.CountPushesAsync(App, ["alice"], T0 + 59_999, 60_000, default);
        Assert.Equal(new ThrottleCount(2, T0), b["alice"]);
        var c = await Store.CountPushesAsync(App, ["alice", "bob"], T0 + 60_000, 60_000, default);
        Assert.Equal(new ThrottleCount(1, T0 + 60_000), c["alice"]);
        Assert.Equal(new ThrottleCount(1, T0 + 60_000), c["bob"]);
        Assert.Empty(await Store.CountPushesAsync(App, [], T0, 60_000, default));
    }

    [Fact]
    public async Task Concurrent_throttle_counts_never_lose_a_push()
    {
        var uids = Enumerable.Range(0, 50).Select(i => $"u{i:D2}").ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => Store.CountPushesAsync(App, i % 2 == 0 ? uids : [.. uids.Reverse()], T0 + i, 60_000, default))));
        foreach (var uid in uids)
            Assert.Equal(Enumerable.Range(1, 10), results.Select(r => r[uid].Count).Order());
    }

    private async Task<ClaimedDelivery> ClaimFanOutAsync(string eventId, string owner = "w", long now = T0)
    {
        await Store.IngestAsync(App, [new NewEvent(eventId, "message.created", 1, "alice", T0, "{}", [new NewDelivery($"fan_{eventId}", "fanout", "fanout")])], default);
        var job = (await Store.ClaimAsync(0, now, now + 30_000, owner, 10, default)).Single();
        Assert.Equal("fanout", job.Kind);
        return job;
    }

    private static NewPushJob Push(ClaimedDelivery fan, string uid, string? device = "d1", string provider = "fcm", string payload = "{}") =>
        new($"psh_{fan.EventSeq}_{uid}_{device}", fan.EventSeq, "message.created", device is null ? $"custom/{uid}" : $"{provider}/{uid}/{device}",
            device is null ? "custom" : provider, uid, device, payload, T0 + 1);

    private static NewPushJob Summary(ClaimedDelivery fan, string uid, string payload) =>
        new($"sum_{fan.EventSeq}_{uid}", fan.EventSeq, "message.created", $"custom/{uid}/summary/{T0}", "custom", uid, null, payload, T0 + 60_000, Summary: true);

    private static AttemptRecord FanAttempt => new(1, T0, 2, null, "succeeded", null, "2 jobs");

    [Fact]
    public async Task A_fan_out_writes_its_jobs_and_finishes_once_and_a_repeat_adds_nothing()
    {
        var fan = await ClaimFanOutAsync("e1");
        Assert.True(await Store.CompleteFanOutAsync(fan.Seq, "w", [Push(fan, "bob"), Push(fan, "carol", device: null, payload: "{\"to\":\"carol\"}")], FanAttempt, T0 + 1, default));
        var fanDetail = (await Store.GetDeliveryAsync(App, "fan_e1", default))!;
        Assert.Equal(("succeeded", 1), (fanDetail.Delivery.Status, fanDetail.Delivery.AttemptCount));
        Assert.Equal("2 jobs", fanDetail.Attempts.Single().Response);

        var pushes = await ListAsync(kind: "push");
        Assert.Equal(["carol", "bob"], pushes.Select(p => p.Uid));
        Assert.Equal(("custom", (string?)null), (pushes[0].Provider, pushes[0].DeviceId));
        Assert.Equal(("fcm", "d1"), (pushes[1].Provider, pushes[1].DeviceId));
        Assert.Equal("{\"to\":\"carol\"}", (await Store.GetDeliveryAsync(App, pushes[0].Id, default))!.Payload);
        Assert.Single(await ListAsync(provider: "custom"));
        Assert.Equal(2, (await ListAsync(uid: "bob")).Count + (await ListAsync(uid: "carol")).Count);

        // The push jobs are claimable like any job, with their payload.
        var claimed = await Store.ClaimAsync(0, T0 + 1, T0 + 30_000, "w", 10, default);
        Assert.Equal(2, claimed.Count);
        var custom = claimed.Single(j => j.Provider == "custom");
        Assert.Equal(("push", "carol", "{\"to\":\"carol\"}", "custom/carol"), (custom.Kind, custom.Uid, custom.Payload, custom.EndpointId));

        // The same fan-out run again under a fresh lease (its first run's commit was not seen) adds nothing.
        await Store.RequeueDeliveryAsync(App, "fan_e1", T0 + 2, default);
        var again = (await Store.ClaimAsync(0, T0 + 2, T0 + 30_000, "w2", 10, default)).Single();
        Assert.True(await Store.CompleteFanOutAsync(again.Seq, "w2", [Push(fan, "bob") with { Id = "other-id" }, Push(fan, "carol", device: null)], FanAttempt, T0 + 3, default));
        Assert.Equal(2, (await ListAsync(kind: "push")).Count);
        Assert.Equal(2, (await Store.GetDeliveryAsync(App, "fan_e1", default))!.Attempts.Count);
    }

    [Fact]
    public async Task A_fan_out_whose_lease_was_lost_writes_nothing()
    {
        var fan = await ClaimFanOutAsync("e1", now: T0);
        var thief = (await Store.ClaimAsync(0, T0 + 30_000, T0 + 60_000, "thief", 10, default)).Single();
        Assert.Equal(fan.Seq, thief.Seq);
        Assert.False(await Store.CompleteFanOutAsync(fan.Seq, "w", [Push(fan, "bob")], FanAttempt, T0 + 30_001, default));
        Assert.Empty(await ListAsync(kind: "push"));
        var d = (await Store.GetDeliveryAsync(App, "fan_e1", default))!;
        Assert.Equal(("pending", 0), (d.Delivery.Status, d.Attempts.Count));
        Assert.True(await Store.CompleteFanOutAsync(thief.Seq, "thief", [Push(fan, "bob")], FanAttempt, T0 + 30_002, default));
        Assert.Single(await ListAsync(kind: "push"));
    }

    [Fact]
    public async Task A_pending_summary_counts_every_collapsed_push_and_takes_the_newest_payload()
    {
        var f1 = await ClaimFanOutAsync("e1");
        Assert.True(await Store.CompleteFanOutAsync(f1.Seq, "w", [Summary(f1, "bob", "{\"n\":1}")], FanAttempt, T0 + 1, default));
        var f2 = await ClaimFanOutAsync("e2");
        Assert.True(await Store.CompleteFanOutAsync(f2.Seq, "w", [Summary(f2, "bob", "{\"n\":2}"), Summary(f2, "bob", "{\"n\":3}"), Summary(f2, "carol", "{\"c\":1}")],
            FanAttempt, T0 + 2, default));
        var summaries = await ListAsync(kind: "summary");
        Assert.Equal(2, summaries.Count);
        var bob = summaries.Single(s => s.Uid == "bob");
        Assert.Equal((3, "sum_1_bob"), (bob.Collapsed, bob.Id.Replace($"sum_{f1.EventSeq}_", "sum_1_", StringComparison.Ordinal)));
        Assert.Equal("{\"n\":3}", (await Store.GetDeliveryAsync(App, bob.Id, default))!.Payload);
        Assert.Equal(1, summaries.Single(s => s.Uid == "carol").Collapsed);

        // Once sent, the summary no longer collapses anything.
        var claimed = (await Store.ClaimAsync(0, T0 + 60_000, T0 + 90_000, "w", 10, default)).Single(j => j.Uid == "bob");
        Assert.Equal(("summary", 3), (claimed.Kind, claimed.Collapsed));
        await Store.RecordOutcomesAsync([Ok(claimed.Seq, T0 + 60_001)], "w", default);
        var f3 = await ClaimFanOutAsync("e3", now: T0 + 60_002);
        Assert.True(await Store.CompleteFanOutAsync(f3.Seq, "w", [Summary(f3, "bob", "{\"n\":4}")], FanAttempt, T0 + 60_003, default));
        Assert.Equal(3, (await Store.GetDeliveryAsync(App, bob.Id, default))!.Delivery.Collapsed);
    }

    [Fact]
    public async Task A_ten_thousand_member_fan_out_is_stored_whole()
    {
        var fan = await ClaimFanOutAsync("big");
        var jobs = Enumerable.Range(0, 10_000).Select(i => Push(fan, $"u{i:D5}")).ToList();
        Assert.True(await Store.CompleteFanOutAsync(fan.Seq, "w", jobs, FanAttempt, T0 + 1, default));
        Assert.Equal(10_001, (await Store.CountAsync(default)).Deliveries);
        Assert.Equal(256, (await Store.ClaimAsync(0, T0 + 1, T0 + 30_000, "w", 256, default)).Count);
    }
}
