using Herald.Queue.Jobs;

namespace Herald.Send;

/// <summary>The send stage: the webhook sender, the push sender (providers' senders are registered by each provider) and their job handlers; the push test.</summary>
public static class SendServices
{
    public static WebApplicationBuilder AddSend(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebhookSender>().AddJobHandler<WebhookJobHandler>();
        builder.Services.AddSingleton<PushSender>().AddJobHandler<PushJobHandler>().AddJobHandler<SummaryJobHandler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSend(this IEndpointRouteBuilder routes) => routes.MapPushTest();
}
