using Herald.Queue;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Webhooks;

/// <summary>Webhook endpoints: their options, the SSRF guard, secrets, the endpoint cache, rate gates and the HTTP client webhooks are sent with.</summary>
public static class WebhookServices
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<INameResolver, DnsNameResolver>();
        services.AddSingleton<UrlGuard>().AddSingleton<WebhookSecrets>().AddSingleton<EndpointRegistry>();
        services.AddSingleton<IEndpointHealth, EndpointHealthTracker>();
        // Rate limits hold per node with one node (SQLite), across all nodes with PostgreSQL.
        if (StorageOptions.UsesPostgres(builder.Configuration))
            services.AddSingleton<IEndpointRateGate, SharedRateGate>();
        else
            services.AddSingleton<IEndpointRateGate, LocalRateGate>();
        services.AddHttpClient(UrlGuard.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5), // picks up DNS changes
                ConnectTimeout = TimeSpan.FromSeconds(10),
                ConnectCallback = sp.GetRequiredService<UrlGuard>().ConnectAsync,
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan) // each attempt has its endpoint's own timeout
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers(); // per-request Information logs would dominate the hot path
        return builder;
    }
}
