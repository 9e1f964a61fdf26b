using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IClusterStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
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
