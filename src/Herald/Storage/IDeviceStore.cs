namespace Herald.Storage;

/// <summary>Devices. A token is unique per (app, provider): registering it again, for any user or device id, moves it.</summary>
public interface IDeviceStore
{
    Task UpsertDeviceAsync(DeviceRecord device, CancellationToken ct);
    Task<bool> DeleteDeviceAsync(string appId, string uid, string deviceId, CancellationToken ct);
    Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct);
    Task<DeviceRecord?> GetDeviceAsync(string appId, string deviceId, CancellationToken ct);
    /// <summary>The devices of <paramref name="deviceIds"/> that are registered (a claimed batch's push targets, in one query).</summary>
    Task<IReadOnlyList<DeviceRecord>> GetDevicesAsync(string appId, IReadOnlyCollection<string> deviceIds, CancellationToken ct);
    /// <summary>Removes a device a provider called dead, but only while it still has that token (it may have re-registered since).</summary>
    Task<bool> PruneDeviceAsync(string appId, string deviceId, string token, CancellationToken ct);
}
