namespace Herald.Storage;

/// <summary>Webhook endpoints and their signing secrets.</summary>
public interface IEndpointStore
{
    Task CreateEndpointAsync(EndpointRecord endpoint, EndpointSecretRecord secret, CancellationToken ct);
    Task<EndpointRecord?> GetEndpointAsync(string appId, string id, CancellationToken ct);
    Task<IReadOnlyList<EndpointRecord>> ListEndpointsAsync(string? appId, CancellationToken ct);
    Task<bool> UpdateEndpointAsync(EndpointRecord endpoint, CancellationToken ct);
    /// <summary>Deletes the endpoint; its queued deliveries are cancelled, its history kept.</summary>
    Task<bool> DeleteEndpointAsync(string appId, string id, long now, CancellationToken ct);
    Task<IReadOnlyList<EndpointSecretRecord>> ListEndpointSecretsAsync(string endpointId, CancellationToken ct);
    /// <summary>Adds a new secret and makes every older unexpired one expire at <paramref name="oldExpiresAt"/>.</summary>
    Task RotateEndpointSecretAsync(EndpointSecretRecord newSecret, long oldExpiresAt, CancellationToken ct);
    /// <summary>Records that an endpoint started failing (or recovered: null), and disables it when told to.</summary>
    Task SetEndpointHealthAsync(string endpointId, long? failingSince, string? disabledReason, long now, CancellationToken ct);
}

public sealed record EndpointRecord(
    string Id, string AppId, string Url, string Description, IReadOnlyList<string> EventTypes, bool Enabled,
    int RateLimitPerSecond, int? TimeoutMs, string? DisabledReason, long? FailingSince, long CreatedAt, long UpdatedAt);

/// <summary>A signing secret, encrypted by the caller before it reaches the store.</summary>
public sealed record EndpointSecretRecord(string EndpointId, byte[] EncryptedSecret, long CreatedAt, long? ExpiresAt);
