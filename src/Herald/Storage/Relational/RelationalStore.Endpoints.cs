using System.Text.Json;
using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    private const string EndpointColumns =
        "id AS Id, app_id AS AppId, url AS Url, description AS Description, event_types AS EventTypes, enabled AS Enabled, " +
        "rate_limit AS RateLimit, timeout_ms AS TimeoutMs, disabled_reason AS DisabledReason, failing_since AS FailingSince, " +
        "created_at AS CreatedAt, updated_at AS UpdatedAt";

    private object EndpointParams(EndpointRecord e) => new
    {
        e.Id, e.AppId, e.Url, e.Description, EventTypes = JsonSerializer.Serialize(e.EventTypes), Enabled = Dialect.Flag(e.Enabled),
        RateLimit = e.RateLimitPerSecond, e.TimeoutMs, e.DisabledReason, e.FailingSince, e.CreatedAt, e.UpdatedAt,
    };

    private const string InsertSecret =
        "INSERT INTO endpoint_secrets(endpoint_id, secret, created_at, expires_at) VALUES (@EndpointId, @EncryptedSecret, @CreatedAt, @ExpiresAt)";

    public Task CreateEndpointAsync(EndpointRecord endpoint, EndpointSecretRecord secret, CancellationToken ct) =>
        InWriteTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(
                "INSERT INTO endpoints(id, app_id, url, description, event_types, enabled, rate_limit, timeout_ms, disabled_reason, failing_since, created_at, updated_at) " +
                "VALUES (@Id, @AppId, @Url, @Description, @EventTypes, @Enabled, @RateLimit, @TimeoutMs, @DisabledReason, @FailingSince, @CreatedAt, @UpdatedAt)",
                EndpointParams(endpoint), tx);
            return await c.ExecuteAsync(InsertSecret, secret, tx);
        }, ct);

    public async Task<EndpointRecord?> GetEndpointAsync(string appId, string id, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Rows.Endpoint>(
            $"SELECT {EndpointColumns} FROM endpoints WHERE id = @id AND app_id = @appId AND deleted_at IS NULL", new { id, appId });
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<EndpointRecord>> ListEndpointsAsync(string? appId, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var rows = await c.QueryAsync<Rows.Endpoint>(
            $"SELECT {EndpointColumns} FROM endpoints WHERE deleted_at IS NULL AND ({Dialect.NullableText("@appId")} IS NULL OR app_id = @appId) " +
            "ORDER BY created_at, id", new { appId });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> UpdateEndpointAsync(EndpointRecord endpoint, CancellationToken ct) =>
        await ExecuteWriteAsync(
            "UPDATE endpoints SET url = @Url, description = @Description, event_types = @EventTypes, enabled = @Enabled, " +
            "rate_limit = @RateLimit, timeout_ms = @TimeoutMs, disabled_reason = @DisabledReason, failing_since = @FailingSince, " +
            "updated_at = @UpdatedAt WHERE id = @Id AND app_id = @AppId AND deleted_at IS NULL",
            EndpointParams(endpoint), ct) == 1;

    public Task<bool> DeleteEndpointAsync(string appId, string id, long now, CancellationToken ct) =>
        InWriteTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync(
                $"UPDATE endpoints SET deleted_at = @now, enabled = {Dialect.Literal(false)} WHERE id = @id AND app_id = @appId AND deleted_at IS NULL",
                new { id, appId, now }, tx);
            if (n == 0) return false;
            await c.ExecuteAsync(
                "UPDATE deliveries SET status = 'cancelled', last_error = 'endpoint deleted', lease_owner = NULL, updated_at = @now " +
                "WHERE endpoint_id = @id AND status = 'pending'", new { id, now }, tx);
            return true;
        }, ct);

    public async Task<IReadOnlyList<EndpointSecretRecord>> ListEndpointSecretsAsync(string endpointId, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        return (await c.QueryAsync<EndpointSecretRecord>(
            "SELECT endpoint_id AS EndpointId, secret AS EncryptedSecret, created_at AS CreatedAt, expires_at AS ExpiresAt " +
            "FROM endpoint_secrets WHERE endpoint_id = @endpointId ORDER BY id DESC", new { endpointId })).AsList();
    }

    public Task RotateEndpointSecretAsync(EndpointSecretRecord newSecret, long oldExpiresAt, CancellationToken ct) =>
        InWriteTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(
                "UPDATE endpoint_secrets SET expires_at = @oldExpiresAt WHERE endpoint_id = @EndpointId " +
                "AND (expires_at IS NULL OR expires_at > @oldExpiresAt)", new { newSecret.EndpointId, oldExpiresAt }, tx);
            return await c.ExecuteAsync(InsertSecret, newSecret, tx);
        }, ct);

    public Task SetEndpointHealthAsync(string endpointId, long? failingSince, string? disabledReason, long now, CancellationToken ct)
    {
        var reason = Dialect.NullableText("@disabledReason");
        return ExecuteWriteAsync(
            "UPDATE endpoints SET failing_since = @failingSince, " +
            $"enabled = CASE WHEN {reason} IS NULL THEN enabled ELSE {Dialect.Literal(false)} END, " +
            $"disabled_reason = COALESCE({reason}, disabled_reason), updated_at = @now WHERE id = @endpointId",
            new { endpointId, failingSince, disabledReason, now }, ct);
    }
}
