using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IStoreAdministration"/>.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task A_disk_with_room_has_room_and_asking_stores_nothing()
    {
        // PostgreSQL asks by writing 512 KB and rolling it back (disk full: Process/DiskFullTests.cs, Storage/DiskFullMappingTests.cs).
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
}
