using Herald.Delivery.Jobs;
using Herald.Push.Credentials;
using Herald.Push.Devices;
using Herald.Push.FanOut;
using Herald.Push.Providers.Apns;
using Herald.Push.Providers.Baidu;
using Herald.Push.Providers.Custom;
using Herald.Push.Providers.Fcm;
using Herald.Push.Templates;

namespace Herald.Push;

/// <summary>AddPush() / MapPush(): everything of push notifications, one line per part.</summary>
public static class PushServices
{
    public static WebApplicationBuilder AddPush(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TemplateRenderer>();
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section)
            .Validate(o => { _ = o.CustomTimeoutValue; return o.CustomTimeoutValue > TimeSpan.Zero; }, "Herald:Push:CustomTimeout must be a duration above zero, e.g. 2s.")
            .ValidateOnStart();
        services.AddSingleton<ActiveCredentials>().AddSingleton<PushRouting>().AddSingleton<PushFanOut>().AddSingleton<PushSender>();
        services.AddJobHandler<FanOutJobHandler>().AddJobHandler<PushJobHandler>().AddJobHandler<SummaryJobHandler>();
        services.AddSingleton<IPushProviderSender, CustomProviderSender>();
        services.AddFcm();
        services.AddBaidu();
        services.AddApns();
        services.AddSingleton<CredentialSecrets>().AddSingleton<CredentialValidator>();
        services.AddSingleton<PushSettingsCache>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPush(this IEndpointRouteBuilder routes)
    {
        routes.MapPushCredentials();
        routes.MapPushSettings().MapPushEvents().MapDevices().MapPreferences();
        routes.MapChannels();
        routes.MapPushTest();
        return routes;
    }
}
