using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Apns;

/// <summary>AddApns(): the APNs sender, its options (checked on start), token cache and connection pools.</summary>
public static class ApnsServices
{
    public static IServiceCollection AddApns(this IServiceCollection services)
    {
        services.AddOptions<ApnsOptions>().BindConfiguration(ApnsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApnsOptions>, ApnsOptionsValidator>();
        services.AddSingleton<ApnsTokenCache>().AddSingleton<ApnsClients>();
        services.AddSingleton<IPushProviderSender, ApnsSender>();
        return services;
    }
}
