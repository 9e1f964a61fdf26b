using System.Text.Json;
using Dapper;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string DeviceColumns =
        "app_id AS AppId, uid AS Uid, device_id AS DeviceId, platform AS Platform, provider AS Provider, token AS Token, " +
        "locale AS Locale, environment AS Environment, created_at AS CreatedAt, updated_at AS UpdatedAt";

    private sealed record PreferencesRow(string Uid, string Prefs);

    public Task UpsertDeviceAsync(DeviceRecord device, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            // A token belongs to one install: seen again under another device id or user, the app was
            // reinstalled or someone else logged in on it, so the old row must stop receiving.
            c.Execute("DELETE FROM devices WHERE app_id = @AppId AND provider = @Provider AND token = @Token AND device_id <> @DeviceId",
                device, tx);
            c.Execute(
                "INSERT INTO devices(app_id, device_id, uid, platform, provider, token, locale, environment, created_at, updated_at) " +
                "VALUES (@AppId, @DeviceId, @Uid, @Platform, @Provider, @Token, @Locale, @Environment, @CreatedAt, @UpdatedAt) " +
                "ON CONFLICT(app_id, device_id) DO UPDATE SET uid = excluded.uid, platform = excluded.platform, provider = excluded.provider, " +
                "token = excluded.token, locale = excluded.locale, environment = excluded.environment, updated_at = excluded.updated_at",
                device, tx);
        }, ct);

    public Task<bool> DeleteDeviceAsync(string appId, string uid, string deviceId, CancellationToken ct) =>
        WriteAsync((c, tx) => c.Execute(
            "DELETE FROM devices WHERE app_id = @appId AND device_id = @deviceId AND uid = @uid",
            new { appId, uid, deviceId }, tx) == 1, ct);

    public async Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct)
    {
        if (uids.Count == 0) return [];
        await using var c = await OpenReadAsync(ct);
        // One JSON array parameter instead of an IN list: no variable limit, one statement for any audience size.
        return (await c.QueryAsync<DeviceRecord>(
            // ORDER BY uid alone follows the index; a finer order would sort the whole audience.
            $"SELECT {DeviceColumns} FROM devices WHERE app_id = @appId AND uid IN (SELECT value FROM json_each(@uids)) ORDER BY uid",
            new { appId, uids = JsonSerializer.Serialize(uids) })).AsList();
    }

    public async Task<DeviceRecord?> GetDeviceAsync(string appId, string deviceId, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        return await c.QuerySingleOrDefaultAsync<DeviceRecord>(
            $"SELECT {DeviceColumns} FROM devices WHERE app_id = @appId AND device_id = @deviceId", new { appId, deviceId });
    }

    public async Task<IReadOnlyList<DeviceRecord>> GetDevicesAsync(string appId, IReadOnlyCollection<string> deviceIds, CancellationToken ct)
    {
        if (deviceIds.Count == 0) return [];
        await using var c = await OpenReadAsync(ct);
        return (await c.QueryAsync<DeviceRecord>(
            $"SELECT {DeviceColumns} FROM devices WHERE app_id = @appId AND device_id IN (SELECT value FROM json_each(@ids))",
            new { appId, ids = JsonSerializer.Serialize(deviceIds) })).AsList();
    }

    public Task<bool> PruneDeviceAsync(string appId, string deviceId, string token, CancellationToken ct) =>
        WriteAsync((c, tx) => c.Execute(
            "DELETE FROM devices WHERE app_id = @appId AND device_id = @deviceId AND token = @token",
            new { appId, deviceId, token }, tx) == 1, ct);

    public async Task<UserPreferences?> GetPreferencesAsync(string appId, string uid, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        var json = await c.QuerySingleOrDefaultAsync<string>(
            "SELECT prefs FROM user_preferences WHERE app_id = @appId AND uid = @uid", new { appId, uid });
        return json is null ? null : JsonSerializer.Deserialize<UserPreferences>(json, PushJson);
    }

    public async Task<IReadOnlyDictionary<string, UserPreferences>> GetPreferencesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct)
    {
        if (uids.Count == 0) return new Dictionary<string, UserPreferences>(StringComparer.Ordinal);
        await using var c = await OpenReadAsync(ct);
        var rows = await c.QueryAsync<PreferencesRow>(
            "SELECT uid AS Uid, prefs AS Prefs FROM user_preferences WHERE app_id = @appId AND uid IN (SELECT value FROM json_each(@uids))",
            new { appId, uids = JsonSerializer.Serialize(uids) });
        var result = new Dictionary<string, UserPreferences>(StringComparer.Ordinal);
        foreach (var r in rows)
            if (JsonSerializer.Deserialize<UserPreferences>(r.Prefs, PushJson) is { } p) result[r.Uid] = p;
        return result;
    }

    public Task SavePreferencesAsync(string appId, string uid, UserPreferences preferences, long now, CancellationToken ct) =>
        WriteAsync((c, tx) => c.Execute(
            "INSERT INTO user_preferences(app_id, uid, prefs, updated_at) VALUES (@appId, @uid, @json, @now) " +
            "ON CONFLICT(app_id, uid) DO UPDATE SET prefs = excluded.prefs, updated_at = excluded.updated_at",
            new { appId, uid, json = JsonSerializer.Serialize(preferences, PushJson), now }, tx), ct);
}
