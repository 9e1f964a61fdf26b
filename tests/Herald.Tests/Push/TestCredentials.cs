using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Herald.Tests.Push;

/// <summary>Credential material generated on the spot: keys, .p12 certificates and service-account files, nothing downloaded.</summary>
public static class TestCredentials
{
    public const string BundleId = "com.example.app";
    public const string P12Password = "p12-Pa55word-for-tests";
    public const string SandboxSubject = $"Apple Development IOS Push Services: {BundleId}";
    public const string ProductionSubject = $"Apple Push Services: {BundleId}";

    public static readonly string P256Pem = NewEcPem(ECCurve.NamedCurves.nistP256);
    public static readonly string P384Pem = NewEcPem(ECCurve.NamedCurves.nistP384);
    public static readonly string RsaPem = NewRsaPem();
    public static readonly string P256PublicPem = PublicPem();

    private static string NewEcPem(ECCurve curve)
    {
        using var key = ECDsa.Create(curve);
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static string NewRsaPem()
    {
        using var key = RSA.Create(2048);
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static string PublicPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>A self-signed push certificate as Apple issues them: RSA, the bundle id in the subject's UID.</summary>
    public static byte[] P12(
        DateTimeOffset notBefore, DateTimeOffset notAfter, string? password = P12Password, string commonName = SandboxSubject,
        string? uid = BundleId, bool withPrivateKey = true)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        if (uid is not null) name.Add("0.9.2342.19200300.100.1.1", uid, UniversalTagNumber.UTF8String);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(notBefore, notAfter);
        if (withPrivateKey) return cert.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
        using var publicOnly = X509CertificateLoader.LoadCertificate(cert.RawData);
        return publicOnly.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
    }

    /// <summary>A valid certificate, one year left, as base64 (the API's form).</summary>
    public static string P12Base64(DateTimeOffset now, string commonName = SandboxSubject, int daysLeft = 365, string? uid = BundleId) =>
        Convert.ToBase64String(P12(now.AddDays(-10), now.AddDays(daysLeft), commonName: commonName, uid: uid));

    /// <summary>A Google service-account key file; <paramref name="edit"/> changes its fields (null value = remove).</summary>
    public static string ServiceAccountJson(Action<Dictionary<string, string?>>? edit = null, string? privateKeyPem = null)
    {
        var fields = new Dictionary<string, string?>
        {
            ["type"] = "service_account",
            ["project_id"] = "herald-test-project",
            ["private_key_id"] = "0123456789abcdef0123456789abcdef01234567",
            ["private_key"] = privateKeyPem ?? ServiceAccountKeyPem,
            ["client_email"] = "herald-push@herald-test-project.iam.gserviceaccount.com",
            ["client_id"] = "123456789012345678901",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        };
        edit?.Invoke(fields);
        return JsonSerializer.Serialize(fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value));
    }

    public static readonly string ServiceAccountKeyPem = NewRsaPem();

    public const string LegacyServerKey =
        "AAAAx1yZ2bQ:APA91bH7Uu3sV4fJ2kTt0Zk3YhQG9pLr8mN6cX1vB5nD7eF4gH2jK0lM9oP3qR6sT8uV1wX4yZ7aB0cD3eF6gH9iJ2kL5mN8oP1qR4sT7uV0wX3yZ6a";
    public const string LegacyApiKey = "AIzaSyB-1234567890abcdefghijklmnopqrstu";

    public const string BaiduApiKey = "bAiDuApIkEy0123456789xyz", BaiduSecretKey = "bAiDu-SeCrEt-KeY-9876543210abcdef";
    public const string CustomPassword = "cust0m-Basic-Auth-pa55";

    /// <summary>A line of a PEM's base64 body: text that is in the key and nowhere else.</summary>
    public static string PemBodyLine(string pem) => pem.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[2];
}
