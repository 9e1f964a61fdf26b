using System.Text.Json;
using Dapper;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    private sealed record EndpointRow(
        string Id, string AppId, string Url, string Description, string EventTypes, bool Enabled, int RateLimit,
        int? TimeoutMs, string? DisabledReason, long? FailingSince, long CreatedAt, long UpdatedAt)
    {
        public EndpointRecord ToRecord() => new(
            Id, AppId, Url, Description, JsonSerializer.Deserialize<string[]>(EventTypes) ?? [], Enabled,
            RateLimit, TimeoutMs, DisabledReason, FailingSince, CreatedAt, UpdatedAt);
    }

    private const string EndpointColumns =
        "id AS Id, app_id AS AppId, url AS Url, description AS Description, event_types AS EventTypes, enabled AS Enabled, " +
        "rate_limit AS RateLimit, timeout_ms AS TimeoutMs, disabled_reason AS DisabledReason, failing_since AS FailingSince, " +
        "created_at AS CreatedAt, updated_at AS UpdatedAt";

    private static object EndpointParams(EndpointRecord e) => new
    {
        e.Id, e.AppId, e.Url, e.Description, EventTypes = JsonSerializer.Serialize(e.EventTypes), e.Enabled,
        RateLimit = e.RateLimitPerSecond, e.TimeoutMs, e.DisabledReason, e.FailingSince, e.CreatedAt, e.UpdatedAt,
    };

    public Task CreateEndpointAsync(EndpointRecord endpoint, EndpointSecretRecord secret, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(
                "INSERT INTO endpoints(id, app_id, url, description, event_types, enabled, rate_limit, timeout_ms, disabled_reason, failing_since, created_at, updated_at) " +
                "VALUES (@Id, @AppId, @Url, @Description, @EventTypes, @Enabled, @RateLimit, @TimeoutMs, @DisabledReason, @FailingSince, @CreatedAt, @UpdatedAt)",
                EndpointParams(endpoint), tx);
            await c.ExecuteAsync(
                "INSERT INTO endpoint_secrets(endpoint_id, secret, created_at, expires_at) VALUES (@EndpointId, @EncryptedSecret, @CreatedAt, @ExpiresAt)",
                secret, tx);
        }, ct);

    public async Task<EndpointRecord?> GetEndpointAsync(string appId, string id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<EndpointRow>(
            $"SELECT {EndpointColumns} FROM endpoints WHERE id = @id AND app_id = @appId AND deleted_at IS NULL", new { id, appId });
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<EndpointRecord>> ListEndpointsAsync(string? appId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<EndpointRow>(
            $"SELECT {EndpointColumns} FROM endpoints WHERE deleted_at IS NULL AND (@appId::text IS NULL OR app_id = @appId) ORDER BY created_at, id",
            new { appId });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> UpdateEndpointAsync(EndpointRecord endpoint, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(
            "UPDATE endpoints SET url = @Url, description = @Description, event_types = @EventTypes, enabled = @Enabled, " +
            "rate_limit = @RateLimit, timeout_ms = @TimeoutMs, disabled_reason = @DisabledReason, failing_since = @FailingSince, " +
            "updated_at = @UpdatedAt WHERE id = @Id AND app_id = @AppId AND deleted_at IS NULL",
            EndpointParams(endpoint)) == 1;
    }

    public Task<bool> DeleteEndpointAsync(string appId, string id, long now, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync(
                "UPDATE endpoints SET deleted_at = @now, enabled = false WHERE id = @id AND app_id = @appId AND deleted_at IS NULL",
                new { id, appId, now }, tx);
            if (n == 0) return false;
            await c.ExecuteAsync(
                "UPDATE deliveries SET status = 'cancelled', last_error = 'endpoint deleted', lease_owner = NULL, updated_at = @now " +
                "WHERE endpoint_id = @id AND status = 'pending'", new { id, now }, tx);
            return true;
        }, ct);

    public async Task<IReadOnlyList<EndpointSecretRecord>> ListEndpointSecretsAsync(string endpointId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await c.QueryAsync<EndpointSecretRecord>(
            "SELECT endpoint_id AS EndpointId, secret AS EncryptedSecret, created_at AS CreatedAt, expires_at AS ExpiresAt " +
            "FROM endpoint_secrets WHERE endpoint_id = @endpointId ORDER BY id DESC", new { endpointId })).AsList();
    }

    public Task RotateEndpointSecretAsync(EndpointSecretRecord newSecret, long oldExpiresAt, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(
                "UPDATE endpoint_secrets SET expires_at = @oldExpiresAt WHERE endpoint_id = @EndpointId " +
                "AND (expires_at IS NULL OR expires_at > @oldExpiresAt)", new { newSecret.EndpointId, oldExpiresAt }, tx);
            await c.ExecuteAsync(
                "INSERT INTO endpoint_secrets(endpoint_id, secret, created_at, expires_at) VALUES (@EndpointId, @EncryptedSecret, @CreatedAt, @ExpiresAt)",
                newSecret, tx);
        }, ct);

    public async Task SetEndpointHealthAsync(string endpointId, long? failingSince, string? disabledReason, long now, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(
            "UPDATE endpoints SET failing_since = @failingSince, " +
            "enabled = CASE WHEN @disabledReason::text IS NULL THEN enabled ELSE false END, " +
            "disabled_reason = COALESCE(@disabledReason::text, disabled_reason), updated_at = @now WHERE id = @endpointId",
            new { endpointId, failingSince, disabledReason, now });
    }
}
