using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Herald.Storage;

/// <summary>The store: SQLite (one node) or PostgreSQL (N nodes), chosen by Herald:Storage:Provider, and its readiness check.</summary>
public static class StorageServices
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<StorageSpace>();
        var postgres = StorageOptions.IsPostgres(builder.Configuration[$"{StorageOptions.Section}:Provider"]);
        if (postgres)
        {
            services.AddSingleton<PostgresStore>();
            services.AddSingleton<IHeraldStore>(sp => sp.GetRequiredService<PostgresStore>());
        }
        else
        {
            services.AddSingleton<SqliteStore>();
            services.AddSingleton<IHeraldStore>(sp => sp.GetRequiredService<SqliteStore>());
        }
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        // After StartupTasks (hosted services start in order), so the schema is in place.
        if (postgres) services.AddHostedService<PostgresWorkListener>();
        return builder;
    }

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
