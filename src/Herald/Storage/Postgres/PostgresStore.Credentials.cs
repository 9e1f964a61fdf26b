using Dapper;
using Npgsql;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    // Two activations of one platform/provider at once (on any nodes) queue on this lock, so the second
    // sees the first's result and the unique index never fires; a retry on 23505 covers anything else.
    private static bool IsUniqueViolation(PostgresException ex) => ex.SqlState == PostgresErrorCodes.UniqueViolation;

    private Task LockCredentialSlotAsync(NpgsqlConnection c, NpgsqlTransaction tx, string appId, string platform, string provider) =>
        TakeTurnAsync(c, tx, $"credential/{appId}/{platform}/{provider}");

    /// <summary>A credential created active takes over from the active one of its platform/provider in the same transaction.</summary>
    public Task CreateCredentialAsync(CredentialRecord credential, CancellationToken ct) =>
        InTransactionAsync<bool>(async (c, tx) =>
        {
            if (credential.Active)
            {
                await LockCredentialSlotAsync(c, tx, credential.AppId, credential.Platform, credential.Provider);
                await DeactivateOthersAsync(c, tx, credential.AppId, credential.Platform, credential.Provider, credential.Id, credential.CreatedAt);
            }
            await c.ExecuteAsync(InsertCredential, CredentialParams(credential), tx);
            return true;
        }, ct, ex => IsUniqueViolation(ex) && ex.ConstraintName == "ux_push_credentials_active");

    public Task<bool> ActivateCredentialAsync(string appId, string id, long now, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            if (await CredentialSlotAsync(c, tx, appId, id) is not { } t) return false;
            await LockCredentialSlotAsync(c, tx, appId, t.Platform, t.Provider);
            // Off first, then on: the partial unique index never sees two active rows.
            await DeactivateOthersAsync(c, tx, appId, t.Platform, t.Provider, id, now);
            // Deleted meanwhile (we waited on the lock)? Then nothing is activated and the caller hears so.
            return await c.ExecuteAsync(
                "UPDATE push_credentials SET active = true, updated_at = CASE WHEN active THEN updated_at ELSE @now END " +
                "WHERE id = @id AND app_id = @appId", new { id, appId, now }, tx) == 1;
        }, ct, IsUniqueViolation);
}
