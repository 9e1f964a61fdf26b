using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Herald.Push.Credentials;
using Herald.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Herald.Push.Providers.Apns;

/// <summary>A signed APNs provider token and when it was made (its iat).</summary>
public sealed record ApnsToken(string Jwt, DateTimeOffset IssuedAt);

/// <summary>What an ExpiredProviderToken answer led to: a new token, or none yet because the last one is too recent.</summary>
public readonly record struct ExpiredTokenRefresh(bool Refreshed, TimeSpan Age, DateTimeOffset NextAllowed);

/// <summary>
/// The ES256 provider tokens of token auth, one per signing key. Apple wants the same token reused
/// for as close to an hour as possible, rejects one whose iat is over an hour old, and answers 429
/// TooManyProviderTokenUpdates to a key that makes new ones more often than every 20 minutes, counted
/// across every sender using the key. So a token is reused until it is 45 minutes old, a new one is
/// never made before 20 minutes (not even when APNs calls the current one expired: that means a
/// clock is off), and the token lives in the store, where every node sharing it finds the one the
/// first node made. A node keeps its copy in memory and asks the store only when that copy is due
/// for renewal, so the store is read about once per key per 45 minutes, not per push.
/// </summary>
public sealed class ApnsTokenCache(TimeProvider time, IHeraldStore store, IDataProtectionProvider protection) : IDisposable
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan RefreshAge = TimeSpan.FromMinutes(45);

    // A provider token is a bearer credential for an hour: it is kept encrypted in the store like the key it came from.
    private readonly IDataProtector _protector = protection.CreateProtector("Herald.Push.Apns.ProviderToken.v1");
    private readonly IHeraldStore _store = store;

    // Signers are per key, not per credential: two credentials holding the same .p8 must share its
    // token, or each would count as a token update against the same team.
    private readonly ConcurrentDictionary<string, Signer> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Signer> _byCredential = new(StringComparer.Ordinal);
    private long _signed;

    /// <summary>How many tokens this node signed since start; a test's window into the reuse rule.</summary>
    internal long Signed => Interlocked.Read(ref _signed);

    public ValueTask<ApnsToken> GetAsync(CredentialRecord credential, CredentialMaterial material, CancellationToken ct) =>
        SignerFor(credential, material).GetAsync(time.GetUtcNow(), ct);

    /// <summary>APNs said <paramref name="rejected"/> is expired: make a new token unless the last was made under 20 minutes ago.</summary>
    public Task<ExpiredTokenRefresh> OnExpiredAsync(CredentialRecord credential, CredentialMaterial material, string rejected, CancellationToken ct) =>
        SignerFor(credential, material).OnExpiredAsync(rejected, time.GetUtcNow(), ct);

    private Signer SignerFor(CredentialRecord credential, CredentialMaterial material)
    {
        if (_byCredential.TryGetValue(credential.Id, out var signer)) return signer;
        var d = credential.Details;
        if (d.KeyId is null || d.TeamId is null || material.P8Pem is null)
            throw new InvalidOperationException($"Credential {credential.Id} has no .p8 key with key id and team id; it is not a token-auth APNs credential.");
        var pemHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material.P8Pem)), 0, 8);
        var sharedKey = $"apns-token/{d.TeamId}/{d.KeyId}/{pemHash}";
        signer = _byKey.GetOrAdd(sharedKey, k => new Signer(k, d.KeyId, d.TeamId, material.OpenP8Key(), this));
        return _byCredential.GetOrAdd(credential.Id, signer);
    }

    public void Dispose()
    {
        foreach (var s in _byKey.Values) s.Dispose();
        _byKey.Clear();
        _byCredential.Clear();
    }

    private sealed class Signer(string sharedKey, string keyId, string teamId, ECDsa key, ApnsTokenCache owner) : IDisposable
    {
        // Async because a renewal reads (and may write) the store; one renewal per key at a time on this node.
        private readonly SemaphoreSlim _gate = new(1, 1);
        private volatile ApnsToken? _current;

        public async ValueTask<ApnsToken> GetAsync(DateTimeOffset now, CancellationToken ct)
        {
            var token = _current;
            if (token is not null && now - token.IssuedAt < RefreshAge) return token;
            await _gate.WaitAsync(ct);
            try
            {
                token = _current;
                if (token is not null && now - token.IssuedAt < RefreshAge) return token;
                return _current = await SharedAsync(now, RefreshAge, ct);
            }
            finally { _gate.Release(); }
        }

        public async Task<ExpiredTokenRefresh> OnExpiredAsync(string rejected, DateTimeOffset now, CancellationToken ct)
        {
            await _gate.WaitAsync(ct);
            try
            {
                var token = _current;
                // Another send already replaced it: the retry simply takes the new one.
                if (token is not null && token.Jwt != rejected) return new(true, TimeSpan.Zero, now);
                // The store makes a new token only when its current one is 20 minutes old, whichever node
                // made it; a younger one from another node is taken as it is.
                var shared = await SharedAsync(now, MinimumAge, ct);
                if (token is null || shared.Jwt != token.Jwt) _current = shared;
                if (shared.Jwt != rejected) return new(true, token is null ? TimeSpan.Zero : now - token.IssuedAt, now);
                return new(false, now - shared.IssuedAt, shared.IssuedAt + MinimumAge);
            }
            finally { _gate.Release(); }
        }

        private async Task<ApnsToken> SharedAsync(DateTimeOffset now, TimeSpan refreshAfter, CancellationToken ct)
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var shared = await GetOrRefreshAsync(nowMs, (long)refreshAfter.TotalMilliseconds, ct);
            string jwt;
            try
            {
                jwt = owner._protector.Unprotect(shared.Value);
            }
            catch (CryptographicException)
            {
                // Stored under a Data Protection key the ring no longer holds (key ring lost, then the credential
                // uploaded again): no node can read it, and left alone it would fail every push until it aged out.
                // It is replaced, unless another node already did: the refresh age is this token's own, so only a
                // row issued no later than it counts as due.
                shared = await GetOrRefreshAsync(nowMs, nowMs - shared.IssuedAt, ct);
                jwt = owner._protector.Unprotect(shared.Value);
            }
            // The token's age counts from its iat, which is the stored time cut to whole seconds.
            return new ApnsToken(jwt, DateTimeOffset.FromUnixTimeSeconds(shared.IssuedAt / 1000));
        }

        private Task<SharedValue> GetOrRefreshAsync(long nowMs, long refreshAfterMs, CancellationToken ct) =>
            owner._store.GetOrRefreshSharedValueAsync(sharedKey, nowMs, refreshAfterMs,
                at => owner._protector.Protect(Sign(DateTimeOffset.FromUnixTimeMilliseconds(at))), ct);

        private string Sign(DateTimeOffset now)
        {
            var iat = now.ToUnixTimeSeconds();
            var header = Encode(w => { w.WriteString("alg", "ES256"); w.WriteString("kid", keyId); });
            var claims = Encode(w => { w.WriteString("iss", teamId); w.WriteNumber("iat", iat); });
            var signingInput = $"{header}.{claims}";
            // JWS (RFC 7515 §A.3) wants r||s, not the DER that .NET produces by default.
            var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            Interlocked.Increment(ref owner._signed);
            return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
        }

        private static string Encode(Action<Utf8JsonWriter> fields)
        {
            var buffer = new ArrayBufferWriter<byte>(64);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                fields(w);
                w.WriteEndObject();
            }
            return Base64Url.EncodeToString(buffer.WrittenSpan);
        }

        public void Dispose()
        {
            key.Dispose();
            _gate.Dispose();
        }
    }
}
