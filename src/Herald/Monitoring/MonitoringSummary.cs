using Herald.Catalog;
using Herald.Push;
using Herald.Push.Providers;
using Herald.Push.Templates;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Monitoring;

/// <summary><see cref="Succeeded"/> and <see cref="Failed"/> count push attempts (a retry is another attempt), not jobs.</summary>
public sealed record ProviderSuccess(string Provider, double? Value, long Succeeded, long Failed, string State);
public sealed record DeliverySuccessMetric(
    double? Value, double Threshold, string State, string Hint, long Succeeded, long Failed, IReadOnlyList<ProviderSuccess> ByProvider);
public sealed record ExpiringCredential(string Id, string Name, string Platform, string Provider, DateTimeOffset ExpiresAt);
public sealed record CredentialExpiryMetric(double? Value, double Threshold, string State, string Hint, ExpiringCredential? Credential);
/// <summary><see cref="Enabled"/> and <see cref="Intended"/> count the console's Allow switches (a type with conversation variants has one per variant); <see cref="Gaps"/> names the ones that are off.</summary>
public sealed record EventCoverageMetric(
    double? Value, double Threshold, string State, string Hint, int Enabled, int Intended, bool IntendedConfigured, IReadOnlyList<string> Gaps);
public sealed record EndpointFailureRate(string EndpointId, double? Value, long Attempts, long Failures, long Failed4xx, long Failed5xx, long TimedOut, string State);
public sealed record WebhookFailureMetric(
    double? Value, double Threshold, string State, string Hint, long Attempts, long Failures, long Failed4xx, long Failed5xx, long TimedOut,
    IReadOnlyList<EndpointFailureRate> ByEndpoint);
public sealed record MonitoringReport(
    string Window, DateTimeOffset From, DateTimeOffset To, DeliverySuccessMetric DeliverySuccessPercent,
    CredentialExpiryMetric CredentialDaysToExpiry, EventCoverageMetric EventCoverage, WebhookFailureMetric WebhookFailureRatePercent);

