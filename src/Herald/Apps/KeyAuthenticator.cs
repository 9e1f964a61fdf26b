using System.Collections.Concurrent;
using Herald.Storage;

namespace Herald.Apps;

/// <summary>
/// Resolves a bearer key to a <see cref="Caller"/>. App keys are cached briefly so the hot ingest
/// path does not read the database per request; a revocation on this node takes effect at once,
/// on other nodes within <see cref="CacheFor"/>.
/// </summary>
public sealed class KeyAuthenticator(IHeraldStore store, RootKey rootKey, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Key, DateTimeOffset Until)> _cache = new();

    public async Task<Caller?> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var presented = authorization["Bearer ".Length..].Trim();
        if (presented.Length == 0) return null;
        if (rootKey.Matches(presented)) return Caller.Root;

        var keyId = ApiKeys.ParseKeyId(presented);
        if (keyId is null) return null;
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(keyId, out var cached) || cached.Until < now)
        {
            cached = (await store.GetApiKeyAsync(keyId, ct), now + CacheFor);
            // Only keys that exist are remembered: caching misses would let anyone, without a key,
            // grow this dictionary without bound by presenting made-up key ids.
            if (cached.Key is not null) _cache[keyId] = cached;
            else _cache.TryRemove(keyId, out _);
        }
        var key = cached.Key;
        if (key is null || key.RevokedAt is not null || !ApiKeys.Matches(presented, key.Hash)) return null;
        return new Caller(false, key.AppId, key.Scope);
    }

    public void Forget(string keyId) => _cache.TryRemove(keyId, out _);
}
