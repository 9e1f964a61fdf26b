using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IEventStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Ingest_is_idempotent_per_app_counts_duplicates_and_routes_each_event_once()
    {
        await AddEndpointAsync("ep1");
        await AddEndpointAsync("ep2");
        var first = await IngestAsync(Event("e1", endpoints: ["ep1", "ep2"]), Event("e2", endpoints: ["ep1"]), Event("e1", endpoints: ["ep1"]));
        Assert.Equal([false, false, true], first.Select(r => r.Duplicate));
        Assert.Equal(["e1", "e2", "e1"], first.Select(r => r.Id));
        var again = await IngestAsync(Event("e2", endpoints: ["ep2"]), Event("e3"));
        Assert.Equal([true, false], again.Select(r => r.Duplicate));

        var counts = await Store.CountAsync(default);
        Assert.Equal(3, counts.Events);
        Assert.Equal(3, counts.Deliveries); // e1×2, e2×1; the repeats added none
        var all = await ListAsync();
        Assert.Equal(["msg_e2_ep1", "msg_e1_ep2", "msg_e1_ep1"], all.Select(d => d.Id));
        Assert.All(all, d => Assert.Equal("pending", d.Status));
        Assert.All(all, d => Assert.Equal(T0, d.NextAttemptAt));

        // Another app may use the same id.
        await Store.CreateAppAsync(new AppRecord("app2", "Two", "us", T0), default);
        Assert.False((await Store.IngestAsync("app2", [Event("e1")], default))[0].Duplicate);
    }

    [Fact]
    public async Task A_batch_that_fails_part_way_stores_none_of_its_events_and_the_next_batch_goes_in()
    {
        await AddEndpointAsync("ep1");
        await IngestAsync(Event("e1", endpoints: ["ep1"]));
        // The third event reuses a delivery id that is already taken: the store must refuse the whole batch.
        var clash = new NewEvent("e4", "message.created", 1, "u1", T0, "{}", [new NewDelivery("msg_e1_ep1", "ep1")]);
        await Assert.ThrowsAnyAsync<Exception>(() => IngestAsync(Event("e2", endpoints: ["ep1"]), Event("e3", endpoints: ["ep1"]), clash));

        var counts = await Store.CountAsync(default);
        Assert.Equal((1, 1), (counts.Events, counts.Deliveries));
        var next = await IngestAsync(Event("e2", endpoints: ["ep1"]), Event("e5", endpoints: ["ep1"]));
        Assert.Equal([false, false], next.Select(r => r.Duplicate)); // e2 was not half-stored by the failed batch
        var claimed = await Store.ClaimAsync(new ClaimRequest(T0, T0 + 60_000, "w1", 10, 10, 10), default);
        Assert.Equal(["msg_e1_ep1", "msg_e2_ep1", "msg_e5_ep1"], claimed.First.Select(j => j.Id).Order());
    }

    [Fact]
    public async Task Member_events_change_the_member_list_in_the_same_batch_and_a_duplicate_changes_nothing()
    {
        await Store.ReplaceMembersAsync(App, "hiking", ["b", "a"], default);
        await IngestAsync(
            Event("j1", type: "group.member_joined", member: new MembershipChange("hiking", "c", true)),
            Event("l1", type: "group.member_left", member: new MembershipChange("hiking", "a", false)),
            Event("j2", type: "group.member_joined", member: new MembershipChange("hiking", "a", true)),
            Event("l2", type: "group.member_left", member: new MembershipChange("hiking", "a", false)));
        Assert.Equal(["b", "c"], await Store.ListMembersAsync(App, "hiking", default));
        await IngestAsync(Event("j2", type: "group.member_joined", member: new MembershipChange("hiking", "a", true)));
        Assert.Equal(["b", "c"], await Store.ListMembersAsync(App, "hiking", default));
        await Store.ReplaceMembersAsync(App, "hiking", ["z"], default);
        Assert.Equal(["z"], await Store.ListMembersAsync(App, "hiking", default));
        Assert.Empty(await Store.ListMembersAsync(App, "other", default));
    }

    [Fact]
    public async Task Event_payloads_are_returned_byte_for_byte()
    {
        const string body = "{\"b\":1,  \"a\":\"é\\u00e9\"}";
        await AddEndpointAsync("ep1");
        await Store.IngestAsync(App, [new NewEvent("e1", "message.created", 1, null, T0, body, [new NewDelivery("d1", "ep1")])], default);
        var seq = (await ListAsync()).Single().Seq;
        var claimed = await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 10, default);
        var payloads = await Store.GetEventPayloadsAsync([claimed[0].EventSeq, claimed[0].EventSeq], default);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(body), payloads[claimed[0].EventSeq]);
        Assert.Equal(body, (await Store.GetDeliveryAsync(App, "d1", default))!.Payload);
        Assert.Equal(seq, claimed[0].Seq);
        Assert.Empty(await Store.GetEventPayloadsAsync([], default));
    }
}
