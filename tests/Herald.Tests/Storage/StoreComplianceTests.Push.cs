using Herald.Storage;

namespace Herald.Tests.Storage;

public abstract partial class StoreComplianceTests
{
    // ---- endpoints and secrets ----------------------------------------------------------------

    [Fact]
    public async Task Endpoints_are_created_updated_listed_and_deleted_with_their_queue_cancelled()
    {
        await Store.CreateAppAsync(new AppRecord("app2", "Two", "us", T0), default);
        await Store.CreateEndpointAsync(Endpoint("ep1", types: ["message.*"], rate: 5), Secret("ep1"), default);
        await Store.CreateEndpointAsync(Endpoint("ep2") with { CreatedAt = T0 + 1 }, Secret("ep2"), default);
        await Store.CreateEndpointAsync(Endpoint("other", app: "app2"), Secret("other"), default);
        var ep1 = (await Store.GetEndpointAsync(App, "ep1", default))!;
        Assert.Equal(["message.*"], ep1.EventTypes);
        Assert.Equal((5, true, (int?)null), (ep1.RateLimitPerSecond, ep1.Enabled, ep1.TimeoutMs));
        Assert.Null(await Store.GetEndpointAsync("app2", "ep1", default));
        Assert.Equal(["ep1", "ep2"], (await Store.ListEndpointsAsync(App, default)).Select(e => e.Id));
        Assert.Equal(3, (await Store.ListEndpointsAsync(null, default)).Count);

        Assert.True(await Store.UpdateEndpointAsync(ep1 with { Url = "https://example.test/new", EventTypes = [], TimeoutMs = 1500, Enabled = false, UpdatedAt = T0 + 9 }, default));
        Assert.False(await Store.UpdateEndpointAsync(Endpoint("ghost"), default));
        ep1 = (await Store.GetEndpointAsync(App, "ep1", default))!;
        Assert.Equal(("https://example.test/new", 0, (int?)1500, false, T0 + 9), (ep1.Url, ep1.EventTypes.Count, ep1.TimeoutMs, ep1.Enabled, ep1.UpdatedAt));

        await IngestAsync(Event("e1", endpoints: ["ep2"]), Event("e2", endpoints: ["ep2"]));
        var job = (await Store.ClaimAsync(0, T0, T0 + 30_000, "w", 1, default)).Single();
        await Store.RecordOutcomesAsync([Ok(job.Seq, T0 + 1)], "w", default);
        Assert.False(await Store.DeleteEndpointAsync("app2", "ep2", T0 + 10, default));
        Assert.True(await Store.DeleteEndpointAsync(App, "ep2", T0 + 10, default));
        Assert.False(await Store.DeleteEndpointAsync(App, "ep2", T0 + 11, default));
        Assert.Null(await Store.GetEndpointAsync(App, "ep2", default));
        Assert.Equal(["ep1"], (await Store.ListEndpointsAsync(App, default)).Select(e => e.Id));
        var history = await ListAsync(endpointId: "ep2");
        Assert.Equal(["cancelled", "succeeded"], history.Select(d => d.Status));
        Assert.Equal("endpoint deleted", history[0].LastError);
    }

    [Fact]
    public async Task Secrets_rotate_with_the_old_one_expiring_and_health_disables_an_endpoint()
    {
        await Store.CreateEndpointAsync(Endpoint("ep1"), Secret("ep1", 1), default);
        await Store.RotateEndpointSecretAsync(Secret("ep1", 2, T0 + 10), T0 + 1_000, default);
        await Store.RotateEndpointSecretAsync(Secret("ep1", 3, T0 + 20), T0 + 2_000, default);
        var secrets = await Store.ListEndpointSecretsAsync("ep1", default);
        Assert.Equal([3, 2, 1], secrets.Select(s => s.EncryptedSecret[0]));
        Assert.Equal([null, T0 + 2_000, T0 + 1_000], secrets.Select(s => s.ExpiresAt)); // an earlier expiry is never pushed later

        await Store.SetEndpointHealthAsync("ep1", T0 + 5, null, T0 + 6, default);
        var e = (await Store.GetEndpointAsync(App, "ep1", default))!;
        Assert.Equal((T0 + 5, true, (string?)null), (e.FailingSince, e.Enabled, e.DisabledReason));
        await Store.SetEndpointHealthAsync("ep1", T0 + 5, "failing for 5 days", T0 + 7, default);
        e = (await Store.GetEndpointAsync(App, "ep1", default))!;
        Assert.Equal((false, "failing for 5 days", T0 + 7), (e.Enabled, e.DisabledReason, e.UpdatedAt));
        await Store.SetEndpointHealthAsync("ep1", null, null, T0 + 8, default);
        e = (await Store.GetEndpointAsync(App, "ep1", default))!;
        Assert.Equal(((long?)null, false, "failing for 5 days"), (e.FailingSince, e.Enabled, e.DisabledReason));
    }

