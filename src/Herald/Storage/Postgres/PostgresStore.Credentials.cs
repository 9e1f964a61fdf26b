using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    private static readonly JsonSerializerOptions DetailsJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private sealed record CredentialRow(
        string Id, string AppId, string Name, string Platform, string Provider, string Environment, bool Active,
        string Details, byte[] Secret, long? ExpiresAt, long CreatedAt, long UpdatedAt)
    {
        public CredentialRecord ToRecord() => new(
            Id, AppId, Name, Platform, Provider, Environment, Active,
            JsonSerializer.Deserialize<CredentialDetails>(Details, DetailsJson) ?? new CredentialDetails(), Secret, ExpiresAt, CreatedAt, UpdatedAt);
    }

    private sealed record CredentialSlot(string Platform, string Provider);

    private const string CredentialColumns =
        "id AS Id, app_id AS AppId, name AS Name, platform AS Platform, provider AS Provider, environment AS Environment, " +
        "active AS Active, details AS Details, secret AS Secret, expires_at AS ExpiresAt, created_at AS CreatedAt, updated_at AS UpdatedAt";

    // Two activations of one platform/provider at once (on any nodes) queue on this lock, so the second
    // sees the first's result and the unique index never fires; a retry on 23505 covers anything else.
    private static bool IsUniqueViolation(PostgresException ex) => ex.SqlState == PostgresErrorCodes.UniqueViolation;

    private static Task LockCredentialSlotAsync(NpgsqlConnection c, NpgsqlTransaction tx, string appId, string platform, string provider) =>
        c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@slot, 0))", new { slot = $"credential/{appId}/{platform}/{provider}" }, tx);

    /// <summary>A credential created active takes over from the active one of its platform/provider in the same transaction.</summary>
    public Task CreateCredentialAsync(CredentialRecord credential, CancellationToken ct) =>
        InTransactionAsync<bool>(async (c, tx) =>
        {
            if (credential.Active)
            {
                await LockCredentialSlotAsync(c, tx, credential.AppId, credential.Platform, credential.Provider);
                await DeactivateOthersAsync(c, tx, credential.AppId, credential.Platform, credential.Provider, credential.Id, credential.CreatedAt);
            }
            await c.ExecuteAsync(
                "INSERT INTO push_credentials(id, app_id, name, platform, provider, environment, active, details, secret, expires_at, created_at, updated_at) " +
                "VALUES (@Id, @AppId, @Name, @Platform, @Provider, @Environment, @Active, @Details, @EncryptedSecret, @ExpiresAt, @CreatedAt, @UpdatedAt)",
                new
                {
                    credential.Id, credential.AppId, credential.Name, credential.Platform, credential.Provider, credential.Environment,
                    credential.Active, Details = JsonSerializer.Serialize(credential.Details, DetailsJson),
                    credential.EncryptedSecret, credential.ExpiresAt, credential.CreatedAt, credential.UpdatedAt,
                }, tx);
            return true;
        }, ct, ex => IsUniqueViolation(ex) && ex.ConstraintName == "ux_push_credentials_active");

    public async Task<IReadOnlyList<CredentialRecord>> ListCredentialsAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<CredentialRow>(
            $"SELECT {CredentialColumns} FROM push_credentials WHERE app_id = @appId ORDER BY created_at, id", new { appId });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<CredentialRecord?> GetCredentialAsync(string appId, string id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<CredentialRow>(
            $"SELECT {CredentialColumns} FROM push_credentials WHERE id = @id AND app_id = @appId", new { id, appId });
        return row?.ToRecord();
    }

    public Task<bool> ActivateCredentialAsync(string appId, string id, long now, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var t = await c.QuerySingleOrDefaultAsync<CredentialSlot>(
                "SELECT platform AS Platform, provider AS Provider FROM push_credentials WHERE id = @id AND app_id = @appId", new { id, appId }, tx);
            if (t is null) return false;
            await LockCredentialSlotAsync(c, tx, appId, t.Platform, t.Provider);
            // Off first, then on: the partial unique index never sees two active rows.
            await DeactivateOthersAsync(c, tx, appId, t.Platform, t.Provider, id, now);
            // Deleted meanwhile (we waited on the lock)? Then nothing is activated and the caller hears so.
            return await c.ExecuteAsync(
                "UPDATE push_credentials SET active = true, updated_at = CASE WHEN active THEN updated_at ELSE @now END " +
                "WHERE id = @id AND app_id = @appId", new { id, appId, now }, tx) == 1;
        }, ct, IsUniqueViolation);

    public async Task<bool> DeleteCredentialAsync(string appId, string id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM push_credentials WHERE id = @id AND app_id = @appId", new { id, appId }) == 1;
    }

    private static Task DeactivateOthersAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string appId, string platform, string provider, string keep, long now) =>
        c.ExecuteAsync(
            "UPDATE push_credentials SET active = false, updated_at = @now " +
            "WHERE app_id = @appId AND platform = @platform AND provider = @provider AND active AND id <> @keep",
            new { appId, platform, provider, keep, now }, tx);
}
