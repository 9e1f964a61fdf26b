using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IUnreadStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Unread_counts_rise_per_message_and_fall_when_a_conversation_is_read_or_a_message_deleted()
    {
        await Store.AddUnreadAsync(App, "group_hiking", "m1", ["alice", "bob"], T0, default);
        await Store.AddUnreadAsync(App, "group_hiking", "m1", ["alice", "bob"], T0, default); // a fan-out run twice adds nothing
        await Store.AddUnreadAsync(App, "group_hiking", "m2", ["alice"], T0, default);
        await Store.AddUnreadAsync(App, "alice_user_carol", "m3", ["alice"], T0, default);
        await Store.AddUnreadAsync("app2", "group_hiking", "m9", ["alice"], T0, default); // another app's alice
        await Store.AddUnreadAsync(App, "group_hiking", "m4", [], T0, default);

        var counts = await Store.CountUnreadAsync(App, ["alice", "bob", "dave"], default);
        Assert.Equal((3, 1, false), (counts["alice"], counts["bob"], counts.ContainsKey("dave")));

        Assert.Equal(1, await Store.MarkReadAsync(App, "alice", "group_hiking", default));
        Assert.Equal(1, await Store.MarkReadAsync(App, "alice", "group_hiking", default)); // idempotent
        Assert.Equal(1, (await Store.CountUnreadAsync(App, ["bob"], default))["bob"]); // bob's own stay

        Assert.Equal(1, await Store.ForgetUnreadMessageAsync(App, "m1", default)); // bob had it unread
        Assert.Equal(0, await Store.ForgetUnreadMessageAsync(App, "m1", default));
        Assert.Empty(await Store.CountUnreadAsync(App, ["bob"], default));

        Assert.Equal(0, await Store.MarkReadAsync(App, "alice", null, default));
        Assert.Equal(1, (await Store.CountUnreadAsync("app2", ["alice"], default))["alice"]);
        Assert.Empty(await Store.CountUnreadAsync(App, [], default));
    }

    [Fact]
    public async Task The_retention_sweep_deletes_unread_rows_older_than_the_cutoff_a_batch_at_a_time()
    {
        for (var i = 0; i < 5; i++) await Store.AddUnreadAsync(App, "group_hiking", $"m{i}", ["alice"], T0 + i, default);
        await Store.AddUnreadAsync("app2", "group_hiking", "m0", ["alice"], T0, default);
        Assert.Equal(2, await Store.DeleteOldUnreadAsync(App, T0 + 3, 2, default));
        Assert.Equal(1, await Store.DeleteOldUnreadAsync(App, T0 + 3, 2, default));
        Assert.Equal(0, await Store.DeleteOldUnreadAsync(App, T0 + 3, 2, default));
        Assert.Equal(2, (await Store.CountUnreadAsync(App, ["alice"], default))["alice"]);
        Assert.Equal(1, (await Store.CountUnreadAsync("app2", ["alice"], default))["alice"]);
    }
}
