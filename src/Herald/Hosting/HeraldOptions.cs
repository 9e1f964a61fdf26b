using Microsoft.Extensions.Options;

namespace Herald.Hosting;

/// <summary>Section "Herald": identity and where local state lives.</summary>
public sealed class HeraldOptions
{
    public const string Section = "Herald";
    /// <summary>The root admin key; when unset Herald generates one on first start and prints it once.</summary>
    public string? AdminKey { get; set; }
    public string DataDirectory { get; set; } = "./data";
}

/// <summary>Section "Herald:Storage".</summary>
public sealed class StorageOptions
{
    public const string Section = "Herald:Storage";
    /// <summary>Sqlite (one node, the default) or Postgres (any number of nodes on one database; needs ConnectionStrings:Herald).</summary>
    public string Provider { get; set; } = "Sqlite";

    public static bool IsPostgres(string? provider) =>
        provider is not null && (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase));
    /// <summary>SQLite's synchronous pragma. Normal survives a crash of Herald (WAL); Full also survives power loss.</summary>
    public string SqliteSynchronous { get; set; } = "Normal";
}

/// <summary>Section "Herald:Ingest": request limits.</summary>
public sealed class IngestOptions
{
    public const string Section = "Herald:Ingest";
    public int MaxEventBytes { get; set; } = 256 * 1024;
    public int MaxBatchEvents { get; set; } = 1000;
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;
}

/// <summary>Section "Herald:Api": limits of the management API's requests (ingest has its own, above).</summary>
public sealed class ApiOptions
{
    public const string Section = "Herald:Api";
    /// <summary>Largest JSON body of a non-ingest call (a channel's member list takes the ingest batch limit).</summary>
    public int MaxJsonBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>
    /// Kestrel drops a connection whose request body arrives slower than this (after a 5-second grace),
    /// so a client trickling a large body cannot hold a connection and its buffer for long.
    /// </summary>
    public int MinRequestBodyBytesPerSecond { get; set; } = 1024;
    /// <summary>
    /// How long the answer to a create call sent with an Idempotency-Key is kept: the same key and request
    /// within it gets that answer again instead of a second record.
    /// </summary>
    public string IdempotencyWindow { get; set; } = "24h";
    public TimeSpan IdempotencyWindowValue => Durations.Parse(IdempotencyWindow, "Herald:Api:IdempotencyWindow");
}

/// <summary>Section "Herald:Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string Section = "Herald:Webhooks";
    /// <summary>Allow endpoint URLs on loopback/private networks (tests and development only).</summary>
    public bool AllowPrivateNetworks { get; set; }
    /// <summary>How long a rotated-out secret keeps signing beside the new one.</summary>
    public string SecretRotationGrace { get; set; } = "24h";
    public TimeSpan SecretRotationGraceValue => Durations.Parse(SecretRotationGrace, "Herald:Webhooks:SecretRotationGrace");
}

/// <summary>Section "Herald:Delivery": the queue, workers and retry policy.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Herald:Delivery";
    public string RetrySchedule { get; set; } = "0s,5s,5m,30m,2h,5h,10h,10h";
    /// <summary>Each retry delay is moved by up to this fraction either way, so failed endpoints are not hit in lockstep.</summary>
    public double RetryJitter { get; set; } = 0.2;
    public string WebhookTimeout { get; set; } = "5s";
    /// <summary>How long a worker owns a claimed job before another may take it (renewed while it works).</summary>
    public string LeaseDuration { get; set; } = "30s";
    /// <summary>An endpoint failing without a single success for this long is disabled.</summary>
    public string DisableEndpointAfter { get; set; } = "5d";
    /// <summary>Most deliveries in flight at once on this node.</summary>
    public int Concurrency { get; set; } = 256;
    public int ClaimBatchSize { get; set; } = 256;
    /// <summary>Backstop poll when nothing wakes the workers (ingest wakes them at once).</summary>
    public string PollInterval { get; set; } = "1s";

    /// <summary>
    /// On SIGTERM: how long sends already under way may take to finish and be recorded. What is still
    /// running then is released (due at once) for another node, instead of waiting out its lease.
    /// </summary>
    public string ShutdownTimeout { get; set; } = "10s";

    public TimeSpan[] RetryScheduleValue => RetrySchedule.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(s => Durations.Parse(s, "Herald:Delivery:RetrySchedule")).ToArray();
    public TimeSpan WebhookTimeoutValue => Durations.Parse(WebhookTimeout, "Herald:Delivery:WebhookTimeout");
    public TimeSpan LeaseDurationValue => Durations.Parse(LeaseDuration, "Herald:Delivery:LeaseDuration");
    public TimeSpan DisableEndpointAfterValue => Durations.Parse(DisableEndpointAfter, "Herald:Delivery:DisableEndpointAfter");
    public TimeSpan PollIntervalValue => Durations.Parse(PollInterval, "Herald:Delivery:PollInterval");
    public TimeSpan ShutdownTimeoutValue => Durations.Parse(ShutdownTimeout, "Herald:Delivery:ShutdownTimeout");
}

