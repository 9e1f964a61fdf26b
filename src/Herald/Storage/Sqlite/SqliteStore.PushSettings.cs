namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<PushSettings?> GetPushSettingsAsync(string appId, CancellationToken ct) => throw new NotImplementedException();
    public Task SavePushSettingsAsync(string appId, PushSettings settings, long now, CancellationToken ct) => throw new NotImplementedException();
    public Task<IReadOnlyList<EventPushSetting>> ListEventPushSettingsAsync(string appId, CancellationToken ct) => throw new NotImplementedException();
    public Task SaveEventPushSettingAsync(string appId, EventPushSetting setting, long now, CancellationToken ct) => throw new NotImplementedException();
}
