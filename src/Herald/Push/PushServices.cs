using Herald.Push.Credentials;
using Herald.Push.Devices;
using Herald.Push.Providers;
using Herald.Push.Templates;

namespace Herald.Push;

/// <summary>AddPush() / MapPush(): what push is configured with (settings, Allow toggles, credentials, devices, preferences, unread counts, channels, templates, the providers); the stages that use it are Route, FanOut and Send.</summary>
public static class PushServices
{
    public static WebApplicationBuilder AddPush(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<ActiveCredentials>();
        // Each provider's sender, options and clients (the list is PushProviders.All).
        foreach (var provider in PushProviders.All) provider.AddServices(builder);
        services.AddSingleton<CredentialSecrets>().AddSingleton<CredentialValidator>();
        services.AddSingleton<PushSettingsCache>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPush(this IEndpointRouteBuilder routes)
    {
        routes.MapPushCredentials();
        routes.MapPushSettings().MapPushEvents().MapDevices().MapPreferences().MapUnread();
        routes.MapChannels();
        return routes;
    }
}
