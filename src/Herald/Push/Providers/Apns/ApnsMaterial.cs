using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Herald.Push.Credentials;

/// <summary>APNs' part of the stored material: <see cref="P8Pem"/> for token auth, or <see cref="P12Bytes"/> (+ <see cref="P12Password"/>) for certificate auth.</summary>
public sealed partial record CredentialMaterial
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
