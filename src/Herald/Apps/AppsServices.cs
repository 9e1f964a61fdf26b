using Microsoft.Extensions.Options;

namespace Herald.Apps;

/// <summary>Apps, their keys and the guarded API edge: API limits, quotas, the root key, key checks, Idempotency-Key.</summary>
public static class AppsServices
{
    public static WebApplicationBuilder AddApps(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>().AddSingleton<Quotas>();
        services.AddSingleton<RootKey>().AddSingleton<KeyAuthenticator>().AddSingleton<AppDirectory>().AddSingleton<IdempotentRequests>();
        return builder;
    }
}
