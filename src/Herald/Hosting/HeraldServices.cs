using Herald.Apps;
using Herald.Kernel;
using Herald.Secrets;
using Herald.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Herald.Hosting;

/// <summary>What every feature stands on (options of the host, Kestrel limits, the clock, the key ring, problem details, OpenAPI) and the health endpoints.</summary>
public static class HeraldServices
{
    public static WebApplicationBuilder AddHeraldCore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // First of all hosted services (they start in order): the schema must exist before anything,
        // Data Protection's own start-up included, reads the key ring from PostgreSQL.
        services.AddHostedService<StartupTasks>();
        services.AddOptions<HeraldOptions>().BindConfiguration(HeraldOptions.Section).ValidateOnStart();
        // Kestrel's own limits, from the same options: no body larger than the largest Herald accepts
        // (an ingest batch), and none trickled slower than the minimum rate.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>, IOptions<IngestOptions>>((kestrel, api, ingest) =>
        {
            kestrel.Limits.MaxRequestBodySize = Math.Max(api.Value.MaxJsonBodyBytes, ingest.Value.MaxBatchBytes);
            kestrel.Limits.MinRequestBodyDataRate = api.Value.MinRequestBodyBytesPerSecond == 0 ? null
                : new MinDataRate(api.Value.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5));
        });
        services.AddSingleton(TimeProvider.System);

        // Secrets at rest are encrypted with Data Protection; its key ring's place and protection are in Secrets/.
        services.AddHeraldKeyRing(builder.Configuration, StorageOptions.UsesPostgres(builder.Configuration));

        services.AddHeraldProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi(OpenApiContract.Configure);
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


}
