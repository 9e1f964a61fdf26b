using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Herald.Storage;

/// <summary>The store: SQLite (one node) or PostgreSQL (N nodes), chosen by Herald:Storage:Provider, and its readiness check.</summary>
public static class StorageServices
{
    /// <summary>The store, its options (checked on start), the disk-space state, and /readyz's check.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<StorageSpace>();
        var postgres = StorageOptions.UsesPostgres(builder.Configuration);
        services.AddHeraldStore(builder.Configuration, postgres);
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// The store of the configured engine, as <see cref="IHeraldStore"/> and as each area's contract: every
    /// registration forwards to the one singleton, so a caller that asks for <see cref="IDeliveryQueue"/> and
    /// one that asks for <see cref="IHeraldStore"/> share the same writer queue (SQLite) or data source (PostgreSQL).
    /// With PostgreSQL the <see cref="NpgsqlDataSource"/> is a service of its own, shared by the store, the work
    /// listener and the Data Protection key ring, and disposed by the container.
    /// </summary>
    public static IServiceCollection AddHeraldStore(this IServiceCollection services, IConfiguration configuration, bool postgres)
    {
        if (postgres)
        {
            // A missing connection string is refused with its own message by the options validation at start.
            services.AddNpgsqlDataSource(configuration.GetConnectionString("Herald") ?? "", b => b.Name = "herald");
            services.AddSingleton<PostgresStore>();
            services.AddSingleton<IHeraldStore>(sp => sp.GetRequiredService<PostgresStore>());
        }
        else
        {
            services.AddSingleton<SqliteStore>();
            services.AddSingleton<IHeraldStore>(sp => sp.GetRequiredService<SqliteStore>());
        }
        Forward<IStoreAdministration>(services);
        Forward<IAppStore>(services);
        Forward<IEndpointStore>(services);
        Forward<IEventStore>(services);
        Forward<IDeliveryQueue>(services);
        Forward<IDeliveryLog>(services);
        Forward<IPushSettingsStore>(services);
        Forward<ICredentialStore>(services);
        Forward<IDeviceStore>(services);
        Forward<IPreferenceStore>(services);
        Forward<IChannelMemberStore>(services);
        Forward<IFanOutStore>(services);
        Forward<IUnreadStore>(services);
        Forward<IMonitoringStore>(services);
        Forward<IRetentionStore>(services);
        Forward<IIdempotencyStore>(services);
        Forward<IClusterStore>(services);
        return services;
    }

    private static void Forward<TContract>(IServiceCollection services) where TContract : class =>
        services.AddSingleton(sp => (TContract)sp.GetRequiredService<IHeraldStore>());

    /// <summary>/readyz: the database answers, with room to write.</summary>
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
