using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IIdempotencyStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    private static readonly byte[] HashA = [0xA1, 0xA2], HashB = [0xB1, 0xB2];
    private const long Window = 86_400_000;

    private Task<IdempotencyRecord?> ReserveAsync(string key, byte[] hash, long now, string app = App) =>
        Store.ReserveIdempotencyKeyAsync(app, key, hash, now, now - Window, default);

    [Fact]
    public async Task An_idempotency_key_is_reserved_once_per_app_then_holds_its_answer()
    {
        Assert.Null(await ReserveAsync("k1", HashA, T0));
        var held = await ReserveAsync("k1", HashB, T0 + 1); // another request under the key sees who holds it
        Assert.NotNull(held);
        Assert.Equal(HashA, held.RequestHash);
        Assert.Equal((T0, (IdempotentAnswer?)null), (held.CreatedAt, held.Answer));

        var answer = new IdempotentAnswer(201, "application/json; charset=utf-8", "/v1/apps/app1/endpoints/ep_1", [9, 8, 7]);
        Assert.True(await Store.CompleteIdempotencyKeyAsync(App, "k1", T0, answer, default));
        Assert.False(await Store.CompleteIdempotencyKeyAsync(App, "k1", T0, answer with { Status = 200 }, default)); // kept once
        var kept = (await ReserveAsync("k1", HashA, T0 + 2))!.Answer;
        Assert.NotNull(kept);
        Assert.Equal((201, answer.ContentType, answer.Location), (kept.Status, kept.ContentType, kept.Location));
        Assert.Equal([9, 8, 7], kept.ProtectedBody);

        // Keys are per app.
        await Store.CreateAppAsync(new AppRecord("app2", "Two", "us", T0), default);
        Assert.Null(await ReserveAsync("k1", HashB, T0 + 3, app: "app2"));
        Assert.Null(await ReserveAsync("K1", HashB, T0 + 3)); // and case-sensitive
    }

    [Fact]
    public async Task Releasing_frees_only_its_own_reservation_while_in_progress()
    {
        Assert.Null(await ReserveAsync("k1", HashA, T0));
        await Store.ReleaseIdempotencyKeyAsync(App, "k1", T0 + 5, default); // not this reservation
        Assert.NotNull(await ReserveAsync("k1", HashA, T0 + 6));
        await Store.ReleaseIdempotencyKeyAsync(App, "k1", T0, default);
        Assert.Null(await ReserveAsync("k1", HashB, T0 + 7));

        Assert.True(await Store.CompleteIdempotencyKeyAsync(App, "k1", T0 + 7, new IdempotentAnswer(200, null, null, [1]), default));
        await Store.ReleaseIdempotencyKeyAsync(App, "k1", T0 + 7, default); // a kept answer stays
        var kept = await ReserveAsync("k1", HashB, T0 + 8);
        Assert.Equal((200, (string?)null, (string?)null), (kept!.Answer!.Status, kept.Answer.ContentType, kept.Answer.Location));
    }

    [Fact]
    public async Task A_key_out_of_its_window_is_taken_over_and_expired_rows_are_deleted_a_few_at_a_time()
    {
        Assert.Null(await ReserveAsync("k1", HashA, T0));
        Assert.True(await Store.CompleteIdempotencyKeyAsync(App, "k1", T0, new IdempotentAnswer(201, null, null, [1]), default));
        Assert.NotNull(await ReserveAsync("k1", HashB, T0 + Window - 1)); // still within
        Assert.Null(await ReserveAsync("k1", HashB, T0 + Window)); // out of it: a new reservation
        var now = (await ReserveAsync("k1", HashA, T0 + Window + 1))!;
        Assert.Equal(HashB, now.RequestHash);
        Assert.Equal((T0 + Window, (IdempotentAnswer?)null), (now.CreatedAt, now.Answer));
        // The old request's completion arrives late: it no longer owns the key.
        Assert.False(await Store.CompleteIdempotencyKeyAsync(App, "k1", T0, new IdempotentAnswer(201, null, null, [1]), default));

        await Store.CreateAppAsync(new AppRecord("app2", "Two", "us", T0), default);
        for (var i = 0; i < 5; i++) Assert.Null(await ReserveAsync($"old{i}", HashA, T0 + i));
        Assert.Null(await ReserveAsync("old0", HashA, T0, app: "app2"));
        Assert.Equal(2, await Store.DeleteExpiredIdempotencyKeysAsync(App, T0 + 2, 2, default));
        Assert.Equal(1, await Store.DeleteExpiredIdempotencyKeysAsync(App, T0 + 2, 2, default));
        Assert.Equal(0, await Store.DeleteExpiredIdempotencyKeysAsync(App, T0 + 2, 2, default));
        // Within the window of the check (created after T0 + 2) and other apps' rows stay.
        Assert.NotNull(await Store.ReserveIdempotencyKeyAsync(App, "old3", HashB, T0 + 10, T0 + 2, default));
        Assert.NotNull(await Store.ReserveIdempotencyKeyAsync("app2", "old0", HashB, T0 + 10, T0 - 1, default));
        Assert.Null(await Store.ReserveIdempotencyKeyAsync(App, "old0", HashB, T0 + 10, T0 - 1, default)); // deleted
    }

    [Fact]
    public async Task Of_racing_reservations_of_one_key_exactly_one_wins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => ReserveAsync("race", [(byte)i], T0 + i))));
        Assert.Single(results, r => r is null);
        var winner = Array.FindIndex(results, r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(T0 + winner, r!.CreatedAt));
    }
}
