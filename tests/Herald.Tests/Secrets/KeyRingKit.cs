using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Herald.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Herald.Tests.Secrets;

/// <summary>
/// One Herald deployment that outlives its hosts: a data directory (SQLite) or a database
/// (PostgreSQL) this test owns, so Herald can be stopped and started again on the same state, and
/// what is at rest can be read the way someone holding a copy would.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    public const string Sqlite = "sqlite", Postgres = "postgres";
    private readonly PostgresDatabase? _database;
    public string Store { get; }
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "herald-keyring-tests", Guid.NewGuid().ToString("N"));

    private Deployment(string store, PostgresDatabase? database)
    {
        Store = store;
        _database = database;
    }

    public static async Task<Deployment> CreateAsync(string store) =>
        new(store, store == Postgres ? await PostgresDatabase.CreateAsync() : null);

    /// <summary>A host on this deployment's state, with <paramref name="settings"/> on top.</summary>
    public HeraldHost Host(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Herald:DataDirectory"] = DataDirectory,
            ["Herald:Storage:Provider"] = Store == Postgres ? "Postgres" : "Sqlite",
            ["ConnectionStrings:Herald"] = _database?.ConnectionString,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return new HeraldHost(all);
    }

    /// <summary>Everything at rest but the certificate or key: the key ring's elements and the stored ciphertexts, read from a copy.</summary>
    public async Task<AtRest> CopyAtRestAsync()
    {
        if (_database is null)
        {
            // The data directory as a backup would hold it: herald.db (with any WAL) and keys/.
            var copy = Path.Combine(Path.GetTempPath(), "herald-keyring-tests", "copy-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(copy, "keys"));
            foreach (var f in Directory.EnumerateFiles(DataDirectory, "herald.db*")) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
            foreach (var f in Directory.EnumerateFiles(Path.Combine(DataDirectory, "keys"))) File.Copy(f, Path.Combine(copy, "keys", Path.GetFileName(f)));
            try
            {
                var keys = Directory.EnumerateFiles(Path.Combine(copy, "keys"), "*.xml").Select(File.ReadAllText).ToList();
                await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(copy, "herald.db"), Pooling = false }.ToString());
                await c.OpenAsync();
                return new AtRest(keys, await ColumnAsync(c, "SELECT secret FROM endpoint_secrets"), await ColumnAsync(c, "SELECT secret FROM push_credentials"));
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }
        // PostgreSQL: every table is in the database, the key ring's included.
        await using var pg = new NpgsqlConnection(_database.ConnectionString);
        await pg.OpenAsync();
        var xml = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT xml FROM dataprotection_keys", pg))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) xml.Add(r.GetString(0));
        return new AtRest(xml, await ColumnAsync(pg, "SELECT secret FROM endpoint_secrets"), await ColumnAsync(pg, "SELECT secret FROM push_credentials"));
    }

    private static async Task<List<byte[]>> ColumnAsync(System.Data.Common.DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var values = new List<byte[]>();
        while (await r.ReadAsync()) values.Add((byte[])r.GetValue(0));
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}

/// <summary>What a copy of the database holds: the key ring's XML and the encrypted secrets.</summary>
public sealed record AtRest(IReadOnlyList<string> KeyXml, IReadOnlyList<byte[]> EndpointSecrets, IReadOnlyList<byte[]> CredentialSecrets)
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    /// <summary>Master keys stored in plain form (a &lt;masterKey&gt; element, not inside an encryptedSecret).</summary>
    public int PlainMasterKeys => KeyXml.Sum(x => XElement.Parse(x).Descendants("masterKey").Count());

    public int EncryptedSecrets => KeyXml.Sum(x => XElement.Parse(x).Descendants(DataProtection + "encryptedSecret").Count());

    /// <summary>
    /// Tries what someone with only this copy would: a Data Protection provider of their own, named
    /// like Herald's, on these keys (no certificate, no key), decrypting each stored secret with
    /// Herald's purposes. Returns what it decrypted.
    /// </summary>
    public List<string> DecryptWithoutHerald()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().SetApplicationName("Herald");
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new CopiedRing(KeyXml.Select(x => XElement.Parse(x)).ToList());
            o.AutoGenerateKeys = false;
        });
        using var provider = services.BuildServiceProvider();
        var dp = provider.GetRequiredService<IDataProtectionProvider>();
        var decrypted = new List<string>();
        foreach (var (purpose, blobs) in new[] { ("Herald.Webhooks.Secrets.v1", EndpointSecrets), ("Herald.Push.Credentials.v1", CredentialSecrets) })
        {
            var protector = dp.CreateProtector(purpose);
            foreach (var blob in blobs)
            {
                try { decrypted.Add(System.Text.Encoding.UTF8.GetString(protector.Unprotect(blob))); }
                catch (CryptographicException) { }
            }
        }
        return decrypted;
    }

    private sealed class CopiedRing(IReadOnlyCollection<XElement> elements) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => elements;
        public void StoreElement(XElement element, string friendlyName) => throw new InvalidOperationException("the copy is read-only");
    }
}

/// <summary>Test certificates made in the test: self-signed RSA, written where a setting can point.</summary>
public static class TestCertificates
{
    public const string Password = "correct horse battery staple";

    public static X509Certificate2 Create(string subject = "CN=Herald key ring test")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A password-protected PFX of a new certificate, in <paramref name="directory"/>.</summary>
    public static string WritePfx(string directory)
    {
        Directory.CreateDirectory(directory);
        using var certificate = Create();
        var path = Path.Combine(directory, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    /// <summary>A PEM file holding a new certificate and, unless <paramref name="withKey"/> is false, its unencrypted private key.</summary>
    public static string WritePem(string directory, bool withKey = true)
    {
        Directory.CreateDirectory(directory);
        using var certificate = Create();
        var path = Path.Combine(directory, withKey ? "keyring.pem" : "public-only.pem");
        var pem = certificate.ExportCertificatePem();
        if (withKey) pem += "\n" + certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(path, pem);
        return path;
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
