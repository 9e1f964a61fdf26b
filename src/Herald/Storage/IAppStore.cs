namespace Herald.Storage;

/// <summary>Apps and their API keys (a key's hash only; the key itself is never stored).</summary>
public interface IAppStore
{
    Task<bool> CreateAppAsync(AppRecord app, CancellationToken ct);
    Task<AppRecord?> GetAppAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken ct);
    /// <returns>False when the app does not exist.</returns>
    Task<bool> SetStrictEventSchemasAsync(string id, bool strict, CancellationToken ct);
    Task CreateApiKeyAsync(ApiKeyRecord key, CancellationToken ct);
    Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string appId, CancellationToken ct);
    Task<bool> RevokeApiKeyAsync(string appId, string id, long now, CancellationToken ct);
}

/// <param name="StrictEventSchemas">Refuse events whose data does not match their type's schema (GET /v1/catalog).</param>
public sealed record AppRecord(string Id, string Name, string Region, long CreatedAt, bool StrictEventSchemas = false);

public sealed record ApiKeyRecord(string Id, string AppId, string Name, string Scope, byte[] Hash, long CreatedAt, long? RevokedAt);
