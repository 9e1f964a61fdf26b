using Microsoft.Extensions.Options;
using Herald.Kernel;

namespace Herald.Apps;

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

/// <summary>Checked on start, so a typo stops Herald with a message instead of failing later.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions o)
    {
        var errors = new List<string>();
        if (o.MaxJsonBodyBytes < 1024 || o.MinRequestBodyBytesPerSecond < 0)
            errors.Add("Herald:Api:MaxJsonBodyBytes must be at least 1024 and Herald:Api:MinRequestBodyBytesPerSecond at least 0 (0 turns the check off).");
        OptionErrors.Check(errors, () =>
        {
            if (o.IdempotencyWindowValue < TimeSpan.FromMinutes(1))
                throw new FormatException("Herald:Api:IdempotencyWindow must be at least 1m (a client retries within it); the default is 24h.");
        });
        return OptionErrors.Validation(errors);
    }
}
