using Herald.Push.Providers.Apns;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static Herald.Tests.Push.Providers.Apns.ApnsTokenCacheTests;

namespace Herald.Tests.Push.Providers.Apns;

/// <summary>
/// Apple counts token updates per key across every sender. Two nodes on one PostgreSQL database, each
/// with its own connections and its own memory, must together make no more tokens than one node would.
/// </summary>
public sealed class ApnsTokenAcrossNodesTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly TokenNodes _nodes = new();
    private ApnsTokenCache _a = null!, _b = null!;

    public async Task InitializeAsync()
    {
        await _nodes.StartPostgresAsync(nodes: 2);
        _a = _nodes.Cache(_clock, node: 0);
        _b = _nodes.Cache(_clock, node: 1);
    }

    public Task DisposeAsync() => _nodes.DisposeAsync().AsTask();

    private long SignedByBoth => _a.Signed + _b.Signed;

    [Fact]
    public async Task Both_nodes_send_with_the_one_token_the_first_made()
    {
        var first = await _a.GetAsync(Credential(), Material, default);
        _clock.Advance(TimeSpan.FromMinutes(30));
        // Node b starts sending half an hour later: it takes a's token rather than making its own.
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(first.Jwt, (await _b.GetAsync(Credential(), Material, default)).Jwt);
            Assert.Equal(first.Jwt, (await _a.GetAsync(Credential(), Material, default)).Jwt);
        }
        Assert.Equal(first.IssuedAt, (await _b.GetAsync(Credential(), Material, default)).IssuedAt);
        Assert.Equal(1, SignedByBoth);

        // The token is a bearer credential for an hour: the database holds it encrypted.
        await using var c = new NpgsqlConnection(_nodes.PostgresConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT value FROM shared_values WHERE key LIKE 'apns-token/%'", c);
        var stored = (string)(await cmd.ExecuteScalarAsync())!;
        Assert.DoesNotContain(first.Jwt.Split('.')[2], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_the_refresh_moment_64_sends_on_two_nodes_make_one_new_token()
    {
        await _a.GetAsync(Credential(), Material, default);
        await _b.GetAsync(Credential(), Material, default);
        _clock.Advance(TimeSpan.FromMinutes(46));

        var tokens = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(async () => (await (i % 2 == 0 ? _a : _b).GetAsync(Credential(), Material, default)).Jwt)));

        Assert.Single(tokens.Distinct());
        Assert.Equal(2, SignedByBoth);
    }

    [Fact]
    public async Task ExpiredProviderToken_on_both_nodes_makes_one_new_token_and_none_before_20_minutes()
    {
        var first = await _a.GetAsync(Credential(), Material, default);
        await _b.GetAsync(Credential(), Material, default);

        _clock.Advance(TimeSpan.FromMinutes(5));
        var earlyA = await _a.OnExpiredAsync(Credential(), Material, first.Jwt, default);
        var earlyB = await _b.OnExpiredAsync(Credential(), Material, first.Jwt, default);
        Assert.False(earlyA.Refreshed);
        Assert.False(earlyB.Refreshed);
        Assert.Equal(first.IssuedAt + ApnsTokenCache.MinimumAge, earlyB.NextAllowed);
        Assert.Equal(1, SignedByBoth);

        _clock.Advance(TimeSpan.FromMinutes(16)); // 21 minutes old: both nodes see it rejected at once
        var late = await Task.WhenAll(
            Task.Run(() => _a.OnExpiredAsync(Credential(), Material, first.Jwt, default)),
            Task.Run(() => _b.OnExpiredAsync(Credential(), Material, first.Jwt, default)));
        Assert.All(late, r => Assert.True(r.Refreshed));
        var nextA = await _a.GetAsync(Credential(), Material, default);
        var nextB = await _b.GetAsync(Credential(), Material, default);
        Assert.NotEqual(first.Jwt, nextA.Jwt);
        Assert.Equal(nextA.Jwt, nextB.Jwt);
        Assert.Equal(2, SignedByBoth);

        // The new token, reported expired at once on the other node, is not replaced either.
        Assert.False((await _b.OnExpiredAsync(Credential(), Material, nextB.Jwt, default)).Refreshed);
        Assert.Equal(2, SignedByBoth);
    }

    [Fact]
    public async Task A_node_restarted_mid_hour_keeps_using_the_shared_token()
    {
        var first = await _a.GetAsync(Credential(), Material, default);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var restarted = _nodes.Cache(_clock, node: 0); // same node, empty memory
        Assert.Equal(first.Jwt, (await restarted.GetAsync(Credential(), Material, default)).Jwt);
        Assert.Equal(0, restarted.Signed);
    }
}
