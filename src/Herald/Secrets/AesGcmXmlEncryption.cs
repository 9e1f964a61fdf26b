using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Herald.Secrets;

/// <summary>
/// Encrypts the key ring's master keys with a 32-byte key from configuration (Herald:KeyRing:Key),
/// AES-256-GCM. Written by hand because Data Protection ships no symmetric-key XML encryptor: its
/// own are the certificate one (EncryptedXml) and DPAPI / DPAPI-NG, which exist on Windows only.
/// </summary>
public sealed class AesGcmXmlEncryptor(byte[] key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var ciphertext = new byte[plaintext.Length];
        using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plaintext, ciphertext, tag, AesGcmXmlDecryptor.AssociatedData);
        CryptographicOperations.ZeroMemory(plaintext);
        return new EncryptedXmlInfo(
            new XElement(AesGcmXmlDecryptor.ElementName,
                new XAttribute("keyId", AesGcmXmlDecryptor.KeyId(key)),
                new XElement("nonce", Convert.ToBase64String(nonce)),
                new XElement("tag", Convert.ToBase64String(tag)),
                new XElement("value", Convert.ToBase64String(ciphertext))),
            typeof(Herald.Hosting.KeyRing.AesGcmXmlDecryptor)); // the name every stored key ring already carries (StoredTypeNames.cs)
    }
}

/// <summary>
/// Reads what <see cref="AesGcmXmlEncryptor"/> wrote. Data Protection creates it by the type name
/// stored in each key (<c>decryptorType</c>) through its activator, which passes the service
/// provider: so the key comes from the validated options. The name stored is the one in
/// StoredTypeNames.cs, which never changes; this type may move.
/// </summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    internal const string ElementName = "aesGcmEncryptedSecret";
    // Binds the ciphertext to its purpose: a blob made by the same key for anything else does not decrypt here.
    internal static readonly byte[] AssociatedData = "Herald.KeyRing.AesGcm.v1"u8.ToArray();

    /// <summary>Names the key without revealing it, so a wrong key is reported as such, not as corrupt data.</summary>
    internal static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));

    public XElement Decrypt(XElement encryptedElement)
    {
        var o = services.GetRequiredService<IOptions<KeyRingOptions>>().Value;
        var keyId = (string?)encryptedElement.Attribute("keyId");
        // The configured key, or during a rotation the previous one: whichever the element names.
        var key = new[] { o.Key, o.PreviousKey }.Where(k => !string.IsNullOrWhiteSpace(k)).Select(KeyRingMaterial.DecodeKey)
            .FirstOrDefault(k => KeyId(k) == keyId)
            ?? throw new InvalidOperationException(string.IsNullOrWhiteSpace(o.Key) && string.IsNullOrWhiteSpace(o.PreviousKey)
                ? "The Data Protection key ring is encrypted with Herald:KeyRing:Key, which is not set: set it (env Herald__KeyRing__Key) to the key it was encrypted with."
                : "Neither Herald:KeyRing:Key nor PreviousKey is the key this part of the ring was encrypted with (its keyId differs); set the original key.");
        try
        {
            var nonce = Convert.FromBase64String((string)encryptedElement.Element("nonce")!);
            var tag = Convert.FromBase64String((string)encryptedElement.Element("tag")!);
            var ciphertext = Convert.FromBase64String((string)encryptedElement.Element("value")!);
            var plaintext = new byte[ciphertext.Length];
            using (var aes = new AesGcm(key, tag.Length)) aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData);
            try { return XElement.Parse(Encoding.UTF8.GetString(plaintext)); }
            finally { CryptographicOperations.ZeroMemory(plaintext); }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
