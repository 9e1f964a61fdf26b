namespace Herald.Webhooks;

/// <summary>
/// Told when <see cref="EndpointHealthTracker"/> disables an endpoint whose failures ran longer than
/// DisableEndpointAfter. Monitoring implements it (the herald.endpoint.disabled event); an interface here, not a
/// call into Monitoring, because that event goes back through ingest: Monitoring depends on Ingest, which
/// depends (through Route) on Webhooks, so a call the other way would close a circle.
/// </summary>
public interface IEndpointHealthEvents
{
    Task EndpointDisabledAsync(EndpointDisabled disabled, CancellationToken ct);
}

/// <summary>An endpoint just disabled: <see cref="FailingSince"/> (Unix ms) starts the run of failures that disabled it.</summary>
public sealed record EndpointDisabled(string AppId, string EndpointId, string Url, string Reason, long FailingSince);
