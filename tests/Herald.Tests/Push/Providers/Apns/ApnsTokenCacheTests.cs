using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Herald.Push.Credentials;
using Herald.Push.Providers.Apns;
using Herald.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Push.Providers.Apns;

/// <summary>The provider token rules of Apple, on a fake clock: reuse, refresh inside 20–60 minutes, and no refresh storms.</summary>
public sealed class ApnsTokenCacheTests : IAsyncLifetime
{
    internal static readonly CredentialMaterial Material = new(P8Pem: TestCredentials.P256Pem);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    private readonly TokenNodes _nodes = new();

    public Task InitializeAsync() => _nodes.StartSqliteAsync();

    public Task DisposeAsync() => _nodes.DisposeAsync().AsTask();

    private ApnsTokenCache NewCache() => _nodes.Cache(_clock);

    internal static CredentialRecord Credential(string id = "cred_1", string keyId = ApnsTestKit.KeyId) => new(
        id, "app", "APNs key", "ios", "apns", "production", true,
        new CredentialDetails(KeyId: keyId, TeamId: ApnsTestKit.TeamId, Topic: TestCredentials.BundleId, AuthKind: "token"), [], null, 0, 0);

    [Fact]
    public async Task One_token_serves_a_thousand_sends_and_is_a_valid_ES256_JWT()
    {
        var cache = NewCache();
        var tokens = new List<string>();
        for (var i = 0; i < 1000; i++) tokens.Add((await cache.GetAsync(Credential(), Material, default)).Jwt);

        Assert.Equal(1, cache.Signed);
        Assert.Single(tokens.Distinct());
        var parts = tokens[0].Split('.');
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal(ApnsTestKit.KeyId, header.GetProperty("kid").GetString());
        Assert.Equal(ApnsTestKit.TeamId, claims.GetProperty("iss").GetString());
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.DoesNotContain('=', tokens[0]); // base64url without padding
        var signature = Base64Url.DecodeFromChars(parts[2]);
        Assert.Equal(64, signature.Length); // r||s, as JWS wants, not DER
        using var key = ApnsTestKit.PublicKey();
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task The_token_is_kept_for_19_minutes_replaced_inside_the_20_to_60_minute_window_and_never_used_past_60()
    {
        var cache = NewCache();
        var first = await cache.GetAsync(Credential(), Material, default);
        _clock.Advance(TimeSpan.FromMinutes(19));
        Assert.Same(first, await cache.GetAsync(Credential(), Material, default));

        // A send every 30 seconds for three hours: every token is used only while under an hour old,
        // and each is replaced when it is between 20 and 60 minutes old.
        var previous = first;
        for (var i = 0; i < 360; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            var token = await cache.GetAsync(Credential(), Material, default);
            var age = _clock.GetUtcNow() - token.IssuedAt;
            Assert.InRange(age, TimeSpan.Zero, TimeSpan.FromMinutes(60) - TimeSpan.FromTicks(1));
            if (token != previous)
                Assert.InRange(token.IssuedAt - previous.IssuedAt, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(60));
            previous = token;
        }
        Assert.InRange(cache.Signed, 4, 5); // 3h19m of sends at one token per 45 minutes
    }

    [Fact]
    public async Task A_stored_token_that_no_longer_decrypts_is_replaced_at_once_and_shared_again()
    {
        var before = await NewCache().GetAsync(Credential(), Material, default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        // The key ring was lost: the node restarts with a new one, under which the stored (young) token does not decrypt.
        var ring = new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider();
        var after = _nodes.Cache(_clock, protection: ring);
        var token = await after.GetAsync(Credential(), Material, default);
        Assert.NotEqual(before.Jwt, token.Jwt);
        Assert.Equal(1, after.Signed);
        // The replacement is stored: another node on the new ring takes it instead of making its own.
        var other = _nodes.Cache(_clock, protection: ring);
        Assert.Equal(token.Jwt, (await other.GetAsync(Credential(), Material, default)).Jwt);
        Assert.Equal(0, other.Signed);
    }

    [Fact]
    public async Task A_token_idle_past_an_hour_is_never_reused()
    {
        var cache = NewCache();
        var first = await cache.GetAsync(Credential(), Material, default);
        _clock.Advance(TimeSpan.FromMinutes(75));
        var next = await cache.GetAsync(Credential(), Material, default);
        Assert.NotEqual(first.Jwt, next.Jwt);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), next.IssuedAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task ExpiredProviderToken_within_20_minutes_of_the_last_token_makes_none_and_after_20_makes_one()
    {
        var cache = NewCache();
        var first = await cache.GetAsync(Credential(), Material, default);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var early = await cache.OnExpiredAsync(Credential(), Material, first.Jwt, default);
        Assert.False(early.Refreshed);
        Assert.Equal(first.IssuedAt + TimeSpan.FromMinutes(20), early.NextAllowed);
        Assert.Same(first, await cache.GetAsync(Credential(), Material, default));
        Assert.Equal(1, cache.Signed);

        _clock.Advance(TimeSpan.FromMinutes(16)); // 21 minutes old
        var late = await cache.OnExpiredAsync(Credential(), Material, first.Jwt, default);
        Assert.True(late.Refreshed);
        var second = await cache.GetAsync(Credential(), Material, default);
        Assert.NotEqual(first.Jwt, second.Jwt);
        Assert.Equal(2, cache.Signed);

        // Many sends saw the old token rejected at once: only the first report makes a new one.
        Assert.True((await cache.OnExpiredAsync(Credential(), Material, first.Jwt, default)).Refreshed);
        Assert.Same(second, await cache.GetAsync(Credential(), Material, default));
        Assert.Equal(2, cache.Signed);
        // And the new token, reported expired at once, is not replaced either.
        Assert.False((await cache.OnExpiredAsync(Credential(), Material, second.Jwt, default)).Refreshed);
        Assert.Equal(2, cache.Signed);
    }

    [Fact]
    public async Task Credentials_holding_the_same_key_share_its_token_and_different_keys_do_not()
    {
        var cache = NewCache();
        var a = await cache.GetAsync(Credential("cred_a"), Material, default);
        var b = await cache.GetAsync(Credential("cred_b"), Material, default);
        var other = await cache.GetAsync(Credential("cred_c", keyId: "ZYXWV98765"), Material, default);
        Assert.Same(a, b);
        Assert.NotEqual(a.Jwt, other.Jwt);
        Assert.Equal(2, cache.Signed);
    }

    [Fact]
    public async Task Concurrent_sends_at_the_refresh_moment_sign_one_new_token()
    {
        var cache = NewCache();
        await cache.GetAsync(Credential(), Material, default);
        _clock.Advance(TimeSpan.FromMinutes(46));
        var tokens = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => (await cache.GetAsync(Credential(), Material, default)).Jwt)));
        Assert.Single(tokens.Distinct());
        Assert.Equal(2, cache.Signed);
    }
}
