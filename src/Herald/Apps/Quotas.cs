using Herald.Kernel;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Herald.Apps;

/// <summary>Section "Herald:Quotas": what one app may hold, so one tenant (or a runaway script) cannot fill the database.</summary>
public sealed class QuotaOptions
{
    public const string Section = "Herald:Quotas";
    /// <summary>Webhook endpoints per app (deleted ones do not count).</summary>
    public int MaxEndpointsPerApp { get; set; } = 100;
    /// <summary>API keys per app (revoked ones do not count; the root key is not an app's).</summary>
    public int MaxKeysPerApp { get; set; } = 50;
    /// <summary>Push credentials per app, active or not.</summary>
    public int MaxCredentialsPerApp { get; set; } = 50;
    /// <summary>Secrets signing at once for one endpoint: the current one and those rotated out still in their grace period.</summary>
    public int MaxSecretsPerEndpoint { get; set; } = 5;
    /// <summary>How far back a replay may start: a replay re-queues every matching event since then, in one transaction.</summary>
    public string MaxReplayRange { get; set; } = "7d";

    public TimeSpan MaxReplayRangeValue => Durations.Parse(MaxReplayRange, "Herald:Quotas:MaxReplayRange");
}

internal sealed class QuotaOptionsValidator : IValidateOptions<QuotaOptions>
{
    public ValidateOptionsResult Validate(string? name, QuotaOptions o)
    {
        var errors = new List<string>();
        if (o.MaxEndpointsPerApp < 1) errors.Add("Herald:Quotas:MaxEndpointsPerApp must be at least 1.");
        if (o.MaxKeysPerApp < 1) errors.Add("Herald:Quotas:MaxKeysPerApp must be at least 1.");
        if (o.MaxCredentialsPerApp < 1) errors.Add("Herald:Quotas:MaxCredentialsPerApp must be at least 1.");
        // The current secret plus the one a rotation adds: below 2 no rotation could ever pass.
        if (o.MaxSecretsPerEndpoint < 2) errors.Add("Herald:Quotas:MaxSecretsPerEndpoint must be at least 2 (the current secret and a new one).");
        try
        {
            if (o.MaxReplayRangeValue <= TimeSpan.Zero) errors.Add("Herald:Quotas:MaxReplayRange must be above zero, e.g. 7d.");
        }
        catch (FormatException ex) { errors.Add(ex.Message); }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// The per-app quota checks the create handlers call first; each answers null (go on) or a 422 problem
/// naming the field and the fix. The count is read before the insert, not inside its transaction: creates
/// of one app running at the same instant can each pass, so an app can end up over its quota by at most
/// the number of such creates. The quotas bound growth, they are not billing, and this keeps the store
/// contract (and both engines) unchanged.
/// </summary>
public sealed class Quotas(IHeraldStore store, IOptions<QuotaOptions> options)
{
    private QuotaOptions Limits => options.Value;

    public async Task<ProblemHttpResult?> EndpointsAsync(string app, CancellationToken ct)
    {
        var max = Limits.MaxEndpointsPerApp;
        return (await store.ListEndpointsAsync(app, ct)).Count < max ? null
            : Problems.OverQuota("endpoints", "Herald:Quotas:MaxEndpointsPerApp", max,
                $"App '{app}' already has {max} webhook endpoints, its quota; delete an unused endpoint, or raise Herald:Quotas:MaxEndpointsPerApp.");
    }

    public async Task<ProblemHttpResult?> KeysAsync(string app, CancellationToken ct)
    {
        var max = Limits.MaxKeysPerApp;
        return (await store.ListApiKeysAsync(app, ct)).Count(k => k.RevokedAt is null) < max ? null
            : Problems.OverQuota("keys", "Herald:Quotas:MaxKeysPerApp", max,
                $"App '{app}' already has {max} API keys, its quota; revoke an unused key (DELETE /v1/apps/{app}/keys/{{keyId}}), or raise Herald:Quotas:MaxKeysPerApp.");
    }

    public async Task<ProblemHttpResult?> CredentialsAsync(string app, CancellationToken ct)
    {
        var max = Limits.MaxCredentialsPerApp;
        return (await store.ListCredentialsAsync(app, ct)).Count < max ? null
            : Problems.OverQuota("credentials", "Herald:Quotas:MaxCredentialsPerApp", max,
                $"App '{app}' already has {max} push credentials, its quota; delete an unused credential, or raise Herald:Quotas:MaxCredentialsPerApp.");
    }

    /// <summary>Before a rotation: the secrets still signing (current and in grace) plus the new one must fit.</summary>
    public async Task<ProblemHttpResult?> SecretsAsync(string endpointId, DateTimeOffset now, CancellationToken ct)
    {
        var at = now.ToUnixTimeMilliseconds();
        return Secrets("Endpoint", endpointId, (await store.ListEndpointSecretsAsync(endpointId, ct)).Count(s => s.ExpiresAt is null || s.ExpiresAt > at));
    }

    /// <summary>
    /// The same bound for anything that signs with rotated secrets (an endpoint, a custom provider credential): every live
    /// secret is one more signature on each request, so <paramref name="signing"/> plus the new one must fit.
    /// </summary>
    public ProblemHttpResult? Secrets(string what, string id, int signing)
    {
        var max = Limits.MaxSecretsPerEndpoint;
        return signing < max ? null
            : Problems.OverQuota("secret", "Herald:Quotas:MaxSecretsPerEndpoint", max,
                $"{what} '{id}' already has {max} secrets signing (the current one and rotated-out ones in their grace period), its quota; " +
                "rotate again once the oldest grace period has ended, or raise Herald:Quotas:MaxSecretsPerEndpoint.");
    }

    public ProblemHttpResult? ReplayRange(DateTimeOffset since, DateTimeOffset now) =>
        now - since <= Limits.MaxReplayRangeValue ? null
            : Problems.OverQuota("since", "Herald:Quotas:MaxReplayRange", Limits.MaxReplayRange,
                $"A replay may start at most {Limits.MaxReplayRange} back (from {(now - Limits.MaxReplayRangeValue).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}); " +
                "replay from a later time, or raise Herald:Quotas:MaxReplayRange.");
}
