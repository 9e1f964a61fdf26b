using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Herald.Push.Credentials;
using Herald.Storage;

namespace Herald.Push.Providers.Apns;

/// <summary>A signed APNs provider token and when it was made (its iat).</summary>
public sealed record ApnsToken(string Jwt, DateTimeOffset IssuedAt);

/// <summary>What an ExpiredProviderToken answer led to: a new token, or none yet because the last one is too recent.</summary>
public readonly record struct ExpiredTokenRefresh(bool Refreshed, TimeSpan Age, DateTimeOffset NextAllowed);

/// <summary>
/// The ES256 provider tokens of token auth, one per signing key. Apple wants the same token reused
/// for as close to an hour as possible, rejects one whose iat is over an hour old, and answers 429
/// TooManyProviderTokenUpdates to a key that makes new ones more often than every 20 minutes. So a
/// token is reused until it is 45 minutes old, and a new one is never made before 20 minutes, not
/// even when APNs calls the current one expired (that means this server's clock is off).
/// </summary>
public sealed class ApnsTokenCache(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan RefreshAge = TimeSpan.FromMinutes(45);

    // Signers are per key, not per credential: two credentials holding the same .p8 must share its
    // token, or each would count as a token update against the same team.
    private readonly ConcurrentDictionary<string, Signer> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Signer> _byCredential = new(StringComparer.Ordinal);
    private long _signed;

    /// <summary>How many tokens were signed since start; a test's window into the reuse rule.</summary>
    internal long Signed => Interlocked.Read(ref _signed);

    public ApnsToken Get(CredentialRecord credential, CredentialMaterial material) =>
        SignerFor(credential, material).Get(time.GetUtcNow());

    /// <summary>APNs said <paramref name="rejected"/> is expired: make a new token unless the last was made under 20 minutes ago.</summary>
    public ExpiredTokenRefresh OnExpired(CredentialRecord credential, CredentialMaterial material, string rejected) =>
        SignerFor(credential, material).OnExpired(rejected, time.GetUtcNow());

    private Signer SignerFor(CredentialRecord credential, CredentialMaterial material)
    {
        if (_byCredential.TryGetValue(credential.Id, out var signer)) return signer;
        var d = credential.Details;
        if (d.KeyId is null || d.TeamId is null || material.P8Pem is null)
            throw new InvalidOperationException($"Credential {credential.Id} has no .p8 key with key id and team id; it is not a token-auth APNs credential.");
        var pemHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material.P8Pem)), 0, 8);
        signer = _byKey.GetOrAdd($"{d.TeamId}/{d.KeyId}/{pemHash}", _ => new Signer(d.KeyId, d.TeamId, material.OpenP8Key(), this));
        return _byCredential.GetOrAdd(credential.Id, signer);
    }

    public void Dispose()
    {
        foreach (var s in _byKey.Values) s.Dispose();
        _byKey.Clear();
        _byCredential.Clear();
    }

    private sealed class Signer(string keyId, string teamId, ECDsa key, ApnsTokenCache owner) : IDisposable
    {
        private readonly Lock _gate = new();
        private volatile ApnsToken? _current;

        public ApnsToken Get(DateTimeOffset now)
        {
            var token = _current;
            if (token is not null && now - token.IssuedAt < RefreshAge) return token;
            lock (_gate)
            {
                token = _current;
                if (token is not null && now - token.IssuedAt < RefreshAge) return token;
                return _current = Sign(now);
            }
        }

        public ExpiredTokenRefresh OnExpired(string rejected, DateTimeOffset now)
        {
            lock (_gate)
            {
                var token = _current;
                // Another send already replaced it: the retry simply takes the new one.
                if (token is null || token.Jwt != rejected) return new(true, TimeSpan.Zero, now);
                var age = now - token.IssuedAt;
                if (age < MinimumAge) return new(false, age, token.IssuedAt + MinimumAge);
                _current = Sign(now);
                return new(true, age, now);
            }
        }

        private ApnsToken Sign(DateTimeOffset now)
        {
            var iat = now.ToUnixTimeSeconds();
            var header = Encode(w => { w.WriteString("alg", "ES256"); w.WriteString("kid", keyId); });
            var claims = Encode(w => { w.WriteString("iss", teamId); w.WriteNumber("iat", iat); });
            var signingInput = $"{header}.{claims}";
            // JWS (RFC 7515 §A.3) wants r||s, not the DER that .NET produces by default.
            var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            Interlocked.Increment(ref owner._signed);
            return new ApnsToken($"{signingInput}.{Base64Url.EncodeToString(signature)}", DateTimeOffset.FromUnixTimeSeconds(iat));
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

        public void Dispose() => key.Dispose();
    }
}
