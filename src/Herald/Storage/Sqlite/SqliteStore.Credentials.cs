using Dapper;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// A credential created active takes over from the active one of its platform/provider in the same
    /// transaction, so two "first" credentials created at once leave one active instead of a constraint error.
    /// </summary>
    public Task CreateCredentialAsync(CredentialRecord credential, CancellationToken ct) =>
        InWriteTransactionAsync(async (c, tx) =>
        {
            if (credential.Active)
                await DeactivateOthersAsync(c, tx, credential.AppId, credential.Platform, credential.Provider, credential.Id, credential.CreatedAt);
            return await c.ExecuteAsync(InsertCredential, CredentialParams(credential), tx);
        }, ct);

    public Task<bool> ActivateCredentialAsync(string appId, string id, long now, CancellationToken ct) =>
        InWriteTransactionAsync(async (c, tx) =>
        {
            if (await CredentialSlotAsync(c, tx, appId, id) is not { } t) return false;
            // Off first, then on: the partial unique index never sees two active rows, not even within the transaction.
            await DeactivateOthersAsync(c, tx, appId, t.Platform, t.Provider, id, now);
            await c.ExecuteAsync("UPDATE push_credentials SET active = 1, updated_at = @now WHERE id = @id AND app_id = @appId AND active = 0",
                new { id, appId, now }, tx);
            return true;
        }, ct);
}
