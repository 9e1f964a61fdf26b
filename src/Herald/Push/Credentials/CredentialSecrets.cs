using System.Text.Json;
using Herald.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Herald.Push.Credentials;

/// <summary>Encrypts a credential's secret material for the store and decrypts it for the senders (Data Protection, keys in the data directory).</summary>
public sealed class CredentialSecrets(IDataProtectionProvider provider)
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly IDataProtector _protector = provider.CreateProtector("Herald.Push.Credentials.v1");

    public byte[] Protect(CredentialMaterial material) => _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(material, Json));

    public CredentialMaterial Unprotect(byte[] stored) =>
        JsonSerializer.Deserialize<CredentialMaterial>(_protector.Unprotect(stored), Json)
        ?? throw new InvalidDataException("A stored credential secret decrypted to nothing.");

    /// <summary>The decrypted material of a stored credential.</summary>
    public CredentialMaterial Reveal(CredentialRecord credential) => Unprotect(credential.EncryptedSecret);
}
