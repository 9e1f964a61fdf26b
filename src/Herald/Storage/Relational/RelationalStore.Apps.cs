using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    public async Task<bool> CreateAppAsync(AppRecord app, CancellationToken ct) =>
        await ExecuteWriteAsync(
            "INSERT INTO apps(id, name, region, created_at, strict_event_schemas) VALUES (@Id, @Name, @Region, @CreatedAt, @StrictEventSchemas) " +
            "ON CONFLICT (id) DO NOTHING", app, ct) == 1;

    private const string AppColumns =
        "id AS Id, name AS Name, region AS Region, created_at AS CreatedAt, strict_event_schemas AS StrictEventSchemas";

    public async Task<AppRecord?> GetAppAsync(string id, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Rows.App>($"SELECT {AppColumns} FROM apps WHERE id = @id", new { id }))?.ToRecord();
    }

    public async Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return [.. (await c.QueryAsync<Rows.App>($"SELECT {AppColumns} FROM apps ORDER BY {Dialect.Ordinal("id")}")).Select(a => a.ToRecord())];
    }

    public async Task<bool> SetStrictEventSchemasAsync(string id, bool strict, CancellationToken ct) =>
        await ExecuteWriteAsync("UPDATE apps SET strict_event_schemas = @strict WHERE id = @id", new { id, strict }, ct) == 1;

    public Task CreateApiKeyAsync(ApiKeyRecord key, CancellationToken ct) =>
        ExecuteWriteAsync("INSERT INTO api_keys(id, app_id, name, scope, hash, created_at) VALUES (@Id, @AppId, @Name, @Scope, @Hash, @CreatedAt)", key, ct);

    private const string KeyColumns =
        "id AS Id, app_id AS AppId, name AS Name, scope AS Scope, hash AS Hash, created_at AS CreatedAt, revoked_at AS RevokedAt";

    public async Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ApiKeyRecord>($"SELECT {KeyColumns} FROM api_keys WHERE id = @id", new { id });
    }

    /// <summary>An app's keys oldest first; how ties (keys made in one millisecond) are broken is the engine's.</summary>
    protected async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string appId, string order, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return (await c.QueryAsync<ApiKeyRecord>($"SELECT {KeyColumns} FROM api_keys WHERE app_id = @appId ORDER BY {order}", new { appId })).AsList();
    }

    public async Task<bool> RevokeApiKeyAsync(string appId, string id, long now, CancellationToken ct) =>
        await ExecuteWriteAsync(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND app_id = @appId AND revoked_at IS NULL", new { id, appId, now }, ct) == 1;
}
