using System.Collections.Concurrent;
using Herald.Storage;

namespace Herald.Push;

/// <summary>
/// An app's push settings and event toggles, cached: routing reads them for every event, so they must
/// not cost two queries each. Changes made through this node are seen at once (Invalidate); entries
/// also expire after a few seconds so that, with several nodes, others' changes arrive soon.
/// </summary>
public sealed class PushSettingsCache(IHeraldStore store, TimeProvider time)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Entry> _byApp = new(StringComparer.Ordinal);
    // Bumped by Invalidate, so a load that started before a change cannot put the old values back.
    private readonly ConcurrentDictionary<string, long> _generation = new(StringComparer.Ordinal);

    private sealed record Entry(PushSettings Settings, IReadOnlyList<EventPushSetting> Events, DateTimeOffset Until);

    /// <summary>The effective settings (<see cref="PushSettings.Default"/> when never saved) and every stored event row.</summary>
    public async ValueTask<(PushSettings Settings, IReadOnlyList<EventPushSetting> Events)> GetAsync(string appId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_byApp.TryGetValue(appId, out var entry) && entry.Until >= now) return (entry.Settings, entry.Events);

        var generation = _generation.GetValueOrDefault(appId);
        var settings = await store.GetPushSettingsAsync(appId, ct) ?? PushSettings.Default;
        var events = await store.ListEventPushSettingsAsync(appId, ct);
        entry = new Entry(settings, events, now + Ttl);
        _byApp[appId] = entry;
        if (_generation.GetValueOrDefault(appId) != generation) _byApp.TryRemove(KeyValuePair.Create(appId, entry));
        return (entry.Settings, entry.Events);
    }

    public void Invalidate(string appId)
    {
        _generation.AddOrUpdate(appId, 1, (_, g) => g + 1);
        _byApp.TryRemove(appId, out _);
    }
}
