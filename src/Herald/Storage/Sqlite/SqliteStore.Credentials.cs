using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private static readonly JsonSerializerOptions DetailsJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private sealed record CredentialRow(
        string Id, string AppId, string Name, string Platform, string Provider, string Environment, long Active,
        string Details, byte[] Secret, long? ExpiresAt, long CreatedAt, long UpdatedAt)
    {
        public CredentialRecord ToRecord() => new(
            Id, AppId, Name, Platform, Provider, Environment, Active != 0,
            JsonSerializer.Deserialize<CredentialDetails>(Details, DetailsJson) ?? new CredentialDetails(), Secret, ExpiresAt, CreatedAt, UpdatedAt);
    }

    private sealed record CredentialSlot(string Platform, string Provider);

    private const string CredentialColumns =
        "id AS Id, app_id AS AppId, name AS Name, platform AS Platform, provider AS Provider, environment AS Environment, " +
        "active AS Active, details AS Details, secret AS Secret, expires_at AS ExpiresAt, created_at AS CreatedAt, updated_at AS UpdatedAt";

    /// <summary>
    /// A credential created active takes over from the active one of its platform/provider in the same
    /// transaction, so two "first" credentials created at once leave one active instead of a constraint error.
    /// </summary>
    public Task CreateCredentialAsync(CredentialRecord credential, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            if (credential.Active) DeactivateOthers(c, tx, credential.AppId, credential.Platform, credential.Provider, credential.Id, credential.CreatedAt);
            c.Execute(
                "INSERT INTO push_credentials(id, app_id, name, platform, provider, environment, active, details, secret, expires_at, created_at, updated_at) " +
                "VALUES (@Id, @AppId, @Name, @Platform, @Provider, @Environment, @Active, @Details, @EncryptedSecret, @ExpiresAt, @CreatedAt, @UpdatedAt)",
                new
                {
                    credential.Id, credential.AppId, credential.Name, credential.Platform, credential.Provider, credential.Environment,
                    Active = credential.Active ? 1 : 0, Details = JsonSerializer.Serialize(credential.Details, DetailsJson),
                    credential.EncryptedSecret, credential.ExpiresAt, credential.CreatedAt, credential.UpdatedAt,
                }, tx);
        }, ct);

    public async Task<IReadOnlyList<CredentialRecord>> ListCredentialsAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        var rows = await c.QueryAsync<CredentialRow>(
            $"SELECT {CredentialColumns} FROM push_credentials WHERE app_id = @appId ORDER BY created_at, id", new { appId });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<CredentialRecord?> GetCredentialAsync(string appId, string id, CancellationToken ct)
    {
        await using var c = await OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<CredentialRow>(
            $"SELECT {CredentialColumns} FROM push_credentials WHERE id = @id AND app_id = @appId", new { id, appId });
        return row?.ToRecord();
    }

    public Task<bool> ActivateCredentialAsync(string appId, string id, long now, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var t = c.QuerySingleOrDefault<CredentialSlot>(
                "SELECT platform AS Platform, provider AS Provider FROM push_credentials WHERE id = @id AND app_id = @appId", new { id, appId }, tx);
            if (t is null) return false;
            // Off first, then on: the partial unique index never sees two active rows, not even within the transaction.
            DeactivateOthers(c, tx, appId, t.Platform, t.Provider, id, now);
            c.Execute("UPDATE push_credentials SET active = 1, updated_at = @now WHERE id = @id AND app_id = @appId AND active = 0",
                new { id, appId, now }, tx);
            return true;
        }, ct);

    public Task<bool> DeleteCredentialAsync(string appId, string id, CancellationToken ct) =>
        WriteAsync((c, tx) => c.Execute("DELETE FROM push_credentials WHERE id = @id AND app_id = @appId", new { id, appId }, tx) == 1, ct);

    private static void DeactivateOthers(
        SqliteConnection c, SqliteTransaction tx, string appId, string platform, string provider, string keep, long now) =>
        c.Execute(
            "UPDATE push_credentials SET active = 0, updated_at = @now " +
            "WHERE app_id = @appId AND platform = @platform AND provider = @provider AND active = 1 AND id <> @keep",
            new { appId, platform, provider, keep, now }, tx);
}
