using Herald.Queue.Jobs;

namespace Herald.FanOut;

/// <summary>The fan-out stage: the "fanout" job's handler, which expands an event into one push job per device, and the notification check that explains its decision for one user.</summary>
public static class FanOutServices
{
    public static WebApplicationBuilder AddFanOut(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PushFanOut>().AddJobHandler<FanOutJobHandler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFanOut(this IEndpointRouteBuilder routes) => routes.MapNotificationCheck();
}
