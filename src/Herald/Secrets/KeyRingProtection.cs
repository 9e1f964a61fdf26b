using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Internal;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Herald.Secrets;

/// <summary>
/// Runs on start, before anything decrypts: with a certificate or key configured, encrypts every key
/// the ring still holds in plain form (stored before protection was configured); without one, warns
/// that the ring is unprotected. Data Protection itself only encrypts keys it creates. Keys under the
/// previous certificate or key (rotation) are encrypted again under the new one. And every encrypted
/// key must open with what is configured: left to Data Protection, a missing or wrong certificate or
/// key would only show later as secrets that fail to decrypt, after it had quietly made a new key.
/// </summary>
public sealed partial class KeyRingProtection(
    IOptions<KeyManagementOptions> keyManagement, IOptions<KeyRingOptions> keyRing, IActivator activator, ILogger<KeyRingProtection> logger)
{
    // Data Protection's markers (its XmlConstants, internal): what a key asks to have encrypted, and what replaces it.
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";
    private static readonly XNamespace XmlDsig = "http://www.w3.org/2000/09/xmldsig#";

    public void ProtectStoredKeys()
    {
        var options = keyManagement.Value;
        if (options.XmlRepository is not IRewritableXmlRepository repository) return;
        var where = repository is KeyDirectory d ? d.Directory.FullName : "the database (dataprotection_keys)";
        var setting = keyRing.Value.UsesCertificate ? "Herald:KeyRing:Certificate" : keyRing.Value.UsesKey ? "Herald:KeyRing:Key" : null;
        var encryptor = options.XmlEncryptor;
        if (encryptor is null) LogUnprotected(logger, where);
        // What the configured encryptor writes names its certificate or key; a stored part naming
        // another was made under the previous one (rotation) and is encrypted again.
        var current = encryptor is null ? null : Identity(encryptor.Encrypt(new XElement("probe")).EncryptedElement);
        var count = 0;
        foreach (var stored in repository.GetAllStoredElements())
        {
            var copy = new XElement(stored.Element);
            var changed = false;
            foreach (var secret in copy.Descendants(EncryptedSecret).ToList())
            {
                var plain = Decrypt(stored.Name, secret, setting);
                if (encryptor is null || Identity(secret.Elements().Single()) == current) continue;
                secret.ReplaceWith(Encrypted(plain, encryptor));
                changed = true;
            }
            if (encryptor is not null)
            {
                foreach (var part in copy.DescendantsAndSelf().Where(e => (bool?)e.Attribute(RequiresEncryption) == true).ToList())
                {
                    part.ReplaceWith(Encrypted(part, encryptor));
                    changed = true;
                }
            }
            if (!changed) continue;
            repository.ReplaceElement(stored.Name, stored.Element, copy);
            count++;
        }
        if (count > 0) LogReprotected(logger, count, where, setting!);
    }

    /// <summary>&lt;encryptedSecret decryptorType="..."&gt;, exactly what the key manager stores for a part marked requiresEncryption (a key's &lt;masterKey&gt;).</summary>
    private static XElement Encrypted(XElement plain, IXmlEncryptor encryptor)
    {
        var info = encryptor.Encrypt(new XElement(plain));
        return new XElement(EncryptedSecret, new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement);
    }

    /// <summary>The certificate (its DER in EncryptedXml's KeyInfo) or key (the AES-GCM keyId) an encrypted part was made with.</summary>
    private static string? Identity(XElement encrypted) =>
        (encrypted.Descendants(XmlDsig + "X509Certificate").FirstOrDefault() is { } certificate ? string.Concat(certificate.Value.Where(c => !char.IsWhiteSpace(c))) : null)
        ?? (string?)encrypted.Attribute("keyId");

    /// <summary>Decrypts a stored part the way the key manager will, so a missing or wrong certificate or key stops the start.</summary>
    private XElement Decrypt(string name, XElement secret, string? setting)
    {
        try
        {
            var decryptor = (IXmlDecryptor)activator.CreateInstance(typeof(IXmlDecryptor), (string)secret.Attribute("decryptorType")!);
            return decryptor.Decrypt(new XElement(secret.Elements().Single()));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or InvalidOperationException or FormatException or TypeLoadException)
        {
            throw new InvalidOperationException(
                $"The Data Protection key ring holds an encrypted key ('{name}') that Herald cannot open " +
                (setting is null
                    ? "because Herald:KeyRing is not set: set Herald:KeyRing:Certificate (+ CertificatePassword) or Herald:KeyRing:Key to what it was encrypted with."
                    : $"with {setting}: set the certificate or key it was encrypted with (or, while rotating, give the old one as PreviousCertificate / PreviousKey).") +
                $" Without it every secret stored under that key is lost. ({ex.Message})", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "The Data Protection key ring in {Where} is not encrypted: anyone with a copy of it and the database can decrypt every stored " +
        "secret (webhook signing secrets, push credentials, console sessions). Fine for development; in production set " +
        "Herald:KeyRing:Certificate (+ CertificatePassword) or Herald:KeyRing:Key (env Herald__KeyRing__Key); see docs/OPERATIONS.md.")]
    private static partial void LogUnprotected(ILogger logger, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted {Count} Data Protection key(s) in {Where} with {Setting} (stored unencrypted, or under the previous certificate or key)")]
    private static partial void LogReprotected(ILogger logger, int count, string where, string setting);
}
