namespace Herald.Storage;

/// <summary>Apps and their API keys (a key's hash only; the key itself is never stored).</summary>
public interface IAppStore
{
    Task<bool> CreateAppAsync(AppRecord app, CancellationToken ct);
    Task<AppRecord?> GetAppAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken ct);
    Task CreateApiKeyAsync(ApiKeyRecord key, CancellationToken ct);
    Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string appId, CancellationToken ct);
    Task<bool> RevokeApiKeyAsync(string appId, string id, long now, CancellationToken ct);
}

public sealed record AppRecord(string Id, string Name, string Region, long CreatedAt);

public sealed record ApiKeyRecord(string Id, string AppId, string Name, string Scope, byte[] Hash, long CreatedAt, long? RevokedAt);
