using Herald.Hosting;
using Herald.Kernel;

namespace Herald.Tests.Kernel;

/// <summary>Ids are UUIDv7 behind a prefix: unique, and sorted by the millisecond they were made.</summary>
public sealed class IdsTests
{
    [Fact]
    public void An_id_is_the_prefix_and_a_version_7_uuid_carrying_the_current_millisecond()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = Ids.New("msg");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Matches("^msg_[0-9a-f]{32}$", id);
        var uuid = Guid.ParseExact(id[4..], "N");
        Assert.Equal(7, uuid.Version);
        Assert.Equal(0x80, Convert.FromHexString(id[4..])[8] & 0xC0); // RFC 9562 variant
        var ms = Convert.ToInt64(id[4..16], 16);
        Assert.InRange(ms, before, after);
    }

    [Fact]
    public async Task Ids_are_distinct_and_later_milliseconds_sort_after_earlier_ones()
    {
        var ids = Enumerable.Range(0, 100_000).Select(_ => Ids.New("e")).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());

        var first = Ids.New("e");
        await Task.Delay(5);
        var later = Ids.New("e");
        Assert.True(string.CompareOrdinal(first, later) < 0, $"{first} !< {later}");
    }
}
