using Herald.Delivery.Jobs;
using Microsoft.Extensions.Options;

namespace Herald.Delivery;

/// <summary>The delivery queue's workers: options, the signal that wakes them, the retry policy and the dispatcher.</summary>
public static class DeliveryServices
{
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        builder.Services.AddSingleton<DeliverySignal>().AddSingleton<RetryPolicy>().AddSingleton<WebhookSender>().AddJobHandler<WebhookJobHandler>();
        builder.Services.AddSingleton<JobHandlers>();
        builder.Services.AddHostedService<DeliveryDispatcher>();
        // The host must wait for the dispatcher's own shutdown grace, and for releasing what is left, before it gives up.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<DeliveryOptions>>((host, delivery) =>
        {
            var needed = delivery.Value.ShutdownTimeoutValue + TimeSpan.FromSeconds(5);
            if (host.ShutdownTimeout < needed) host.ShutdownTimeout = needed;
        });
        return builder;
    }
}
