using System.Collections.Concurrent;
using Herald.Storage;

namespace Herald.Apps;

/// <summary>
/// Apps are few and never deleted, and every request looks its app up, so they are cached. An app's
/// settings (strictEventSchemas) can change: a change made through this node is seen at once
/// (<see cref="Forget"/>), and entries are read again after a few seconds so that other nodes' changes arrive soon.
/// </summary>
public sealed class AppDirectory(IHeraldStore store, TimeProvider time)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (AppRecord App, DateTimeOffset Until)> _apps = new(StringComparer.Ordinal);

    public async ValueTask<AppRecord?> FindAsync(string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_apps.TryGetValue(id, out var entry) && entry.Until >= now) return entry.App;
        var app = await store.GetAppAsync(id, ct);
        if (app is not null) _apps[id] = (app, now + Ttl);
        return app;
    }

    /// <summary>After a change to the app: the next lookup reads the store.</summary>
    public void Forget(string id) => _apps.TryRemove(id, out _);
}
