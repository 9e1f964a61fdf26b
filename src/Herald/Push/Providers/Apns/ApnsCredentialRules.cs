using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Herald.Kernel;
using Herald.Storage;
using Herald.Push.Credentials;

namespace Herald.Push.Providers.Apns;

/// <summary>APNs: token auth (a .p8 key with its key id, team id and topic) or certificate auth (a .p12).</summary>
internal static class ApnsCredentialRules
{
    public const int MaxP8Length = 10_000, MaxP12Base64Length = 100_000;
    private const string UidOid = "0.9.2342.19200300.100.1.1";

    public static ProviderMaterial? Validate(CredentialBody b, DateTimeOffset now, FieldErrors errors)
    {
        if (b.P8 is not null && b.P12 is not null)
        {
            errors.Add("p8", "Give either p8 (a .p8 key, token auth) or p12 (a .p12 certificate), not both; a .p8 key is simpler and never expires.");
            return null;
        }
        if (b.P8 is not null) return TokenAuth(b, errors);
        if (b.P12 is not null) return CertificateAuth(b, now, errors);
        errors.Add("p8", "Give the APNs material: p8 (the .p8 key text from Apple Developer → Keys) with keyId, teamId and topic, " +
                         "or p12 (a .p12 push certificate, base64) with its p12Password.");
        return null;
    }

    private static ProviderMaterial? TokenAuth(CredentialBody b, FieldErrors errors)
    {
        if (b.P12Password is not null)
            errors.Add("p12Password", "p12Password goes with a .p12 certificate; a .p8 key has no password, so leave it out.");
        // A PEM pasted through a JSON tool sometimes arrives with its newlines still escaped.
        var pem = b.P8!.Replace("\\n", "\n", StringComparison.Ordinal).Trim();
        if (P8Problem(pem) is { } problem) errors.Add("p8", problem);
        CheckAppleId(b.KeyId, "keyId", "the 10-character Key ID shown next to the key in Apple Developer → Keys (e.g. 2X9R4HXF34)", errors);
        CheckAppleId(b.TeamId, "teamId", "your 10-character Team ID, shown in Apple Developer → Membership details (e.g. 9JA89QQLNQ)", errors);
        var topic = CheckTopic(b.Topic, required: true, errors);
        if (errors.Any) return null;
        return new ProviderMaterial(
            new CredentialDetails(KeyId: b.KeyId, TeamId: b.TeamId, Topic: topic, AuthKind: "token"),
            new CredentialMaterial(P8Pem: pem));
    }

    private const string P8Fix = "download the .p8 from Apple Developer → Keys (a key with Apple Push Notifications service enabled) " +
                                 "and paste the whole file, BEGIN and END lines included.";

