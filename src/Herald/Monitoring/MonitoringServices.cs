using Herald.Push;
using Herald.Webhooks;
using Microsoft.Extensions.Options;

namespace Herald.Monitoring;

public static class MonitoringServices
{
    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitoringOptions>, MonitoringOptionsValidator>();
        services.AddSingleton<MonitoringSummary>().AddSingleton<MonitoringSeries>().AddSingleton<Diagnostics>().AddSingleton<OperationalEvents>();
        services.AddSingleton<IEndpointHealthEvents>(sp => sp.GetRequiredService<OperationalEvents>());
        services.AddSingleton<IPushFeedbackEvents>(sp => sp.GetRequiredService<OperationalEvents>());
        services.AddHostedService<MonitoringWatcher>();
        return builder;
    }

    private sealed class MonitoringOptionsValidator : IValidateOptions<MonitoringOptions>
    {
        public ValidateOptionsResult Validate(string? name, MonitoringOptions o)
        {
            var errors = new List<string>();
            if (o.DeliverySuccessPercent is < 0 or > 100) errors.Add("Herald:Monitoring:DeliverySuccessPercent must be 0-100.");
            if (o.WebhookFailureRatePercent is < 0 or > 100) errors.Add("Herald:Monitoring:WebhookFailureRatePercent must be 0-100.");
            if (o.CredentialRenewalDays is < 0 or > 3650) errors.Add("Herald:Monitoring:CredentialRenewalDays must be 0-3650.");
            try
            {
                if (o.WatchIntervalValue < TimeSpan.FromMilliseconds(100)) errors.Add("Herald:Monitoring:WatchInterval must be at least 100ms.");
            }
            catch (FormatException ex) { errors.Add(ex.Message); }
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
