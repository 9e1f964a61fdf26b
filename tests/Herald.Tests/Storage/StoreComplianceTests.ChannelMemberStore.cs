using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IChannelMemberStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Members_are_replaced_whole_per_channel_and_listed_in_byte_order()
    {
        await Store.CreateAppAsync(new AppRecord("app2", "Two", "us", T0), default);
        await Store.ReplaceMembersAsync(App, "c1", ["bob", "carol", "Alice", "bob"], default);
        await Store.ReplaceMembersAsync(App, "c2", ["dave"], default);
        await Store.ReplaceMembersAsync("app2", "c1", ["erin"], default);
        Assert.Equal(["Alice", "bob", "carol"], await Store.ListMembersAsync(App, "c1", default)); // ordinal: upper case first, on both engines

        await Store.ReplaceMembersAsync(App, "c1", ["zed"], default);
        Assert.Equal(["zed"], await Store.ListMembersAsync(App, "c1", default));
        await Store.ReplaceMembersAsync(App, "c1", [], default);
        Assert.Empty(await Store.ListMembersAsync(App, "c1", default));
        Assert.Equal(["dave"], await Store.ListMembersAsync(App, "c2", default));
        Assert.Equal(["erin"], await Store.ListMembersAsync("app2", "c1", default));
        Assert.Empty(await Store.ListMembersAsync(App, "unknown", default));
    }
}
