using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Herald.Push.Credentials;

/// <summary>
/// The secret half of a credential, as the senders use it. Only the fields of the credential's
/// provider are set: APNs <see cref="P8Pem"/> or <see cref="P12Bytes"/> (+ <see cref="P12Password"/>),
/// FCM <see cref="ServiceAccountJson"/>, Baidu <see cref="ApiKey"/> + <see cref="SecretKey"/>,
/// custom <see cref="Password"/> (Basic Auth; the user name is in the credential's details).
/// </summary>
public sealed record CredentialMaterial(
    string? P8Pem = null, byte[]? P12Bytes = null, string? P12Password = null, string? ServiceAccountJson = null,
    string? ApiKey = null, string? SecretKey = null, string? Password = null)
{
    /// <summary>The APNs token-auth signing key (EC P-256); the caller disposes it.</summary>
    public ECDsa OpenP8Key()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(P8Pem ?? throw new InvalidOperationException("This credential has no .p8 key."));
        return key;
    }

    /// <summary>The APNs client certificate with its private key, for TLS client authentication; the caller disposes it.</summary>
    public X509Certificate2 OpenP12Certificate() =>
        X509CertificateLoader.LoadPkcs12(P12Bytes ?? throw new InvalidOperationException("This credential has no .p12 certificate."), P12Password);
}
