using System.Collections.Concurrent;
using Herald.Push.Providers;
using Herald.Storage;

namespace Herald.Push;

/// <summary>
/// The active credential of each platform/provider per app, cached for a few seconds: ingest asks
/// it for every event (no credential, no push, no fan-out job), so it must not cost a query each.
/// Changes through this node are seen at once (Invalidate); other nodes' within the TTL.
/// </summary>
public sealed class ActiveCredentials(IHeraldStore store, TimeProvider time)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (CredentialRecord[] Active, DateTimeOffset Until)> _byApp = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<CredentialRecord>> GetAsync(string appId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_byApp.TryGetValue(appId, out var entry) && entry.Until >= now) return entry.Active;
        var active = (await store.ListCredentialsAsync(appId, ct)).Where(c => c.Active).ToArray();
        _byApp[appId] = (active, now + Ttl);
        return active;
    }

    public void Invalidate(string appId) => _byApp.TryRemove(appId, out _);

    /// <summary>
    /// The credential a device is sent with: its own platform's for the provider, else one for any platform, else
    /// (for a provider whose one credential serves all its platforms) the provider's credential of another platform.
    /// </summary>
    public static CredentialRecord? For(IReadOnlyList<CredentialRecord> active, string platform, string provider) =>
        active.FirstOrDefault(c => c.Provider == provider && c.Platform == platform)
        ?? active.FirstOrDefault(c => c.Provider == provider && c.Platform == "any")
        ?? (PushProviders.Find(provider)?.OneCredentialForAllPlatforms == true ? active.FirstOrDefault(c => c.Provider == provider) : null);
}
