using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Herald.Queue;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Webhooks;

/// <summary>What a worker needs to send to one endpoint: its settings, live signing keys and rate limiter.</summary>
public sealed class EndpointRuntime(EndpointRecord record, IReadOnlyList<(byte[] Key, long? ExpiresAt)> keys, RateLimiter? limiter, TimeSpan timeout)
{
    public EndpointRecord Record { get; } = record;
    public RateLimiter? Limiter { get; } = limiter;
    public TimeSpan Timeout { get; } = timeout;
    /// <summary>The URL parsed once per cache entry, not once per send.</summary>
    public Uri Uri { get; } = new(record.Url, UriKind.Absolute);
    /// <summary>When the current run of failures began; kept here so health is written only when it changes.</summary>
    public long? FailingSince { get; set; } = record.FailingSince;

    // Outside a rotation no key expires, and every send can share one list instead of building its own.
    private readonly IReadOnlyList<byte[]>? _allLive = keys.All(k => k.ExpiresAt is null) ? keys.Select(k => k.Key).ToArray() : null;

    public IReadOnlyList<byte[]> KeysAt(long now) =>
        _allLive ?? keys.Where(k => k.ExpiresAt is null || k.ExpiresAt > now).Select(k => k.Key).ToList();
}

/// <summary>
/// Endpoints cached in memory: routing at ingest and sending both read them per event, so they must
/// not cost a query each. Changes made through this node are seen at once (Invalidate); entries also
/// expire after a few seconds so that, with several nodes, others' changes arrive soon.
/// </summary>
public sealed partial class EndpointRegistry(
    IHeraldStore store, WebhookSecrets secrets, IEndpointRateGate rateGate, IOptions<DeliveryOptions> delivery, TimeProvider time,
    ILogger<EndpointRegistry> logger)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (EndpointRecord[] Endpoints, DateTimeOffset Until)> _byApp = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (EndpointRuntime? Runtime, DateTimeOffset Until)> _byId = new(StringComparer.Ordinal);
    // Limiters outlive cache refreshes, or every refresh would hand out a fresh burst.
    private readonly ConcurrentDictionary<string, (int Rate, RateLimiter Limiter)> _limiters = new(StringComparer.Ordinal);
    // Endpoints whose secrets were found unreadable: logged once, not at every cache refresh (every 5 s).
    private readonly ConcurrentDictionary<string, byte> _unreadableLogged = new(StringComparer.Ordinal);

    /// <summary>The enabled endpoints of an app whose filter matches the event type.</summary>
    public async ValueTask<IReadOnlyList<EndpointRecord>> RouteAsync(string appId, string eventType, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_byApp.TryGetValue(appId, out var entry) || entry.Until < now)
        {
            var all = await store.ListEndpointsAsync(appId, ct);
            entry = (all.Where(e => e.Enabled).ToArray(), now + Ttl);
            _byApp[appId] = entry;
        }
        if (entry.Endpoints.Length == 0) return [];
        var matched = new List<EndpointRecord>(entry.Endpoints.Length);
        foreach (var e in entry.Endpoints)
            if (EventTypeFilter.Matches(e.EventTypes, eventType)) matched.Add(e);
        return matched;
    }

    public async ValueTask<EndpointRuntime?> GetAsync(string appId, string endpointId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_byId.TryGetValue(endpointId, out var entry) && entry.Until >= now) return entry.Runtime;
        var record = await store.GetEndpointAsync(appId, endpointId, ct);
        EndpointRuntime? runtime = null;
        if (record is not null)
        {
            var keys = await ReadableKeysAsync(endpointId, ct);
            var timeout = record.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : delivery.Value.WebhookTimeoutValue;
            runtime = new EndpointRuntime(record, keys, LimiterFor(record), timeout);
            if (entry.Runtime is { } previous && previous.Record.UpdatedAt == record.UpdatedAt) runtime.FailingSince = previous.FailingSince;
        }
        _byId[endpointId] = (runtime, now + Ttl);
        return runtime;
    }

    /// <summary>
    /// The endpoint's secrets that decrypt. One whose Data Protection key is gone from the ring is left out:
    /// after a rotation the new secret signs alone; with none left the sender records the failure
    /// (<see cref="Herald.Secrets.UnreadableSecret"/>) instead of every send throwing.
    /// </summary>
    private async Task<List<(byte[] Key, long? ExpiresAt)>> ReadableKeysAsync(string endpointId, CancellationToken ct)
    {
        var keys = new List<(byte[] Key, long? ExpiresAt)>();
        var unreadable = 0;
        CryptographicException? error = null;
        foreach (var s in await store.ListEndpointSecretsAsync(endpointId, ct))
        {
            try { keys.Add((WebhookSecrets.Decode(secrets.Unprotect(s.EncryptedSecret))!, s.ExpiresAt)); }
            catch (CryptographicException ex) { unreadable++; error = ex; }
        }
        if (unreadable == 0) _unreadableLogged.TryRemove(endpointId, out _);
        else if (_unreadableLogged.TryAdd(endpointId, 0)) LogUnreadable(logger, endpointId, unreadable, keys.Count, error!);
        return keys;
    }

    public void Invalidate(string appId, string endpointId)
    {
        _byApp.TryRemove(appId, out _);
        _byId.TryRemove(endpointId, out _);
    }

    private RateLimiter? LimiterFor(EndpointRecord e)
    {
        if (e.RateLimitPerSecond <= 0 || !rateGate.UsesLocalLimiters)
        {
            if (_limiters.TryRemove(e.Id, out var old)) old.Limiter.Dispose();
            return null;
        }
        var current = _limiters.AddOrUpdate(e.Id,
            _ => (e.RateLimitPerSecond, NewLimiter(e.RateLimitPerSecond)),
            (_, existing) =>
            {
                if (existing.Rate == e.RateLimitPerSecond) return existing;
                existing.Limiter.Dispose();
                return (e.RateLimitPerSecond, NewLimiter(e.RateLimitPerSecond));
            });
        return current.Limiter;
    }

    // A token bucket refilled every 100 ms holding at most 100 ms' worth: no second ever sees much
    // more than the limit (N + N/10 at worst), unlike a bucket that starts a second's worth full.
    private static TokenBucketRateLimiter NewLimiter(int perSecond) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, perSecond / 10),
        TokensPerPeriod = Math.Max(1, perSecond / 10),
        ReplenishmentPeriod = TimeSpan.FromMilliseconds(perSecond >= 10 ? 100 : 1000.0 / perSecond),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    [LoggerMessage(Level = LogLevel.Error, Message =
        "Endpoint {EndpointId}: {Unreadable} signing secret(s) cannot be decrypted ({Readable} can): the Data Protection key that encrypted them " +
        "is not in the key ring. With none readable its deliveries fail. Restore the key ring from the backup, or rotate the endpoint's secret; " +
        "see docs/OPERATIONS.md, Runbook: key ring lost")]
    private static partial void LogUnreadable(ILogger logger, string endpointId, int unreadable, int readable, Exception ex);
}
