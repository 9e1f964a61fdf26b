using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Herald.Secrets;

/// <summary>
/// Section "Herald:KeyRing": what encrypts the Data Protection key ring at rest, so a copy of the
/// database (and data directory) alone decrypts no secret. One of the two; neither is for development.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "Herald:KeyRing";
    /// <summary>Path of a PFX (PKCS#12) file, or of a PEM file holding the certificate and its RSA private key.</summary>
    public string? Certificate { get; set; }
    public string? CertificatePassword { get; set; }
    /// <summary>Base64 of 32 random bytes (AES-256-GCM), meant for a secret environment variable (Herald__KeyRing__Key).</summary>
    public string? Key { get; set; }
    /// <summary>
    /// Rotation: the certificate or key the ring was encrypted with until now. Read only: on start every
    /// key under it is encrypted again with Certificate or Key, after which it can be removed.
    /// </summary>
    public string? PreviousCertificate { get; set; }
    public string? PreviousCertificatePassword { get; set; }
    public string? PreviousKey { get; set; }

    public bool UsesCertificate => !string.IsNullOrWhiteSpace(Certificate);
    public bool UsesKey => !string.IsNullOrWhiteSpace(Key);
}

/// <summary>Loads what <see cref="KeyRingOptions"/> names; every failure is a sentence naming the setting and the fix.</summary>
public static class KeyRingMaterial
{
    public const int KeyBytes = 32;
    private const string KeyFix = "give base64 of 32 random bytes, e.g. the output of `openssl rand -base64 32`, in env Herald__KeyRing__Key";

    public static bool TryLoadCertificate(KeyRingOptions o, out X509Certificate2 certificate, out string error) =>
        TryLoadCertificate(o.Certificate!, o.CertificatePassword, "Certificate", out certificate, out error);

    public static bool TryLoadPreviousCertificate(KeyRingOptions o, out X509Certificate2 certificate, out string error) =>
        TryLoadCertificate(o.PreviousCertificate!, o.PreviousCertificatePassword, "PreviousCertificate", out certificate, out error);

    /// <param name="name">The setting under Herald:KeyRing (Certificate or PreviousCertificate), named in every error with its password.</param>
    private static bool TryLoadCertificate(string file, string? password, string name, out X509Certificate2 certificate, out string error)
    {
        certificate = null!;
        var setting = $"Herald:KeyRing:{name}";
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            error = $"{setting}: no file at '{path}'; give the path of a PFX file, or of a PEM file holding the certificate and its private key.";
            return false;
        }
        var pem = IsPem(path);
        if (pem && !File.ReadAllText(path).Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            error = NoPrivateKey(setting, path);
            return false;
        }
        try
        {
            certificate = pem
                ? string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(path)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            error = $"{setting} '{path}' could not be read ({ex.Message.TrimEnd('.')}): check {setting}Password " +
                    "and that the file is a PFX, or a PEM holding the certificate and its private key.";
            return false;
        }
        // Data Protection encrypts the key ring to the certificate's RSA public key (EncryptedXml) and
        // needs the private key to read it back.
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            error = certificate.HasPrivateKey
                ? $"{setting} '{path}' has no RSA key; give an RSA certificate (Data Protection encrypts to RSA only)."
                : NoPrivateKey(setting, path);
            certificate.Dispose();
            certificate = null!;
            return false;
        }
        error = "";
        return true;
    }

    private static string NoPrivateKey(string setting, string path) =>
        $"{setting} '{path}' holds no private key; give a PFX with its key, or a PEM file with the certificate and its private key.";

    public static bool TryDecodeKey(string? base64, out byte[] key, out string error) => TryDecodeKey(base64, "Key", out key, out error);

    public static bool TryDecodeKey(string? base64, string name, out byte[] key, out string error)
    {
        key = new byte[KeyBytes];
        var buffer = new byte[((base64 ?? "").Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String((base64 ?? "").Trim(), buffer, out var n) && n == KeyBytes)
        {
            buffer.AsSpan(0, KeyBytes).CopyTo(key);
            CryptographicOperations.ZeroMemory(buffer);
            error = "";
            return true;
        }
        CryptographicOperations.ZeroMemory(buffer);
        error = $"Herald:KeyRing:{name} is not base64 of exactly {KeyBytes} bytes; {KeyFix}.";
        return false;
    }

    /// <summary>The key of a valid <see cref="KeyRingOptions.Key"/> (options are validated on start).</summary>
    public static byte[] DecodeKey(string? base64) =>
        TryDecodeKey(base64, out var key, out var error) ? key : throw new InvalidOperationException(error);

    private static bool IsPem(string path)
    {
        Span<byte> head = stackalloc byte[64];
        using var f = File.OpenRead(path);
        var n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.ASCII.GetString(head[..n]).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}

/// <summary>Checks the key ring settings on start: a file that is missing, unreadable or keyless, or a malformed key, stops Herald.</summary>
internal sealed class KeyRingOptionsValidator : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions o)
    {
        if (o.UsesCertificate && o.UsesKey)
            return ValidateOptionsResult.Fail("Herald:KeyRing: set Certificate or Key, not both (the key ring is encrypted with one of them).");
        if (o.UsesCertificate)
        {
            if (!KeyRingMaterial.TryLoadCertificate(o, out var certificate, out var error)) return ValidateOptionsResult.Fail(error);
            certificate.Dispose();
        }
        else if (o.UsesKey && !KeyRingMaterial.TryDecodeKey(o.Key, out _, out var error))
        {
            return ValidateOptionsResult.Fail(error);
        }
        if (!string.IsNullOrWhiteSpace(o.PreviousCertificate) || !string.IsNullOrWhiteSpace(o.PreviousKey))
        {
            if (!o.UsesCertificate && !o.UsesKey)
                return ValidateOptionsResult.Fail("Herald:KeyRing:PreviousCertificate / PreviousKey are for rotation: set the new Certificate or Key beside them.");
            if (!string.IsNullOrWhiteSpace(o.PreviousCertificate))
            {
                if (!KeyRingMaterial.TryLoadPreviousCertificate(o, out var previous, out var error)) return ValidateOptionsResult.Fail(error);
                previous.Dispose();
            }
            if (!string.IsNullOrWhiteSpace(o.PreviousKey) && !KeyRingMaterial.TryDecodeKey(o.PreviousKey, "PreviousKey", out _, out var keyError))
                return ValidateOptionsResult.Fail(keyError);
        }
        return ValidateOptionsResult.Success;
    }
}
