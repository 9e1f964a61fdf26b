using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IEndpointStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
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
}
