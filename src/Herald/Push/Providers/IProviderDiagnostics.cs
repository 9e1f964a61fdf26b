using Herald.Storage;

namespace Herald.Push.Providers;

/// <summary>A provider's finding, as Monitoring's diagnostics show it: what is wrong, why, how to fix it, where, and the numbers.</summary>
public sealed record ProviderFinding(string Code, string Severity, string Subject, string Cause, string Fix, string FixAt, string Evidence);

/// <summary>What a provider's rollup check gets: its error rollups of the window, its active credentials, its newest attempted push (read on demand).</summary>
public sealed record ProviderRollups(
    IReadOnlyList<RollupRow> Rollups, IReadOnlyList<CredentialRecord> Active, Func<Task<DeliverySummary?>> LatestAttemptedAsync,
    IServiceProvider Services, string FixAt);

/// <summary>
/// A provider's contributions to monitoring: the answers that name a configuration problem, the findings its
/// active credentials raise, a check over its rollups as a whole, and its word in the metrics' hints.
/// </summary>
public interface IProviderDiagnostics
{
    /// <summary>The finding an error code of the provider's answers stands for, or null when the code is a passing failure.</summary>
    ProviderFinding? AnswerFinding(string code, long count, string fixAt) => null;

    /// <summary>Findings of one of its active credentials (expiry, environment).</summary>
    IEnumerable<ProviderFinding> CredentialFindings(CredentialRecord active, DateTimeOffset now, int renewalDays, string fixAt) => [];

    /// <summary>A finding over all its rolled-up errors at once (for a gateway whose answers are plain HTTP codes).</summary>
    Task<ProviderFinding?> RollupFindingAsync(ProviderRollups context) => Task.FromResult<ProviderFinding?>(null);

    /// <summary>The credential-expiry metric's note when no credential expires, e.g. "Acme keys" (null: says nothing).</summary>
    string? NeverExpires => null;
}
