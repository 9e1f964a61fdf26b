using Microsoft.Extensions.Options;

namespace Herald.Storage;

/// <summary>Section "Herald:Storage".</summary>
public sealed class StorageOptions
{
    public const string Section = "Herald:Storage";
    /// <summary>Sqlite (one node, the default) or Postgres (any number of nodes on one database; needs ConnectionStrings:Herald).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Whether the configuration picks PostgreSQL: registrations that differ by engine ask this before options are bound.</summary>
    public static bool UsesPostgres(IConfiguration configuration) => IsPostgres(configuration[$"{Section}:Provider"]);

    public static bool IsPostgres(string? provider) =>
        provider is not null && (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase));
    /// <summary>SQLite's synchronous pragma. Normal survives a crash of Herald (WAL); Full also survives power loss.</summary>
    public string SqliteSynchronous { get; set; } = "Normal";
}

/// <summary>Checked on start: an unknown provider or a missing or malformed connection string stops Herald with the fix.</summary>
internal sealed class StorageOptionsValidator(IConfiguration configuration) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o)
    {
        if (StorageOptions.IsPostgres(o.Provider))
        {
            var cs = configuration.GetConnectionString("Herald");
            if (string.IsNullOrWhiteSpace(cs))
                return ValidateOptionsResult.Fail(
                    "Herald:Storage:Provider is Postgres but ConnectionStrings:Herald is not set; set it (env ConnectionStrings__Herald), " +
                    "e.g. Host=db.internal;Database=herald;Username=herald;Password=...");
            try { _ = new Npgsql.NpgsqlConnectionStringBuilder(cs); }
            catch (ArgumentException ex)
            {
                return ValidateOptionsResult.Fail($"ConnectionStrings:Herald is not a valid PostgreSQL connection string: {ex.Message}");
            }
            return ValidateOptionsResult.Success;
        }
        if (!o.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            return ValidateOptionsResult.Fail($"Herald:Storage:Provider '{o.Provider}' is not known; use Sqlite (one node) or Postgres (several nodes).");
        return o.SqliteSynchronous.ToUpperInvariant() is "NORMAL" or "FULL" or "EXTRA"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Herald:Storage:SqliteSynchronous must be Normal, Full or Extra.");
    }
}
