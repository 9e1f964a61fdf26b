using Herald.Client;
using Microsoft.Extensions.Options;

// The usual home of Add* extensions, so that they show up on IServiceCollection without another using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="HeraldClient"/> with IHttpClientFactory.</summary>
public static class HeraldClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HeraldClient"/> as a typed client of IHttpClientFactory (pooled handlers, DNS changes seen),
    /// configured by <paramref name="configure"/>. Its retries run on the registered <see cref="TimeProvider"/>, if any.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets at least <see cref="HeraldClientOptions.BaseAddress"/> and usually <see cref="HeraldClientOptions.ApiKey"/>.</param>
    /// <returns>The HTTP client's builder, to add handlers or change its settings.</returns>
    public static IHttpClientBuilder AddHeraldClient(this IServiceCollection services, Action<HeraldClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<HeraldClientOptions>().Configure(configure);
        return services.AddHttpClient(nameof(HeraldClient))
            .AddTypedClient((http, sp) => new HeraldClient(http, sp.GetRequiredService<IOptions<HeraldClientOptions>>().Value, sp.GetService<TimeProvider>()));
    }
}
