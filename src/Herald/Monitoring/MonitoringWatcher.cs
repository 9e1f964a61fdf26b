using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Monitoring;

/// <summary>
/// Every WatchInterval, for every app: evaluates the four metrics and the credentials' expiry and
/// posts an operational event on each transition (alert, recovery, expiring), and samples the queue
/// for the console's queue-depth chart. Safe on several nodes: transitions are swapped atomically
/// and samples are keyed by the minute.
/// </summary>
public sealed partial class MonitoringWatcher(
    IHeraldStore store, MonitoringSummary summary, OperationalEvents events, IOptions<MonitoringOptions> options,
    TimeProvider time, ILogger<MonitoringWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.WatchIntervalValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                foreach (var app in await store.ListAppsAsync(stoppingToken))
                    await WatchAsync(app.Id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex) { LogWatchFailed(logger, ex); }
        }
    }

    public async Task WatchAsync(string appId, CancellationToken ct)
    {
        var report = await summary.ComputeAsync(appId, "24h", ct);
        await MetricAsync(appId, "deliverySuccessPercent", report.DeliverySuccessPercent.State, report.DeliverySuccessPercent.Value, report.DeliverySuccessPercent.Threshold, report.DeliverySuccessPercent.Hint, ct);
        await MetricAsync(appId, "credentialDaysToExpiry", report.CredentialDaysToExpiry.State, report.CredentialDaysToExpiry.Value, report.CredentialDaysToExpiry.Threshold, report.CredentialDaysToExpiry.Hint, ct);
        await MetricAsync(appId, "eventCoverage", report.EventCoverage.State, report.EventCoverage.Value, report.EventCoverage.Threshold, report.EventCoverage.Hint, ct);
        await MetricAsync(appId, "webhookFailureRatePercent", report.WebhookFailureRatePercent.State, report.WebhookFailureRatePercent.Value, report.WebhookFailureRatePercent.Threshold, report.WebhookFailureRatePercent.Hint, ct);

        var now = time.GetUtcNow();
        var renewal = TimeSpan.FromDays(options.Value.CredentialRenewalDays);
        foreach (var c in (await store.ListCredentialsAsync(appId, ct)).Where(c => c.Active && c.ExpiresAt is not null))
        {
            var expires = DateTimeOffset.FromUnixTimeMilliseconds(c.ExpiresAt!.Value);
            await events.OnTransitionAsync(appId, $"credential:{c.Id}", expires - now < renewal ? "expiring" : "ok", "herald.credential.expiring", () => new
            {
                credentialId = c.Id, name = c.Name, platform = c.Platform, provider = c.Provider, expiresAt = expires,
                daysToExpiry = Math.Floor((expires - now).TotalDays), fix = "Upload the renewed certificate and activate it before it expires.",
            }, ct);
        }

        var ms = now.ToUnixTimeMilliseconds();
        await store.RecordQueueSampleAsync(appId, ms - ms % RollupRow.BucketMs, await store.GetQueueStatsAsync(appId, ms, ct), ct);
    }

    private Task MetricAsync(string appId, string metric, string state, double? value, double threshold, string hint, CancellationToken ct) =>
        state == MonitoringSummary.NoData ? Task.CompletedTask // nothing measured is neither an alert nor a recovery
            : events.OnTransitionAsync(appId, $"metric:{metric}", state, "herald.metric.alert", () => new { metric, state, value, threshold, hint, window = "24h" }, ct);

    [LoggerMessage(Level = LogLevel.Error, Message = "Monitoring watch failed; trying again at the next interval")]
    private static partial void LogWatchFailed(ILogger logger, Exception ex);
}
