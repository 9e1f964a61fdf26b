using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IDeviceStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
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
}