    /// <summary>Why <paramref name="pem"/> is not an APNs signing key (an EC P-256 private key), or null when it is one.</summary>
    internal static string? P8Problem(string pem)
    {
        if (pem.Length > MaxP8Length) return $"This is {pem.Length} characters, far more than a .p8 key; it is not an EC P-256 private key: {P8Fix}";
        if (!PemEncoding.TryFind(pem, out var fields))
            return $"This is not an EC P-256 private key (no -----BEGIN PRIVATE KEY----- block found): {P8Fix}";
        var label = pem[fields.Label];
        var what = label switch
        {
            "PUBLIC KEY" or "EC PUBLIC KEY" or "RSA PUBLIC KEY" => "a public key",
            "CERTIFICATE" => "a certificate",
            "RSA PRIVATE KEY" => "an RSA key",
            "ENCRYPTED PRIVATE KEY" => "a password-encrypted key",
            "PRIVATE KEY" or "EC PRIVATE KEY" => null,
            _ => $"a '{label}' PEM block",
        };
        if (what is not null) return $"This is {what}, not an EC P-256 private key: {P8Fix}";
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem[fields.Location]);
            var curve = key.ExportParameters(false).Curve;
            return IsP256(curve) ? null : $"This is an EC key on curve {CurveName(curve)}, not an EC P-256 private key: {P8Fix}";
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return IsRsa(pem[fields.Location])
                ? $"This is an RSA key, not an EC P-256 private key: {P8Fix}"
                : $"This is not an EC P-256 private key (the PEM block does not hold a readable key): {P8Fix}";
        }
    }

    private static bool IsRsa(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static bool IsP256(ECCurve curve) =>
        curve.Oid?.Value == "1.2.840.10045.3.1.7" || curve.Oid?.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1";

    private static string CurveName(ECCurve curve) => curve.Oid?.Value switch
    {
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        "1.3.132.0.10" => "secp256k1",
        _ => curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(unnamed)",
    };

    private static void CheckAppleId(string? value, string field, string what, FieldErrors errors)
    {
        if (value is null) errors.Add(field, $"Give {what}.");
        else if (value.Length != 10 || !value.All(char.IsAsciiLetterOrDigit))
            errors.Add(field, $"'{value}' is not a {field}: it is 10 letters and digits. Give {what}.");
    }

    /// <summary>The topic is the app's bundle id (plus a suffix such as .voip for other push types).</summary>
    private static string? CheckTopic(string? topic, bool required, FieldErrors errors)
    {
        if (topic is null)
        {
            if (required) errors.Add("topic", "Give the topic: your app's bundle id, e.g. com.example.app.");
            return null;
        }
        if (topic.Length is 0 or > 255 || !topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') || topic[0] == '.' || topic[^1] == '.')
            errors.Add("topic", $"'{topic}' is not a bundle id; use letters, digits, '-' and '.', e.g. com.example.app.");
        return topic;
    }

    private static ProviderMaterial? CertificateAuth(CredentialBody b, DateTimeOffset now, FieldErrors errors)
    {
        foreach (var (field, value) in new[] { ("keyId", b.KeyId), ("teamId", b.TeamId) })
            if (value is not null)
                errors.Add(field, $"{field} goes with a .p8 key (token auth); a .p12 certificate needs none, so leave it out.");

        var bytes = DecodeBase64(b.P12!, errors);
        if (bytes is null) return null;
        if (ContentType(bytes) != X509ContentType.Pkcs12)
        {
            errors.Add("p12", "This is not a .p12 (PKCS#12) file; in Keychain Access select the push certificate with its private key, " +
                              "export both as .p12, and send the file's bytes base64-encoded.");
            return null;
        }

        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadPkcs12(bytes, b.P12Password);
        }
        catch (CryptographicException)
        {
            errors.Add("p12Password", b.P12Password is null
                ? "This .p12 is protected by a password; give it as p12Password (the one set when exporting from Keychain Access)."
                : "The password does not open this .p12; give the password set when exporting it from Keychain Access (p12Password).");
            return null;
        }
        using (cert)
        {
            if (!cert.HasPrivateKey)
            {
                errors.Add("p12", "This .p12 holds the certificate without its private key; in Keychain Access expand the certificate, " +
                                  "select it together with its key, and export both as .p12.");
                return null;
            }
            var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (notAfter <= now)
            {
                errors.Add("p12", $"This certificate expired on {notAfter:yyyy-MM-dd HH:mm} UTC; create a new Apple Push Notification service " +
                                  "certificate in Apple Developer → Certificates and upload its .p12, or use a .p8 key, which never expires.");
                return null;
            }

            var uid = SubjectUid(cert);
            string? topic;
            if (uid is null) topic = CheckTopic(b.Topic, required: true, errors);
            else if (b.Topic is null || b.Topic == uid || b.Topic.StartsWith(uid + ".", StringComparison.Ordinal)) topic = b.Topic ?? uid;
            else
            {
                errors.Add("topic", $"The certificate is for '{uid}', not '{b.Topic}'; leave topic out to use '{uid}', or upload the certificate of '{b.Topic}'.");
                topic = null;
            }
            if (errors.Any) return null;

            return new ProviderMaterial(
                new CredentialDetails(Topic: topic, AuthKind: "certificate", Subject: cert.Subject, CertificateEnvironment: EnvironmentOf(cert)),
                new CredentialMaterial(P12Bytes: bytes, P12Password: b.P12Password),
                notAfter.ToUnixTimeMilliseconds());
        }
    }

    private static X509ContentType ContentType(byte[] bytes)
    {
        try
        {
            return X509Certificate2.GetCertContentType(bytes);
        }
        catch (CryptographicException)
        {
            return X509ContentType.Unknown;
        }
    }

    private static byte[]? DecodeBase64(string text, FieldErrors errors)
    {
        if (text.Length > MaxP12Base64Length)
        {
            errors.Add("p12", $"This is {text.Length} characters; an APNs .p12 is a few KB. Export only the push certificate and its key.");
            return null;
        }
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            if (bytes.Length > 0) return bytes;
        }
        catch (FormatException)
        {
        }
        errors.Add("p12", "This is not base64; send the .p12 file's bytes base64-encoded (e.g. the output of: base64 -i cert.p12).");
        return null;
    }

    /// <summary>Apple puts the bundle id in the subject's UID attribute.</summary>
    private static string? SubjectUid(X509Certificate2 cert)
    {
        foreach (var rdn in cert.SubjectName.EnumerateRelativeDistinguishedNames())
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == UidOid && rdn.GetSingleElementValue() is { Length: > 0 } uid)
                return uid;
        return null;
    }

    /// <summary>Apple names the environment in the common name: "Apple Development IOS Push Services: com.x", "Apple Push Services: com.x".</summary>
    private static string? EnvironmentOf(X509Certificate2 cert)
    {
        var cn = cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (cn.StartsWith("Apple Development", StringComparison.OrdinalIgnoreCase) || cn.StartsWith("Apple Sandbox", StringComparison.OrdinalIgnoreCase))
            return CredentialKinds.Sandbox;
        if (cn.StartsWith("Apple Production", StringComparison.OrdinalIgnoreCase) || cn.StartsWith("Apple Push Services", StringComparison.OrdinalIgnoreCase))
            return CredentialKinds.Production;
        return null;
    }
}