/// <summary>Checks every option on start, so a typo stops Herald with a message instead of failing later.</summary>
internal sealed class HeraldOptionsValidator(IConfiguration configuration) :
    IValidateOptions<DeliveryOptions>, IValidateOptions<WebhookOptions>, IValidateOptions<StorageOptions>, IValidateOptions<IngestOptions>,
    IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions o)
    {
        var errors = new List<string>();
        if (o.MaxJsonBodyBytes < 1024 || o.MinRequestBodyBytesPerSecond < 0)
            errors.Add("Herald:Api:MaxJsonBodyBytes must be at least 1024 and Herald:Api:MinRequestBodyBytesPerSecond at least 0 (0 turns the check off).");
        Check(errors, () =>
        {
            if (o.IdempotencyWindowValue < TimeSpan.FromMinutes(1))
                throw new FormatException("Herald:Api:IdempotencyWindow must be at least 1m (a client retries within it); the default is 24h.");
        });
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, DeliveryOptions o)
    {
        var errors = new List<string>();
        Check(errors, () => { if (o.RetryScheduleValue.Length == 0) throw new FormatException("Herald:Delivery:RetrySchedule: give at least one delay, e.g. 0s,5s,5m."); });
        Check(errors, () => { if (o.WebhookTimeoutValue <= TimeSpan.Zero) throw new FormatException("Herald:Delivery:WebhookTimeout must be above zero."); });
        Check(errors, () => { if (o.LeaseDurationValue < TimeSpan.FromSeconds(1)) throw new FormatException("Herald:Delivery:LeaseDuration must be at least 1s."); });
        Check(errors, () => _ = o.DisableEndpointAfterValue);
        Check(errors, () => _ = o.PollIntervalValue);
        Check(errors, () => { if (o.ShutdownTimeoutValue < TimeSpan.Zero) throw new FormatException("Herald:Delivery:ShutdownTimeout must not be negative."); });
        if (o.RetryJitter is < 0 or > 1) errors.Add("Herald:Delivery:RetryJitter must be between 0 and 1 (0.2 = ±20 %).");
        if (o.Concurrency < 1) errors.Add("Herald:Delivery:Concurrency must be at least 1.");
        if (o.ClaimBatchSize < 1) errors.Add("Herald:Delivery:ClaimBatchSize must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, WebhookOptions o)
    {
        var errors = new List<string>();
        Check(errors, () => _ = o.SecretRotationGraceValue);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

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

    public ValidateOptionsResult Validate(string? name, IngestOptions o) =>
        o.MaxEventBytes > 0 && o.MaxBatchEvents > 0 && o.MaxBatchBytes >= o.MaxEventBytes
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Herald:Ingest limits must be positive and MaxBatchBytes at least MaxEventBytes.");

    private static void Check(List<string> errors, Action check)
    {
        try { check(); }
        catch (FormatException ex) { errors.Add(ex.Message); }
    }
}
