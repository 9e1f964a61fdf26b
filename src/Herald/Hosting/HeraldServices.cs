using Herald.Apps;
using Herald.Delivery;
using Herald.Events;
using Herald.Hosting.KeyRing;
using Herald.Storage;
using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Herald.Webhooks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Herald.Hosting;

/// <summary>The AddX() calls Program.cs lists, one per feature.</summary>
public static class HeraldServices
{
    public static WebApplicationBuilder AddHeraldCore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // First of all hosted services (they start in order): the schema must exist before anything,
        // Data Protection's own start-up included, reads the key ring from PostgreSQL.
        services.AddHostedService<StartupTasks>();
        services.AddOptions<HeraldOptions>().BindConfiguration(HeraldOptions.Section).ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateOnStart();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, HeraldOptionsValidator>();
        services.AddSingleton<IValidateOptions<IngestOptions>, HeraldOptionsValidator>();
        services.AddSingleton<IValidateOptions<ApiOptions>, HeraldOptionsValidator>();
        services.AddSingleton<IValidateOptions<WebhookOptions>, HeraldOptionsValidator>();
        // Kestrel's own limits, from the same options: no body larger than the largest Herald accepts
        // (an ingest batch), and none trickled slower than the minimum rate.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>, IOptions<IngestOptions>>((kestrel, api, ingest) =>
        {
            kestrel.Limits.MaxRequestBodySize = Math.Max(api.Value.MaxJsonBodyBytes, ingest.Value.MaxBatchBytes);
            kestrel.Limits.MinRequestBodyDataRate = api.Value.MinRequestBodyBytesPerSecond == 0 ? null
                : new MinDataRate(api.Value.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5));
        });
        services.AddSingleton<IValidateOptions<DeliveryOptions>, HeraldOptionsValidator>();
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>().AddSingleton<Quotas>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StorageSpace>();
        var postgres = StorageOptions.IsPostgres(builder.Configuration[$"{StorageOptions.Section}:Provider"]);
        services.AddHeraldStore(builder.Configuration, postgres);

        // Secrets at rest are encrypted with Data Protection; its key ring's place and protection are in KeyRing/.
        services.AddHeraldKeyRing(builder.Configuration, postgres);

        services.AddHeraldProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi(OpenApiContract.Configure);
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        // After StartupTasks (hosted services start in order), so the schema is in place.
        if (postgres) services.AddHostedService<PostgresWorkListener>();
        return builder;
    }

    public static WebApplicationBuilder AddApps(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RootKey>().AddSingleton<KeyAuthenticator>().AddSingleton<AppDirectory>().AddSingleton<IdempotentRequests>();
        return builder;
    }

    public static WebApplicationBuilder AddEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(EventCatalog.LoadEmbedded()).AddSingleton<EventParser>().AddSingleton<Ingestor>();
        return builder;
    }

    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<INameResolver, DnsNameResolver>();
        services.AddSingleton<UrlGuard>().AddSingleton<WebhookSecrets>().AddSingleton<EndpointRegistry>();
        // Rate limits hold per node with one node (SQLite), across all nodes with PostgreSQL.
        if (StorageOptions.IsPostgres(builder.Configuration[$"{StorageOptions.Section}:Provider"]))
            services.AddSingleton<IEndpointRateGate, SharedRateGate>();
        else
            services.AddSingleton<IEndpointRateGate, LocalRateGate>();
        services.AddHttpClient(WebhookSender.ClientName)
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

    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeliverySignal>().AddSingleton<RetryPolicy>().AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<DeliveryDispatcher>();
        // The host must wait for the dispatcher's own shutdown grace, and for releasing what is left, before it gives up.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<DeliveryOptions>>((host, delivery) =>
        {
            var needed = delivery.Value.ShutdownTimeoutValue + TimeSpan.FromSeconds(5);
            if (host.ShutdownTimeout < needed) host.ShutdownTimeout = needed;
        });
        return builder;
    }

    /// <summary>
    /// /healthz: the process answers. /readyz: and its database does, with room to write. A healthy /readyz
    /// says just "Healthy"; otherwise each failing check's reason follows, one line each ("store: ...").
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = (http, report) =>
            {
                http.Response.ContentType = "text/plain; charset=utf-8";
                var text = report.Status.ToString();
                foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
                    text += $"\n{name}: {entry.Description}";
                return http.Response.WriteAsync(text);
            },
        });
        return app;
    }

    private sealed class StoreHealthCheck(IHeraldStore store, StorageSpace space) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                if (!await store.PingAsync(ct)) return HealthCheckResult.Unhealthy("database gave a wrong answer");
                // Not ready while full: new work would be refused (507). Asking the store here is also how the
                // state ends when nothing else writes, e.g. a load balancer took this node out meanwhile.
                if (space.FullSince is { } since)
                {
                    if (!await store.HasRoomAsync(ct))
                        return HealthCheckResult.Unhealthy($"disk full since {since:u}: the database cannot grow, API writes answer 507; {space.Fix}");
                    space.Recovered();
                }
                return HealthCheckResult.Healthy("database answers");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("database unreachable", ex);
            }
        }
    }
}