/// <summary>
/// The four metrics of the console, from the per-minute rollups (never from the attempts), the
/// credentials, the event types the app has sent and its toggles. A metric with nothing to measure
/// is "no-data", not "ok": silence is not health.
/// </summary>
public sealed class MonitoringSummary(
    IHeraldStore store, PushSettingsCache settingsCache, TemplateRenderer renderer, EventCatalog catalog,
    IOptions<MonitoringOptions> options, TimeProvider time)
{
    public const string Ok = "ok", Alert = "alert", NoData = "no-data";

    public async Task<MonitoringReport> ComputeAsync(string appId, string window, CancellationToken ct)
    {
        var to = time.GetUtcNow();
        var from = to - MonitoringWindow.Windows[window];
        var rollups = (await store.GetRollupsAsync(appId, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds() + 1, ct))
            .Where(r => r.Code.Length == 0).ToList();
        return new MonitoringReport(window, from, to,
            DeliverySuccess(rollups), await CredentialExpiryAsync(appId, to, ct), await CoverageAsync(appId, ct), WebhookFailures(rollups));
    }

    private static double? Percent(long part, long total) => total == 0 ? null : Math.Round(100.0 * part / total, 2);

    private DeliverySuccessMetric DeliverySuccess(List<RollupRow> rows)
    {
        var threshold = options.Value.DeliverySuccessPercent;
        string StateOf(double? v) => v is null ? NoData : v < threshold ? Alert : Ok;
        var push = rows.Where(r => r.Channel != "webhook").ToList();
        // Attempts, not finished jobs: a job still in its retry schedule (about 27 h by default) has
        // already failed once, and a provider refusing everything must show at its first refusals.
        var byProvider = push.GroupBy(r => r.Channel).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            long failed = g.Sum(r => r.Failures), ok = g.Sum(r => r.Attempts) - failed;
            var v = Percent(ok, ok + failed);
            return new ProviderSuccess(g.Key, v, ok, failed, StateOf(v));
        }).ToList();
        long succeeded = byProvider.Sum(p => p.Succeeded), failedAll = byProvider.Sum(p => p.Failed);
        var value = Percent(succeeded, succeeded + failedAll);
        var state = StateOf(value);
        var worst = byProvider.Where(p => p.State == Alert).Select(p => p.Provider).ToList();
        var hint = state switch
        {
            NoData => "No push was attempted in this window.",
            Alert => $"Below {threshold} %: inspect the credentials and the provider's status{(worst.Count > 0 ? $" ({string.Join(", ", worst)})" : "")}; GET .../diagnostics names the causes.",
            _ => $"At or above {threshold} %.",
        };
        return new DeliverySuccessMetric(value, threshold, state, hint, succeeded, failedAll, byProvider);
    }

    /// <summary>Each provider adds what of its credentials never expires, e.g. "(.p8 keys and Acme keys do not expire)".</summary>
    private static string NoExpiryHint =>
        PushProviders.All.Select(p => p.NeverExpires).OfType<string>().ToList() is { Count: > 0 } notes
            ? $"No active credential has an expiry date ({PushProviders.OneOf(notes, "and")} do not expire)."
            : "No active credential has an expiry date.";

    private async Task<CredentialExpiryMetric> CredentialExpiryAsync(string appId, DateTimeOffset now, CancellationToken ct)
    {
        var threshold = options.Value.CredentialRenewalDays;
        var soonest = (await store.ListCredentialsAsync(appId, ct)).Where(c => c.Active && c.ExpiresAt is not null).MinBy(c => c.ExpiresAt);
        if (soonest is null)
            return new CredentialExpiryMetric(null, threshold, NoData, NoExpiryHint, null);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(soonest.ExpiresAt!.Value);
        var days = Math.Floor((expires - now).TotalDays);
        var state = days < threshold ? Alert : Ok;
        var hint = state == Alert
            ? days < 0 ? $"'{soonest.Name}' has expired: upload a renewed certificate and activate it." : $"'{soonest.Name}' expires in {days} days: schedule its renewal (at least {threshold} days ahead)."
            : $"The soonest expiry is {days} days away.";
        return new CredentialExpiryMetric(days, threshold, state, hint, new ExpiringCredential(soonest.Id, soonest.Name, soonest.Platform, soonest.Provider, expires));
    }

    /// <summary>The event types an app means to notify about: its configured list, else every type of the categories it has sent.</summary>
    public async Task<(IReadOnlyList<string> Intended, bool Configured)> IntendedAsync(string appId, PushSettings settings, CancellationToken ct)
    {
        if (settings.IntendedEventTypes is { } configured) return (configured, true);
        var used = (await store.ListEventTypeStatsAsync(appId, ct)).Select(s => catalog.Find(s.Type)).OfType<CatalogEvent>()
            .Where(e => !e.Internal).Select(e => e.Category).ToHashSet(StringComparer.Ordinal);
        return (catalog.Events.Where(e => !e.Internal && used.Contains(e.Category)).Select(e => e.Type).ToList(), false);
    }

    /// <summary>
    /// Counted per Allow switch of the console (<see cref="EventToggles"/>), not per type: switching off
    /// new messages in groups only silences those pushes, and must show as a gap named "message.created (group)".
    /// </summary>
    private async Task<EventCoverageMetric> CoverageAsync(string appId, CancellationToken ct)
    {
        var (settings, events) = await settingsCache.GetAsync(appId, ct);
        var (intendedTypes, configured) = await IntendedAsync(appId, settings, ct);
        var intended = intendedTypes.Select(catalog.Find).OfType<CatalogEvent>().SelectMany(EventToggles.Of).ToList();
        if (intended.Count == 0)
            return new EventCoverageMetric(null, 100, NoData, "No events sent yet, and no intended event types configured (PUT .../monitoring/settings).", 0, 0, configured, []);
        var gaps = intended.Where(t => !settings.Enabled || !renderer.Effective(t.Type, t.Variant, events).Allowed).Select(t => t.Name).ToList();
        var enabled = intended.Count - gaps.Count;
        var value = Percent(enabled, intended.Count);
        var state = gaps.Count > 0 ? Alert : Ok;
        var hint = state == Ok ? "Every intended event type can notify."
            : !settings.Enabled ? "Push is off for the app (master toggle): no event type can notify."
            : $"{gaps.Count} intended Allow toggle(s) are off ({string.Join(", ", gaps.Take(3))}{(gaps.Count > 3 ? ", …" : "")}): enable them under the Chat / Community / Live Stream tabs.";
        return new EventCoverageMetric(value, 100, state, hint, enabled, intended.Count, configured, gaps);
    }

    private WebhookFailureMetric WebhookFailures(List<RollupRow> rows)
    {
        var threshold = options.Value.WebhookFailureRatePercent;
        string StateOf(double? v) => v is null ? NoData : v > threshold ? Alert : Ok;
        var webhook = rows.Where(r => r.Channel == "webhook").ToList();
        var byEndpoint = webhook.GroupBy(r => r.Target).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var attempts = g.Sum(r => r.Attempts);
            var v = Percent(g.Sum(r => r.Failures), attempts);
            return new EndpointFailureRate(g.Key, v, attempts, g.Sum(r => r.Failures), g.Sum(r => r.Failed4xx), g.Sum(r => r.Failed5xx), g.Sum(r => r.TimedOut), StateOf(v));
        }).ToList();
        var all = byEndpoint.Sum(e => e.Attempts);
        var failures = byEndpoint.Sum(e => e.Failures);
        var value = Percent(failures, all);
        var state = StateOf(value);
        var hint = state switch
        {
            NoData => "No webhook attempt in this window.",
            Alert => $"Above {threshold} %: investigate endpoint health (4xx: secret or URL; 5xx: the receiver; timeouts: answer 2xx first, work after).",
            _ => $"At or below {threshold} %.",
        };
        return new WebhookFailureMetric(value, threshold, state, hint, all, failures, byEndpoint.Sum(e => e.Failed4xx), byEndpoint.Sum(e => e.Failed5xx),
            byEndpoint.Sum(e => e.TimedOut), byEndpoint);
    }
}
