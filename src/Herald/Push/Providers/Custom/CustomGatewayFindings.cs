using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Custom;

/// <summary>
/// The custom provider's gateway, diagnosed from the error codes its answers were rolled up under
/// (http_401, http_503, timeout…), as the other providers' findings are from their answers' codes. The cause is
/// the one of the newest attempted custom push, so a finding names what is wrong now and clears as
/// soon as the gateway accepts again; the rollups give the 24-hour evidence.
/// </summary>
internal static class CustomGatewayFindings
{
    private enum Cause { Denied, ServerError, Slow, Unreachable, Refused }

    /// <summary>
    /// The gateway is the credential custom pushes are sent with: the first active custom one, as the sender
    /// picks it; the latest is the newest custom push that has been attempted.
    /// </summary>
    public static async Task<ProviderFinding?> ForAsync(ProviderRollups context)
    {
        if (context.Active.FirstOrDefault() is not { } gateway) return null;
        var latest = await context.LatestAttemptedAsync();
        var timeout = context.Services.GetRequiredService<IOptions<CustomProviderOptions>>().Value.CustomTimeoutValue;
        var push = context.FixAt;
        if (latest is null || latest.Status == "succeeded" || CauseOf(latest) is not { } cause) return null;
        var count = context.Rollups.Where(r => r.Code.Length > 0 && CauseOf(r.Code) == cause).Sum(r => r.Attempts);
        if (count == 0) return null;
        var url = gateway.Details.Url ?? "(no URL)";
        var who = $"credential '{gateway.Name}' ({gateway.Id})";
        var evidence = $"{count} attempt(s) to {url} {Answered(cause, timeout)} in 24 h; the latest: {latest.LastError}";
        var fixAt = $"{push}/credentials/{gateway.Id}";
        return cause switch
        {
            Cause.Denied => new("custom-gateway-unauthorized", "error", url,
                $"The custom gateway refuses Herald's Basic Auth ({latest.LastStatusCode}): the user name or password of {who} does not match what the gateway checks.",
                $"Upload the gateway's current user name and password as a new custom credential and activate it (or fix the gateway's check); then retry the failed deliveries.", fixAt, evidence),
            Cause.ServerError => new("custom-gateway-server-error", "error", url,
                $"The custom gateway behind {who} fails with {latest.LastStatusCode}: the error is on the gateway's side, and every push to it is retried on the schedule.",
                "Check the gateway's logs and the services it forwards to; Herald retries on its own once it answers 2xx (retry any that gave up).", fixAt, evidence),
            Cause.Slow => new("custom-gateway-slow", "warning", url,
                $"The custom gateway behind {who} does not answer within {timeout.TotalSeconds:0.###} s, so attempts time out and are retried (the gateway may deliver the same push twice).",
                "Have the gateway answer 200 at once and forward the push afterwards (it can drop repeats by the herald-delivery-id header), or raise Herald:Push:CustomTimeout.", fixAt, evidence),
            Cause.Unreachable => new("custom-gateway-unreachable", "error", url,
                $"Herald cannot connect to the custom gateway of {who}.",
                "Check the URL, DNS, TLS certificate and firewall between Herald and the gateway; upload a credential with the right URL if it moved.", fixAt, evidence),
            _ => new("custom-gateway-refused", "error", url,
                $"The custom gateway of {who} refuses the pushes ({latest.LastStatusCode}): usually a wrong URL path or a gateway that rejects the payload.",
                "Check the URL of the credential and the gateway's validation of Herald's payload (trigger, webhook: \"custom\").", fixAt, evidence),
        };
    }

    private static Cause? CauseOf(DeliverySummary d) => d.LastStatusCode switch
    {
        401 or 403 => Cause.Denied,
        >= 500 => Cause.ServerError,
        >= 300 => Cause.Refused,
        null when d.LastError?.StartsWith("timed out", StringComparison.Ordinal) == true => Cause.Slow,
        null when d.LastError is not null => Cause.Unreachable,
        _ => null,
    };

    /// <summary>The cause a rollup error code (<c>RollupAccumulator.CodeOf</c>) belongs to.</summary>
    private static Cause? CauseOf(string code) => code switch
    {
        "http_401" or "http_403" => Cause.Denied,
        "timeout" => Cause.Slow,
        "connection" => Cause.Unreachable,
        _ when code.StartsWith("http_5", StringComparison.Ordinal) => Cause.ServerError,
        _ when code.StartsWith("http_", StringComparison.Ordinal) => Cause.Refused,
        _ => null,
    };

    private static string Answered(Cause cause, TimeSpan timeout) => cause switch
    {
        Cause.Denied => "were answered 401/403",
        Cause.ServerError => "were answered 5xx",
        Cause.Slow => $"took longer than {timeout.TotalSeconds:0.###} s",
        Cause.Unreachable => "could not connect",
        _ => "were refused",
    };
}
