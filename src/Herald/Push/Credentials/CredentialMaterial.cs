namespace Herald.Push.Credentials;

/// <summary>
/// The secret half of a credential, as the senders use it, stored encrypted as this record's JSON (so its
/// property names stay as they are for the rows already stored). Only the fields of the credential's provider
/// are set; each provider's folder says which are its own and may add a partial part with the code that
/// opens them (a key, a certificate). <see cref="SigningSecrets"/> are the Standard Webhooks secrets a provider that
/// signs its requests signs with (<see cref="CredentialSigningSecrets"/>), newest first.
/// </summary>
public sealed partial record CredentialMaterial(
    string? P8Pem = null, byte[]? P12Bytes = null, string? P12Password = null, string? ServiceAccountJson = null,
    string? ApiKey = null, string? SecretKey = null, string? Password = null, IReadOnlyList<SigningSecret>? SigningSecrets = null);
