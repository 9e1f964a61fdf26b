using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>
/// The store contract's semantics, written once and run against every engine (each test on a fresh,
/// empty store). A new store member gets its test here, so SQLite and PostgreSQL cannot drift apart.
/// </summary>
public abstract partial class StoreComplianceTests : IAsyncLifetime
{
    protected IHeraldStore Store { get; private set; } = null!;
    protected const string App = "app1";
    protected const long T0 = 1_700_000_000_000;

    /// <summary>A new, migrated store on an empty database.</summary>
    protected abstract Task<IHeraldStore> CreateStoreAsync();
    protected abstract Task DestroyStoreAsync(IHeraldStore store);
    /// <summary>A second store on the same database, as after a restart (an IHeraldStore; disposed by the test).</summary>
    protected abstract Task<IAsyncDisposable> OpenAgainAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.CreateAppAsync(new AppRecord(App, "App one", "us", T0), default);
    }

    public Task DisposeAsync() => DestroyStoreAsync(Store);

    // ---- helpers -------------------------------------------------------------------------------

    protected static EndpointRecord Endpoint(string id, string app = App, string[]? types = null, int rate = 0) =>
        new(id, app, $"https://example.test/{id}", "", types ?? [], true, rate, null, null, null, T0, T0);

    protected static EndpointSecretRecord Secret(string endpointId, byte b = 1, long created = T0) => new(endpointId, [b, 2, 3], created, null);

    protected async Task AddEndpointAsync(string id, string[]? types = null) =>
        await Store.CreateEndpointAsync(Endpoint(id, types: types), Secret(id), default);

    protected static NewEvent Event(string id, long at = T0, string type = "message.created", string? sender = "u1", MembershipChange? member = null,
        params string[] endpoints) =>
        new(id, type, 1, sender, at, $"{{\"id\":\"{id}\"}}", endpoints.Select(e => new NewDelivery($"msg_{id}_{e}", e)).ToList(), member);

    protected Task<IReadOnlyList<IngestResult>> IngestAsync(params NewEvent[] events) => Store.IngestAsync(App, events, default);

    protected Task<IReadOnlyList<DeliverySummary>> ListAsync(string? status = null, string? endpointId = null, string? uid = null, string? type = null,
        long? before = null, int limit = 100, string? kind = null, string? provider = null) =>
        Store.ListDeliveriesAsync(App, new DeliveryQuery(status, endpointId, uid, type, before, limit, kind, provider), default);

    protected static DeliveryOutcome Ok(long seq, long now, int attempt = 1) =>
        new(seq, OutcomeKind.Succeeded, now, null, new AttemptRecord(attempt, now, 12.5, 200, "succeeded", null, "ok"), null);

    protected static DeliveryOutcome Retry(long seq, long now, long next) =>
        new(seq, OutcomeKind.Retry, now, next, new AttemptRecord(1, now, 3, 500, "failed", "HTTP 500", "boom"), "HTTP 500");

    // ---- migrations, meta, apps and keys --------------------------------------------------------

    [Fact]
    public async Task A_disk_with_room_has_room_and_asking_stores_nothing()
    {
        // PostgreSQL asks by writing 512 KB and rolling it back (disk full: Process/DiskFullTests.cs, Unit/DiskFullMappingTests.cs).
        Assert.True(await Store.HasRoomAsync(default));
        Assert.Null(await Store.GetMetaAsync("disk-space-probe", default));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing_and_the_store_answers()
    {
        await Store.MigrateAsync(default);
        Assert.True(await Store.PingAsync(default));
        Assert.Equal(1, (await Store.CountAsync(default)).Apps);
    }

    [Fact]
    public async Task Meta_is_set_only_when_absent()
    {
        Assert.Null(await Store.GetMetaAsync("k", default));
        Assert.Equal("first", await Store.SetMetaIfAbsentAsync("k", "first", default));
        Assert.Equal("first", await Store.SetMetaIfAbsentAsync("k", "second", default));
        Assert.Equal("first", await Store.GetMetaAsync("k", default));
    }

    [Fact]
    public async Task Apps_are_created_once_and_keys_are_listed_and_revoked_per_app()
    {
        Assert.False(await Store.CreateAppAsync(new AppRecord(App, "again", "eu", T0 + 1), default));
        Assert.True(await Store.CreateAppAsync(new AppRecord("app0", "App zero", "eu", T0 + 1), default));
        Assert.Equal(["app0", App], (await Store.ListAppsAsync(default)).Select(a => a.Id));
        Assert.Equal(new AppRecord(App, "App one", "us", T0), await Store.GetAppAsync(App, default));
        Assert.Null(await Store.GetAppAsync("nope", default));

        await Store.CreateApiKeyAsync(new ApiKeyRecord("k1", App, "admin", "admin", [1, 2, 3], T0, null), default);
        await Store.CreateApiKeyAsync(new ApiKeyRecord("k2", App, "ingest", "ingest", [4, 5], T0 + 1, null), default);
        await Store.CreateApiKeyAsync(new ApiKeyRecord("k3", "app0", "other", "admin", [6], T0, null), default);
        var k1 = await Store.GetApiKeyAsync("k1", default);
        Assert.NotNull(k1);
        Assert.Equal([1, 2, 3], k1.Hash);
        Assert.Equal(["k1", "k2"], (await Store.ListApiKeysAsync(App, default)).Select(k => k.Id));
        Assert.False(await Store.RevokeApiKeyAsync("app0", "k1", T0 + 5, default)); // not that app's key
        Assert.True(await Store.RevokeApiKeyAsync(App, "k1", T0 + 5, default));
        Assert.False(await Store.RevokeApiKeyAsync(App, "k1", T0 + 6, default));
        Assert.Equal(T0 + 5, (await Store.GetApiKeyAsync("k1", default))!.RevokedAt);
    }

    // ---- ingest -----------------------------------------------------------------------------------

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

    // ---- the queue: claims, lanes, leases, outcomes ----------------------------------------------

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
        Assert.Equal([1, 2], retry.Attempts.Select(a => a.Attempt));
    }

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
