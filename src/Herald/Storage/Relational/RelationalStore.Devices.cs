using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    private const string DeviceColumns =
        "app_id AS AppId, uid AS Uid, device_id AS DeviceId, platform AS Platform, provider AS Provider, token AS Token, " +
        "locale AS Locale, environment AS Environment, created_at AS CreatedAt, updated_at AS UpdatedAt";

    // A token belongs to one install: seen again under another device id or user, the app was
    // reinstalled or someone else logged in on it, so the old row must stop receiving.
    protected const string MoveToken = "DELETE FROM devices WHERE app_id = @AppId AND provider = @Provider AND token = @Token AND device_id <> @DeviceId";

    protected const string UpsertDevice =
        "INSERT INTO devices(app_id, device_id, uid, platform, provider, token, locale, environment, created_at, updated_at) " +
        "VALUES (@AppId, @DeviceId, @Uid, @Platform, @Provider, @Token, @Locale, @Environment, @CreatedAt, @UpdatedAt) " +
        "ON CONFLICT (app_id, device_id) DO UPDATE SET uid = excluded.uid, platform = excluded.platform, provider = excluded.provider, " +
        "token = excluded.token, locale = excluded.locale, environment = excluded.environment, updated_at = excluded.updated_at";

    public async Task<bool> DeleteDeviceAsync(string appId, string uid, string deviceId, CancellationToken ct) =>
        await ExecuteWriteAsync("DELETE FROM devices WHERE app_id = @appId AND device_id = @deviceId AND uid = @uid", new { appId, uid, deviceId }, ct) == 1;

    public async Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct)
    {
        if (uids.Count == 0) return [];
        await using var c = await OpenReadConnectionAsync(ct);
        // One list parameter for any audience size. ORDER BY uid alone follows the index; a finer order would sort the whole audience.
        return (await c.QueryAsync<DeviceRecord>(
            $"SELECT {DeviceColumns} FROM devices WHERE app_id = @appId AND {Dialect.InList("uid", "@uids")} ORDER BY {Dialect.Ordinal("uid")}",
            new { appId, uids = Dialect.List(uids) })).AsList();
    }

    public async Task<DeviceRecord?> GetDeviceAsync(string appId, string deviceId, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<DeviceRecord>(
            $"SELECT {DeviceColumns} FROM devices WHERE app_id = @appId AND device_id = @deviceId", new { appId, deviceId });
    }

    public async Task<IReadOnlyList<DeviceRecord>> GetDevicesAsync(string appId, IReadOnlyCollection<string> deviceIds, CancellationToken ct)
    {
        if (deviceIds.Count == 0) return [];
        await using var c = await OpenReadConnectionAsync(ct);
        return (await c.QueryAsync<DeviceRecord>(
            $"SELECT {DeviceColumns} FROM devices WHERE app_id = @appId AND {Dialect.InList("device_id", "@ids")}",
            new { appId, ids = Dialect.List(deviceIds) })).AsList();
    }

    public async Task<bool> PruneDeviceAsync(string appId, string deviceId, string token, CancellationToken ct) =>
        await ExecuteWriteAsync("DELETE FROM devices WHERE app_id = @appId AND device_id = @deviceId AND token = @token", new { appId, deviceId, token }, ct) == 1;
}
