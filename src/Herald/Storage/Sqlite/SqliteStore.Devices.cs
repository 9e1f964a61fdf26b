namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task UpsertDeviceAsync(DeviceRecord device, CancellationToken ct) => throw new NotImplementedException();
    public Task<bool> DeleteDeviceAsync(string appId, string uid, string deviceId, CancellationToken ct) => throw new NotImplementedException();
    public Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct) => throw new NotImplementedException();
    public Task<DeviceRecord?> GetDeviceAsync(string appId, string deviceId, CancellationToken ct) => throw new NotImplementedException();
    public Task<bool> PruneDeviceAsync(string appId, string deviceId, string token, CancellationToken ct) => throw new NotImplementedException();
    public Task<UserPreferences?> GetPreferencesAsync(string appId, string uid, CancellationToken ct) => throw new NotImplementedException();
    public Task<IReadOnlyDictionary<string, UserPreferences>> GetPreferencesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct) => throw new NotImplementedException();
    public Task SavePreferencesAsync(string appId, string uid, UserPreferences preferences, long now, CancellationToken ct) => throw new NotImplementedException();
}
