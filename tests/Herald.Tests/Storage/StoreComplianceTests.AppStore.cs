using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IAppStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
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

    [Fact]
    public async Task An_app_keeps_its_strict_event_schemas_setting()
    {
        Assert.False((await Store.GetAppAsync(App, default))!.StrictEventSchemas);
        Assert.True(await Store.SetStrictEventSchemasAsync(App, true, default));
        Assert.Equal(new AppRecord(App, "App one", "us", T0, StrictEventSchemas: true), await Store.GetAppAsync(App, default));
        Assert.True(await Store.CreateAppAsync(new AppRecord("app0", "App zero", "eu", T0, StrictEventSchemas: true), default));
        Assert.Equal([true, true], (await Store.ListAppsAsync(default)).Select(a => a.StrictEventSchemas));
        Assert.True(await Store.SetStrictEventSchemasAsync(App, false, default));
        Assert.False((await Store.GetAppAsync(App, default))!.StrictEventSchemas);
        Assert.False(await Store.SetStrictEventSchemasAsync("nope", true, default));
    }
}
