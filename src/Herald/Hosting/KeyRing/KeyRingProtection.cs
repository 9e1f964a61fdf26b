using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Internal;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Herald.Hosting.KeyRing;

/// <summary>
/// Runs on start, before anything decrypts: with a certificate or key configured, encrypts every key
/// the ring still holds in plain form (stored before protection was configured); without one, warns
/// that the ring is unprotected. Data Protection itself only encrypts keys it creates. Then checks
/// that every encrypted key opens with what is configured: left to Data Protection, a missing or
/// wrong certificate or key would only show later as secrets that fail to decrypt, after it had
/// quietly made a new key.
/// </summary>
public sealed partial class KeyRingProtection(
    IOptions<KeyManagementOptions> keyManagement, IOptions<KeyRingOptions> keyRing, IActivator activator, ILogger<KeyRingProtection> logger)
{
    // Data Protection's markers (its XmlConstants, internal): what a key asks to have encrypted, and what replaces it.
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";

    public void ProtectStoredKeys()
    {
        var options = keyManagement.Value;
        var where = options.XmlRepository is KeyDirectory d ? d.Directory.FullName : "the database (dataprotection_keys)";
        if (options.XmlRepository is not IRewritableXmlRepository repository) return;
        var setting = keyRing.Value.UsesCertificate ? "Herald:KeyRing:Certificate" : keyRing.Value.UsesKey ? "Herald:KeyRing:Key" : null;
        if (options.XmlEncryptor is null) LogUnprotected(logger, where);
        var count = 0;
        foreach (var stored in repository.GetAllStoredElements())
        {
            if (options.XmlEncryptor is { } encryptor && Encrypt(stored.Element, encryptor) is { } encrypted)
            {
                repository.ReplaceElement(stored.Name, stored.Element, encrypted);
                count++;
            }
            else
            {
                EnsureReadable(stored, setting);
            }
        }
        if (count > 0) LogReprotected(logger, count, where, setting!);
    }

    /// <summary>Decrypts (and drops) each encrypted part of a stored key the way the key manager will, so a wrong certificate or key stops the start.</summary>
    private void EnsureReadable(StoredElement stored, string? setting)
    {
        foreach (var secret in stored.Element.Descendants(EncryptedSecret))
        {
            try
            {
                var decryptor = (IXmlDecryptor)activator.CreateInstance(typeof(IXmlDecryptor), (string)secret.Attribute("decryptorType")!);
                _ = decryptor.Decrypt(new XElement(secret.Elements().Single()));
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or InvalidOperationException or FormatException or TypeLoadException)
            {
                throw new InvalidOperationException(
                    $"The Data Protection key ring holds an encrypted key ('{stored.Name}') that Herald cannot open " +
                    (setting is null
                        ? "because Herald:KeyRing is not set: set Herald:KeyRing:Certificate (+ CertificatePassword) or Herald:KeyRing:Key to what it was encrypted with."
                        : $"with {setting}: set the certificate or key it was encrypted with.") +
                    $" Without it every secret stored under that key is lost. ({ex.Message})", ex);
            }
        }
    }

    /// <summary>
    /// A copy of <paramref name="element"/> with each part marked requiresEncryption (a key's
    /// &lt;masterKey&gt;) replaced by &lt;encryptedSecret decryptorType="..."&gt;, exactly what the key
    /// manager stores for a key it makes; null when nothing is left in plain form.
    /// </summary>
    public static XElement? Encrypt(XElement element, IXmlEncryptor encryptor)
    {
        var copy = new XElement(element);
        var plain = copy.DescendantsAndSelf().Where(e => (bool?)e.Attribute(RequiresEncryption) == true).ToList();
        if (plain.Count == 0) return null;
        foreach (var part in plain)
        {
            var info = encryptor.Encrypt(new XElement(part));
            part.ReplaceWith(new XElement(EncryptedSecret,
                new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement));
        }
        return copy;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "The Data Protection key ring in {Where} is not encrypted: anyone with a copy of it and the database can decrypt every stored " +
        "secret (webhook signing secrets, push credentials, console sessions). Fine for development; in production set " +
        "Herald:KeyRing:Certificate (+ CertificatePassword) or Herald:KeyRing:Key (env Herald__KeyRing__Key); see docs/OPERATIONS.md.")]
    private static partial void LogUnprotected(ILogger logger, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted {Count} Data Protection key(s) stored unencrypted in {Where} with {Setting}")]
    private static partial void LogReprotected(ILogger logger, int count, string where, string setting);
}
