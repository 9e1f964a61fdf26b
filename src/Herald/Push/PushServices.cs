using Herald.Delivery.Jobs;
using Herald.Push.Credentials;
using Herald.Push.Devices;
using Herald.Push.FanOut;
using Herald.Push.Providers;
using Herald.Push.Templates;

namespace Herald.Push;

/// <summary>AddPush() / MapPush(): everything of push notifications, one line per part.</summary>
public static class PushServices
{
    public static WebApplicationBuilder AddPush(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<ActiveCredentials>().AddSingleton<PushRouting>().AddSingleton<PushFanOut>().AddSingleton<PushSender>();
        services.AddJobHandler<FanOutJobHandler>().AddJobHandler<PushJobHandler>().AddJobHandler<SummaryJobHandler>();
        // Each provider's sender, options and clients (the list is PushProviders.All).
        foreach (var provider in PushProviders.All) provider.AddServices(builder);
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
