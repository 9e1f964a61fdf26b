using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Herald.Testing;

/// <summary>(Shared by the tests and the bench.) A certificate authority made on the spot, its certificate in a PEM file (for TrustedCaFile), and a server certificate it issued for 127.0.0.1.</summary>
public sealed class TestCa : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "herald-tests", "ca-" + Guid.NewGuid().ToString("N"));
    public X509Certificate2 Root { get; }
    public X509Certificate2 Server { get; }
    public string PemFile { get; }

    public TestCa()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Herald Test APNs CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Root = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=api.push.test", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(Root, now.AddHours(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        // Kestrel wants a certificate whose key is not ephemeral: a PFX round trip gives it one.
        Server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);

        Directory.CreateDirectory(_directory);
        PemFile = Path.Combine(_directory, "test-ca.pem");
        File.WriteAllText(PemFile, Root.ExportCertificatePem());
    }

    public void Dispose()
    {
        Root.Dispose();
        Server.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