    // ---- push settings, credentials, devices, preferences ----------------------------------------

    [Fact]
    public async Task Push_settings_and_event_toggles_round_trip()
    {
        Assert.Null(await Store.GetPushSettingsAsync(App, default));
        var settings = PushSettings.Default with { Enabled = false, CustomJson = "{\"x\":1}", Throttle = new ThrottleSettings(5, 10) };
        await Store.SavePushSettingsAsync(App, settings, T0, default);
        await Store.SavePushSettingsAsync(App, settings with { IncludeBadgeCount = true }, T0 + 1, default);
        Assert.Equal(settings with { IncludeBadgeCount = true }, await Store.GetPushSettingsAsync(App, default));

        var template = new PushTemplate("{{senderName}}", "{{text}}", new Dictionary<string, LocaleText> { ["fr"] = new("Nouveau", "{{text}}") });
        await Store.SaveEventPushSettingAsync(App, new EventPushSetting("message.created", "group", true, template), T0, default);
        await Store.SaveEventPushSettingAsync(App, new EventPushSetting("call.initiated", "", false, null), T0, default);
        await Store.SaveEventPushSettingAsync(App, new EventPushSetting("call.initiated", "", true, null), T0 + 1, default);
        var list = await Store.ListEventPushSettingsAsync(App, default);
        Assert.Equal(["call.initiated", "message.created"], list.Select(s => s.Type));
        Assert.True(list[0].Allowed);
        Assert.Equal("Nouveau", list[1].Template!.Locales!["fr"].Title);
    }

    private static CredentialRecord Credential(string id, bool active, string platform = "ios", string provider = "apns", long at = T0) =>
        new(id, App, id, platform, provider, "production", active, new CredentialDetails(KeyId: "K1", TeamId: "T1", Topic: "com.x"),
            [9, 8, 7], T0 + 86_400_000, at, at);

    [Fact]
    public async Task Exactly_one_credential_is_active_per_platform_and_provider()
    {
        await Store.CreateCredentialAsync(Credential("c1", active: true), default);
        await Store.CreateCredentialAsync(Credential("c2", active: true, at: T0 + 1), default); // takes over
        await Store.CreateCredentialAsync(Credential("c3", active: false, at: T0 + 2), default);
        await Store.CreateCredentialAsync(Credential("f1", active: true, platform: "android", provider: "fcm", at: T0 + 3), default);
        async Task<string[]> Active() => [.. (await Store.ListCredentialsAsync(App, default)).Where(c => c.Active).Select(c => c.Id)];
        Assert.Equal(["c2", "f1"], await Active());
        Assert.True(await Store.ActivateCredentialAsync(App, "c3", T0 + 10, default));
        Assert.Equal(["c3", "f1"], await Active());
        Assert.True(await Store.ActivateCredentialAsync(App, "c3", T0 + 11, default)); // already active: still true
        Assert.False(await Store.ActivateCredentialAsync(App, "nope", T0 + 12, default));
        var c3 = (await Store.GetCredentialAsync(App, "c3", default))!;
        Assert.Equal(("K1", "com.x", (byte)9, T0 + 10), (c3.Details.KeyId, c3.Details.Topic, c3.EncryptedSecret[0], c3.UpdatedAt));
        Assert.True(await Store.DeleteCredentialAsync(App, "c3", default));
        Assert.False(await Store.DeleteCredentialAsync(App, "c3", default));
        Assert.Equal(["f1"], await Active());
        Assert.Null(await Store.GetCredentialAsync(App, "c3", default));
    }

