using System.Text.Json;
using Dapper;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    // The same JSON documents as the SQLite store, so an export from one reads in the other.
    private static readonly JsonSerializerOptions PushJson = new(JsonSerializerDefaults.Web);

    private sealed record EventSettingRow(string Type, string Variant, bool Allowed, string? Template);

    public async Task<PushSettings?> GetPushSettingsAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var json = await c.QuerySingleOrDefaultAsync<string>("SELECT settings FROM push_settings WHERE app_id = @appId", new { appId });
        return json is null ? null : JsonSerializer.Deserialize<PushSettings>(json, PushJson);
    }

    public async Task SavePushSettingsAsync(string appId, PushSettings settings, long now, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO push_settings(app_id, settings, updated_at) VALUES (@appId, @json, @now) " +
            "ON CONFLICT (app_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
            new { appId, json = JsonSerializer.Serialize(settings, PushJson), now });
    }

    public async Task<IReadOnlyList<EventPushSetting>> ListEventPushSettingsAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<EventSettingRow>(
            "SELECT type AS Type, variant AS Variant, allowed AS Allowed, template AS Template " +
            "FROM push_event_settings WHERE app_id = @appId ORDER BY type COLLATE \"C\", variant COLLATE \"C\"", new { appId });
        return rows.Select(r => new EventPushSetting(
            r.Type, r.Variant, r.Allowed,
            r.Template is null ? null : JsonSerializer.Deserialize<PushTemplate>(r.Template, PushJson))).ToList();
    }

    public async Task SaveEventPushSettingAsync(string appId, EventPushSetting setting, long now, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO push_event_settings(app_id, type, variant, allowed, template, updated_at) " +
            "VALUES (@appId, @Type, @Variant, @Allowed, @Template, @now) " +
            "ON CONFLICT (app_id, type, variant) DO UPDATE SET allowed = excluded.allowed, template = excluded.template, updated_at = excluded.updated_at",
            new
            {
                appId, setting.Type, setting.Variant, setting.Allowed,
                Template = setting.Template is null ? null : JsonSerializer.Serialize(setting.Template, PushJson), now,
            });
    }
}
