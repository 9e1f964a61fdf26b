using Herald.Webhooks;

namespace Herald.Monitoring;

public sealed partial class OperationalEvents : IEndpointHealthEvents
{
    /// <summary>herald.endpoint.disabled, keyed by the run of failures: told once per disabling, on whichever node disabled it.</summary>
    public Task EndpointDisabledAsync(EndpointDisabled disabled, CancellationToken ct)
    {
        var (appId, endpointId, url, reason, since) = disabled;
        return OnTransitionAsync(appId, $"endpoint-disabled:{endpointId}:{since}", "disabled", "herald.endpoint.disabled",
            () => new { endpointId, url, reason, failingSince = DateTimeOffset.FromUnixTimeMilliseconds(since), fix = "Fix the receiver, enable the endpoint again and replay what it missed." },
            ct);
    }
}
