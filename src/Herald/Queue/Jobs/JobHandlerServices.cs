using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Herald.Queue.Jobs;

public static class JobHandlerServices
{
    /// <summary>Registers a handler for one job kind; the dispatcher finds it by <see cref="IJobHandler.Kind"/>.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services) where THandler : class, IJobHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobHandler, THandler>());
        return services;
    }
}
