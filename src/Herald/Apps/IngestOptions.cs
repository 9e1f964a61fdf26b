using Microsoft.Extensions.Options;

namespace Herald.Apps;

/// <summary>
/// Section "Herald:Ingest": request limits of ingest. With the API edge (here in Apps), which owns every request
/// size limit: the JSON body guard applies MaxBatchBytes to routes that take large bodies too, and Kestrel's own
/// limit is the larger of this and Herald:Api.
/// </summary>
public sealed class IngestOptions
{
    public const string Section = "Herald:Ingest";
    public int MaxEventBytes { get; set; } = 256 * 1024;
    public int MaxBatchEvents { get; set; } = 1000;
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;
}

/// <summary>Checked on start, so a typo stops Herald with a message instead of failing later.</summary>
internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions o) =>
        o.MaxEventBytes > 0 && o.MaxBatchEvents > 0 && o.MaxBatchBytes >= o.MaxEventBytes
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Herald:Ingest limits must be positive and MaxBatchBytes at least MaxEventBytes.");
}
