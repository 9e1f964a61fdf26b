using System.Collections.Concurrent;
using Herald.Storage;

namespace Herald.Apps;

/// <summary>Apps are few and never deleted, so once seen they stay cached for the life of the process.</summary>
public sealed class AppDirectory(IHeraldStore store)
{
    private readonly ConcurrentDictionary<string, AppRecord> _apps = new(StringComparer.Ordinal);

    public async ValueTask<AppRecord?> FindAsync(string id, CancellationToken ct)
    {
        if (_apps.TryGetValue(id, out var app)) return app;
        app = await store.GetAppAsync(id, ct);
        if (app is not null) _apps[id] = app;
        return app;
    }
}
