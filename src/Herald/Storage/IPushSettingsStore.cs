namespace Herald.Storage;

/// <summary>An app's push settings and its per-event toggles and templates (null/absent = the defaults).</summary>
public interface IPushSettingsStore
{
    Task<PushSettings?> GetPushSettingsAsync(string appId, CancellationToken ct);
    Task SavePushSettingsAsync(string appId, PushSettings settings, long now, CancellationToken ct);
    Task<IReadOnlyList<EventPushSetting>> ListEventPushSettingsAsync(string appId, CancellationToken ct);
    Task SaveEventPushSettingAsync(string appId, EventPushSetting setting, long now, CancellationToken ct);
}
