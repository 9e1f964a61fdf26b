using Herald.Push.Templates;

namespace Herald.Push;

/// <summary>AddPush() / MapPush(): everything of push notifications, one line per part.</summary>
public static class PushServices
{
    public static WebApplicationBuilder AddPush(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TemplateRenderer>();
        // credentials (helper A) register here
        // settings/templates/devices/preferences (helper B) register here
        return builder;
    }

    public static IEndpointRouteBuilder MapPush(this IEndpointRouteBuilder routes)
    {
        // credentials (helper A) map here
        // settings/templates/devices/preferences (helper B) map here
        return routes;
    }
}
