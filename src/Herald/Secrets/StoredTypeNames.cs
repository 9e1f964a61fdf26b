using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

// Data Protection stores the decryptor's full type name in every key it encrypts (decryptorType) and creates
// it by that name when the key ring is read. These types keep the names key rings in the field carry (Herald
// kept its key ring code in Hosting/KeyRing until the redesign): renaming one makes every existing ring
// unreadable, and with it every stored secret. FolderDependencyTests knows this file is the exception.
namespace Herald.Hosting.KeyRing;

/// <summary>The stored name of <see cref="Secrets.AesGcmXmlDecryptor"/>.</summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private readonly Secrets.AesGcmXmlDecryptor _decryptor = new(services);

    public XElement Decrypt(XElement encryptedElement) => _decryptor.Decrypt(encryptedElement);
}
