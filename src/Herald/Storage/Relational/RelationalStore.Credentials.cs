using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Herald.Storage.Relational;

public abstract partial class RelationalStore
{
    private const string CredentialColumns =
        "id AS Id, app_id AS AppId, name AS Name, platform AS Platform, provider AS Provider, environment AS Environment, " +
        "active AS Active, details AS Details, secret AS Secret, expires_at AS ExpiresAt, created_at AS CreatedAt, updated_at AS UpdatedAt";

    protected const string InsertCredential =
        "INSERT INTO push_credentials(id, app_id, name, platform, provider, environment, active, details, secret, expires_at, created_at, updated_at) " +
        "VALUES (@Id, @AppId, @Name, @Platform, @Provider, @Environment, @Active, @Details, @EncryptedSecret, @ExpiresAt, @CreatedAt, @UpdatedAt)";

    protected object CredentialParams(CredentialRecord credential) => new
    {
        credential.Id, credential.AppId, credential.Name, credential.Platform, credential.Provider, credential.Environment,
        Active = Dialect.Flag(credential.Active), Details = JsonSerializer.Serialize(credential.Details, Rows.DetailsJson),
        credential.EncryptedSecret, credential.ExpiresAt, credential.CreatedAt, credential.UpdatedAt,
    };

    public async Task<IReadOnlyList<CredentialRecord>> ListCredentialsAsync(string appId, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var rows = await c.QueryAsync<Rows.Credential>($"SELECT {CredentialColumns} FROM push_credentials WHERE app_id = @appId ORDER BY created_at, id", new { appId });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<CredentialRecord?> GetCredentialAsync(string appId, string id, CancellationToken ct)
    {
        await using var c = await OpenReadConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Rows.Credential>(
            $"SELECT {CredentialColumns} FROM push_credentials WHERE id = @id AND app_id = @appId", new { id, appId });
        return row?.ToRecord();
    }

    /// <summary>Where the credential would be active (its platform and provider), read in the activating transaction.</summary>
    private protected static Task<Rows.CredentialSlot?> CredentialSlotAsync(DbConnection c, DbTransaction tx, string appId, string id) =>
        c.QuerySingleOrDefaultAsync<Rows.CredentialSlot>(
            "SELECT platform AS Platform, provider AS Provider FROM push_credentials WHERE id = @id AND app_id = @appId", new { id, appId }, tx);

    /// <summary>Turns the other active credential of the slot off; the partial unique index never sees two active rows.</summary>
    protected Task DeactivateOthersAsync(DbConnection c, DbTransaction tx,
        string appId, string platform, string provider, string keep, long now) =>
        c.ExecuteAsync(
            $"UPDATE push_credentials SET active = {Dialect.Literal(false)}, updated_at = @now " +
            $"WHERE app_id = @appId AND platform = @platform AND provider = @provider AND {Dialect.IsSet("active")} AND id <> @keep",
            new { appId, platform, provider, keep, now }, tx);

    public async Task<bool> DeleteCredentialAsync(string appId, string id, CancellationToken ct) =>
        await ExecuteWriteAsync("DELETE FROM push_credentials WHERE id = @id AND app_id = @appId", new { id, appId }, ct) == 1;

    public async Task<bool> ReplaceCredentialSecretAsync(
        string appId, string id, byte[] encryptedSecret, long expectedUpdatedAt, long updatedAt, CancellationToken ct) =>
        await ExecuteWriteAsync(
            "UPDATE push_credentials SET secret = @encryptedSecret, updated_at = @updatedAt WHERE id = @id AND app_id = @appId AND updated_at = @expectedUpdatedAt",
            new { id, appId, encryptedSecret, expectedUpdatedAt, updatedAt }, ct) == 1;
}
