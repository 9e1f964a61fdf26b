using Herald.Kernel;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Herald.Secrets;

/// <summary>Data Protection, which encrypts secrets at rest, and what protects its own key ring.</summary>
public static class KeyRingServices
{
    public static IServiceCollection AddHeraldKeyRing(this IServiceCollection services, IConfiguration configuration, bool postgres)
    {
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidator>();
        services.AddSingleton<KeyRingProtection>();

        // With SQLite (one node) the key ring lives in the data directory (resolved from the bound
        // options, so every way of setting DataDirectory is honoured); with PostgreSQL in the
        // database, so every node reads what any node encrypted.
        var dataProtection = services.AddDataProtection().SetApplicationName("Herald");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = postgres
                ? new PostgresXmlRepository(sp.GetRequiredService<Npgsql.NpgsqlDataSource>())
                : new KeyDirectory(
                    new DirectoryInfo(Path.Combine(Path.GetFullPath(sp.GetRequiredService<IOptions<HeraldOptions>>().Value.DataDirectory), "keys")),
                    sp.GetRequiredService<ILoggerFactory>())));

        // The ring itself is encrypted with material the database does not hold. Data Protection's
        // certificate methods take the certificate now, at registration, so it is loaded here from
        // the same configuration the options bind; one that does not load is left to the options
        // validation, which stops the start with the reason before anything touches the ring.
        var configured = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        // Unprotect… names the certificates for decryption explicitly: EncryptedXml would otherwise look
        // for them in the X509 store, which on Linux does not hold them. The previous one (rotation) only decrypts.
        if (!string.IsNullOrWhiteSpace(configured.PreviousCertificate) && KeyRingMaterial.TryLoadPreviousCertificate(configured, out var previous, out _))
            dataProtection.UnprotectKeysWithAnyCertificate(previous);
        if (configured.UsesCertificate && !configured.UsesKey && KeyRingMaterial.TryLoadCertificate(configured, out var certificate, out _))
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        else if (configured.UsesKey && !configured.UsesCertificate)
        {
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlEncryptor = new AesGcmXmlEncryptor(KeyRingMaterial.DecodeKey(sp.GetRequiredService<IOptions<KeyRingOptions>>().Value.Key))));
        }
        return services;
    }
}