    [Fact]
    public async Task Concurrent_activations_leave_exactly_one_active_and_never_fail()
    {
        var ids = Enumerable.Range(0, 12).Select(i => $"c{i}").ToArray();
        foreach (var id in ids) await Store.CreateCredentialAsync(Credential(id, active: false), default);
        await Task.WhenAll(ids.Select(id => Task.Run(() => Store.ActivateCredentialAsync(App, id, T0 + 5, default))));
        Assert.Single(await Store.ListCredentialsAsync(App, default), c => c.Active);
        await Task.WhenAll(ids.Select((id, i) => Task.Run(() => Store.CreateCredentialAsync(Credential($"n{i}", active: true, at: T0 + 10), default))));
        Assert.Single(await Store.ListCredentialsAsync(App, default), c => c.Active);
    }

    private static DeviceRecord Device(string uid, string deviceId, string token, string provider = "fcm", long at = T0) =>
        new(App, uid, deviceId, "android", provider, token, "fr", "production", at, at);

    [Fact]
    public async Task A_device_token_belongs_to_one_install_and_moves_when_registered_again()
    {
        await Store.UpsertDeviceAsync(Device("alice", "d1", "tokA"), default);
        await Store.UpsertDeviceAsync(Device("alice", "d2", "tokB"), default);
        await Store.UpsertDeviceAsync(Device("bob", "d3", "tokA"), default); // same token, another install: d1 stops receiving
        await Store.UpsertDeviceAsync(Device("bob", "d4", "tokA", provider: "apns"), default); // another provider's token space
        Assert.Null(await Store.GetDeviceAsync(App, "d1", default));
        var byUid = await Store.ListDevicesAsync(App, ["alice", "bob", "carol"], default);
        Assert.Equal(["alice", "bob", "bob"], byUid.Select(d => d.Uid));
        Assert.Empty(await Store.ListDevicesAsync(App, [], default));

        await Store.UpsertDeviceAsync(Device("carol", "d2", "tokC", at: T0 + 5), default); // same device id: updated in place
        var d2 = (await Store.GetDeviceAsync(App, "d2", default))!;
        Assert.Equal(("carol", "tokC", T0, T0 + 5), (d2.Uid, d2.Token, d2.CreatedAt, d2.UpdatedAt));

        Assert.False(await Store.PruneDeviceAsync(App, "d2", "tokB", default)); // re-registered since: kept
        Assert.True(await Store.PruneDeviceAsync(App, "d2", "tokC", default));
        Assert.False(await Store.DeleteDeviceAsync(App, "alice", "d3", default)); // not alice's
        Assert.True(await Store.DeleteDeviceAsync(App, "bob", "d3", default));
        Assert.Equal(["d4"], (await Store.ListDevicesAsync(App, ["alice", "bob", "carol"], default)).Select(d => d.DeviceId));
    }

    [Fact]
    public async Task A_batch_of_devices_is_read_in_one_call_and_unregistered_ones_are_absent()
    {
        await Store.UpsertDeviceAsync(Device("alice", "d1", "tokA"), default);
        await Store.UpsertDeviceAsync(Device("bob", "d2", "tokB", provider: "apns"), default);
        await Store.UpsertDeviceAsync(Device("carol", "d3", "tokC"), default);
        Assert.True(await Store.DeleteDeviceAsync(App, "carol", "d3", default));

        var found = await Store.GetDevicesAsync(App, ["d1", "d2", "d3", "never"], default);
        Assert.Equal([("d1", "alice", "tokA"), ("d2", "bob", "tokB")], found.Select(d => (d.DeviceId, d.Uid, d.Token)).OrderBy(d => d.DeviceId));
        Assert.Empty(await Store.GetDevicesAsync("other-app", ["d1"], default));
        Assert.Empty(await Store.GetDevicesAsync(App, [], default));
    }

