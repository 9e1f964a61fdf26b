using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>Claims of a single lane, which most queue tests are about.</summary>
internal static class ClaimOneLane
{
    public static async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(this IHeraldStore store, int lane, long now, long leaseUntil, string owner, int limit, CancellationToken ct)
    {
        var batch = await store.ClaimAsync(new ClaimRequest(now, leaseUntil, owner, lane == 0 ? limit : 0, lane == 1 ? limit : 0, limit), ct);
        Assert.Empty(lane == 0 ? batch.Retries : batch.First);
        return lane == 0 ? batch.First : batch.Retries;
    }
}
