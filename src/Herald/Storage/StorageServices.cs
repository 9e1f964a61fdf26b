using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Npgsql;

namespace Herald.Storage;

public static class StorageServices
{
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
        Forward<IMonitoringStore>(services);
        Forward<IRetentionStore>(services);
        Forward<IIdempotencyStore>(services);
        Forward<IClusterStore>(services);
        return services;
    }

    private static void Forward<TContract>(IServiceCollection services) where TContract : class =>
        services.AddSingleton(sp => (TContract)sp.GetRequiredService<IHeraldStore>());
}
