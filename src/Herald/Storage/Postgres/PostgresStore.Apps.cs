using Dapper;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<bool> CreateAppAsync(AppRecord app, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(
            "INSERT INTO apps(id, name, region, created_at) VALUES (@Id, @Name, @Region, @CreatedAt) ON CONFLICT (id) DO NOTHING", app) == 1;
    }

    public async Task<AppRecord?> GetAppAsync(string id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<AppRecord>(
            "SELECT id AS Id, name AS Name, region AS Region, created_at AS CreatedAt FROM apps WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await c.QueryAsync<AppRecord>(
            "SELECT id AS Id, name AS Name, region AS Region, created_at AS CreatedAt FROM apps ORDER BY id COLLATE \"C\"")).AsList();
    }

    public async Task CreateApiKeyAsync(ApiKeyRecord key, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO api_keys(id, app_id, name, scope, hash, created_at) VALUES (@Id, @AppId, @Name, @Scope, @Hash, @CreatedAt)", key);
    }

    private const string KeyColumns =
        "id AS Id, app_id AS AppId, name AS Name, scope AS Scope, hash AS Hash, created_at AS CreatedAt, revoked_at AS RevokedAt";

    public async Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ApiKeyRecord>($"SELECT {KeyColumns} FROM api_keys WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await c.QueryAsync<ApiKeyRecord>(
            $"SELECT {KeyColumns} FROM api_keys WHERE app_id = @appId ORDER BY created_at, id", new { appId })).AsList();
    }

    public async Task<bool> RevokeApiKeyAsync(string appId, string id, long now, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND app_id = @appId AND revoked_at IS NULL", new { id, appId, now }) == 1;
    }
}
