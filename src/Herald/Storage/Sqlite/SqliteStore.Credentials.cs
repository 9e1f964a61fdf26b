namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task CreateCredentialAsync(CredentialRecord credential, CancellationToken ct) => throw new NotImplementedException();
    public Task<IReadOnlyList<CredentialRecord>> ListCredentialsAsync(string appId, CancellationToken ct) => throw new NotImplementedException();
    public Task<CredentialRecord?> GetCredentialAsync(string appId, string id, CancellationToken ct) => throw new NotImplementedException();
    public Task<bool> ActivateCredentialAsync(string appId, string id, long now, CancellationToken ct) => throw new NotImplementedException();
    public Task<bool> DeleteCredentialAsync(string appId, string id, CancellationToken ct) => throw new NotImplementedException();
}
