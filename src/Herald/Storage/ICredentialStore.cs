namespace Herald.Storage;

/// <summary>Push credentials ("certificates"). Exactly one active per (app, platform, provider), enforced by a unique index.</summary>
public interface ICredentialStore
{
    Task CreateCredentialAsync(CredentialRecord credential, CancellationToken ct);
    Task<IReadOnlyList<CredentialRecord>> ListCredentialsAsync(string appId, CancellationToken ct);
    Task<CredentialRecord?> GetCredentialAsync(string appId, string id, CancellationToken ct);
    /// <summary>Makes this credential the active one of its platform/provider and the others inactive, in one transaction.</summary>
    Task<bool> ActivateCredentialAsync(string appId, string id, long now, CancellationToken ct);
    Task<bool> DeleteCredentialAsync(string appId, string id, CancellationToken ct);

    /// <summary>
    /// Replaces the credential's encrypted material (a signing secret rotated) if it is still the version read at
    /// <paramref name="expectedUpdatedAt"/>, and sets UpdatedAt to <paramref name="updatedAt"/>; false when it is gone or
    /// changed meanwhile (a concurrent rotation), so no rotation is lost by an overwrite.
    /// </summary>
    Task<bool> ReplaceCredentialSecretAsync(string appId, string id, byte[] encryptedSecret, long expectedUpdatedAt, long updatedAt, CancellationToken ct);
}
