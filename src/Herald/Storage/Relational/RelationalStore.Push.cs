using System.Text.Json;
using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    public async Task<PushSettings?> GetPushSettingsAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var json = await c.QuerySingleOrDefaultAsync<string>("SELECT settings FROM push_settings WHERE app_id = @appId", new { appId });
        return json is null ? null : JsonSerializer.Deserialize<PushSettings>(json, Rows.PushJson);
    }

    public Task SavePushSettingsAsync(string appId, PushSettings settings, long now, CancellationToken ct) =>
        ExecuteWriteAsync(
            "INSERT INTO push_settings(app_id, settings, updated_at) VALUES (@appId, @json, @now) " +
            "ON CONFLICT (app_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
            new { appId, json = JsonSerializer.Serialize(settings, Rows.PushJson), now }, ct);

    public async Task<IReadOnlyList<EventPushSetting>> ListEventPushSettingsAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var rows = await c.QueryAsync<Rows.EventSetting>(
            "SELECT type AS Type, variant AS Variant, allowed AS Allowed, template AS Template " +
            $"FROM push_event_settings WHERE app_id = @appId ORDER BY {Dialect.Ordinal("type")}, {Dialect.Ordinal("variant")}", new { appId });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public Task SaveEventPushSettingAsync(string appId, EventPushSetting setting, long now, CancellationToken ct) =>
        ExecuteWriteAsync(
            "INSERT INTO push_event_settings(app_id, type, variant, allowed, template, updated_at) " +
            "VALUES (@appId, @Type, @Variant, @Allowed, @Template, @now) " +
            "ON CONFLICT (app_id, type, variant) DO UPDATE SET allowed = excluded.allowed, template = excluded.template, updated_at = excluded.updated_at",
            new
            {
                appId, setting.Type, setting.Variant, Allowed = Dialect.Flag(setting.Allowed),
                Template = setting.Template is null ? null : JsonSerializer.Serialize(setting.Template, Rows.PushJson), now,
            }, ct);

    public async Task<UserPreferences?> GetPreferencesAsync(string appId, string uid, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var json = await c.QuerySingleOrDefaultAsync<string>("SELECT prefs FROM user_preferences WHERE app_id = @appId AND uid = @uid", new { appId, uid });
        return json is null ? null : JsonSerializer.Deserialize<UserPreferences>(json, Rows.PushJson);
    }

    public async Task<IReadOnlyDictionary<string, UserPreferences>> GetPreferencesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct)
    {
        var result = new Dictionary<string, UserPreferences>(StringComparer.Ordinal);
        if (uids.Count == 0) return result;
        await using var c = await OpenReadConnectionAsync(ct);
        var rows = await c.QueryAsync<Rows.Preferences>(
            $"SELECT uid AS Uid, prefs AS Prefs FROM user_preferences WHERE app_id = @appId AND {Dialect.InList("uid", "@uids")}",
            new { appId, uids = Dialect.List(uids) });
        foreach (var r in rows)
            if (JsonSerializer.Deserialize<UserPreferences>(r.Prefs, Rows.PushJson) is { } p) result[r.Uid] = p;
        return result;
    }

    public Task SavePreferencesAsync(string appId, string uid, UserPreferences preferences, long now, CancellationToken ct) =>
        ExecuteWriteAsync(
            "INSERT INTO user_preferences(app_id, uid, prefs, updated_at) VALUES (@appId, @uid, @json, @now) " +
            "ON CONFLICT (app_id, uid) DO UPDATE SET prefs = excluded.prefs, updated_at = excluded.updated_at",
            new { appId, uid, json = JsonSerializer.Serialize(preferences, Rows.PushJson), now }, ct);

    protected const string ClearMembers = "DELETE FROM channel_members WHERE app_id = @appId AND channel_id = @channelId";

    public async Task<IReadOnlyList<string>> ListMembersAsync(string appId, string channelId, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return (await c.QueryAsync<string>(
            $"SELECT uid FROM channel_members WHERE app_id = @appId AND channel_id = @channelId ORDER BY {Dialect.Ordinal("uid")}",
            new { appId, channelId })).AsList();
    }
}
