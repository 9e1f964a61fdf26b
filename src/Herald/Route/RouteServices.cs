namespace Herald.Route;

/// <summary>The route stage: which deliveries an event makes (webhook endpoints, and a fan-out job when push applies).</summary>
public static class RouteServices
{
    public static WebApplicationBuilder AddRoute(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PushRouting>().AddSingleton<EventRouter>();
        return builder;
    }
}
