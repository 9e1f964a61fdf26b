using Herald.Queue.Jobs;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Queue;

/// <summary>The queue stage: the workers that claim due jobs and hand each to its kind's handler; options, the signal that wakes them (and, with PostgreSQL, the LISTEN service), the retry policy.</summary>
public static class QueueServices
{
    public static WebApplicationBuilder AddQueue(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        builder.Services.AddSingleton<DeliverySignal>().AddSingleton<RetryPolicy>();
        builder.Services.AddSingleton<JobHandlers>();
        builder.Services.AddSingleton<DirectDispatch>();
        builder.Services.AddHostedService<DeliveryDispatcher>();
        // With PostgreSQL, other nodes' ingest wakes this one through LISTEN/NOTIFY.
        if (StorageOptions.UsesPostgres(builder.Configuration))
            builder.Services.AddHostedService<PostgresWorkListener>();
        // The host must wait for the dispatcher's own shutdown grace, and for releasing what is left, before it gives up.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<DeliveryOptions>>((host, delivery) =>
        {
            var needed = delivery.Value.ShutdownTimeoutValue + TimeSpan.FromSeconds(5);
            if (host.ShutdownTimeout < needed) host.ShutdownTimeout = needed;
        });
        return builder;
    }
}