    [Fact]
    public async Task Preferences_are_saved_whole_and_read_one_or_many()
    {
        Assert.Null(await Store.GetPreferencesAsync(App, "alice", default));
        var prefs = new UserPreferences(new Dictionary<string, long?> { ["group_hiking"] = T0 + 1, ["forever"] = null }, ["call"],
            new QuietHours("22:00", "07:00", "Europe/Paris"), "fr");
        await Store.SavePreferencesAsync(App, "alice", UserPreferences.Default, T0, default);
        await Store.SavePreferencesAsync(App, "alice", prefs, T0 + 1, default);
        var read = (await Store.GetPreferencesAsync(App, "alice", default))!;
        Assert.Equal((T0 + 1, (long?)null, "call", "Europe/Paris", "fr"),
            (read.MutedConversations["group_hiking"], read.MutedConversations["forever"], read.MutedCategories.Single(), read.QuietHours!.TimeZone, read.Locale));
        var many = await Store.GetPreferencesAsync(App, ["alice", "bob"], default);
        Assert.Equal(["alice"], many.Keys);
        Assert.Empty(await Store.GetPreferencesAsync(App, Array.Empty<string>(), default));
    }

    // ---- throttle and badges --------------------------------------------------------------------

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

    [Fact]
    public async Task Badges_add_up_or_are_set()
    {
        Assert.Equal(2, (await Store.BumpBadgesAsync(App, ["alice"], 2, null, default))["alice"]);
        var after = await Store.BumpBadgesAsync(App, ["alice", "bob"], 1, null, default);
        Assert.Equal((3, 1), (after["alice"], after["bob"]));
        Assert.Equal(0, (await Store.BumpBadgesAsync(App, ["alice"], 0, 0, default))["alice"]);
        Assert.Empty(await Store.BumpBadgesAsync(App, [], 1, null, default));
    }

    // ---- fan-out --------------------------------------------------------------------------------

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

    // ---- cross-node rules -------------------------------------------------------------------------

    [Fact]
    public async Task Rate_windows_count_within_a_window_and_restart_in_a_newer_one()
    {
        Assert.Equal(1, await Store.CountInWindowAsync("endpoint/ep1", T0, default));
        Assert.Equal(2, await Store.CountInWindowAsync("endpoint/ep1", T0, default));
        Assert.Equal(1, await Store.CountInWindowAsync("endpoint/ep2", T0, default));
        Assert.Equal(1, await Store.CountInWindowAsync("endpoint/ep1", T0 + 100, default));
        Assert.Equal(2, await Store.CountInWindowAsync("endpoint/ep1", T0, default)); // a late clock counts into the newest window
        var counts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Store.CountInWindowAsync("endpoint/ep3", T0, default))));
        Assert.Equal(Enumerable.Range(1, 20), counts.Order());
    }

    [Fact]
    public async Task A_shared_value_is_made_once_per_refresh_period_whoever_asks()
    {
        var made = 0;
        string Make(long at) { Interlocked.Increment(ref made); return $"token@{at}"; }
        var first = await Store.GetOrRefreshSharedValueAsync("apns/K1", T0, 1_200_000, Make, default);
        Assert.Equal(new SharedValue($"token@{T0}", T0), first);
        Assert.Equal(first, await Store.GetOrRefreshSharedValueAsync("apns/K1", T0 + 1_199_999, 1_200_000, Make, default));
        Assert.Equal(1, made);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => Store.GetOrRefreshSharedValueAsync("apns/K1", T0 + 1_200_000 + i, 1_200_000, Make, default))));
        Assert.Equal(2, made); // one of them refreshed; the others got its value
        Assert.Single(concurrent.Distinct());
        Assert.Equal(new SharedValue($"token@{T0 + 7}", T0 + 7), await Store.GetOrRefreshSharedValueAsync("apns/K2", T0 + 7, 1_200_000, Make, default));
        Assert.Equal(3, made);
    }
}
