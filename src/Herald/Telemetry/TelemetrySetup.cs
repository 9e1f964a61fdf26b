using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Herald.Telemetry;

/// <summary>
/// OpenTelemetry for Herald: its meter with the ASP.NET Core and runtime instruments, served to
/// Prometheus at /metrics (Herald:Monitoring:MetricsEnabled, default on), and, only when an OTLP
/// endpoint is configured, metrics, traces and logs pushed to it. Without an OTLP endpoint no tracer is
/// registered at all: spans nobody exports would be pure cost on every request and delivery.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsEnabledKey = "Herald:Monitoring:MetricsEnabled";
    public const string OtlpEndpointKey = "Herald:Monitoring:OtlpEndpoint";
    public const string MetricsPath = "/metrics";

    /// <summary>What AddHeraldTelemetry decided, for MapHeraldMetrics.</summary>
    internal sealed record TelemetrySettings(bool MetricsEnabled, Uri? OtlpEndpoint);

    public static WebApplicationBuilder AddHeraldTelemetry(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var settings = new TelemetrySettings(MetricsEnabled(config), OtlpEndpoint(config));
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton(settings);
        services.AddSingleton<HeraldMetrics>(); // always: the ingest and delivery code records into it either way
        if (!settings.MetricsEnabled && settings.OtlpEndpoint is null) return builder;

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["OTEL_SERVICE_NAME"] ?? "herald",
                serviceVersion: typeof(HeraldMetrics).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(m =>
            {
                m.AddMeter(HeraldMetrics.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                // OpenTelemetry.Exporter.Prometheus.AspNetCore is a beta (1.20.1-beta.1, the only version there is):
                // its output follows the still-experimental OTel↔Prometheus spec, so names may change with it.
                if (settings.MetricsEnabled) m.AddPrometheusExporter();
            });
        if (settings.OtlpEndpoint is { } endpoint)
        {
            otel.WithTracing(t => t.AddSource(HeraldTracing.SourceName).AddAspNetCoreInstrumentation(o => o.Filter = Traced));
            otel.UseOtlpExporter(OtlpProtocol(config), endpoint);
        }
        return builder;
    }

    /// <summary>/metrics, unauthenticated as Prometheus expects: firewall it (docs/OPERATIONS.md). 404 when turned off.</summary>
    public static WebApplication MapHeraldMetrics(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TelemetrySettings>().MetricsEnabled)
            app.MapPrometheusScrapingEndpoint(MetricsPath).DisableHttpMetrics(); // scrapes are not traffic
        return app;
    }

    // Probes and scrapes every few seconds would drown the traces that matter.
    private static bool Traced(HttpContext http) =>
        !http.Request.Path.StartsWithSegments(MetricsPath) && !http.Request.Path.StartsWithSegments("/healthz")
        && !http.Request.Path.StartsWithSegments("/readyz");

    private static bool MetricsEnabled(IConfiguration config)
    {
        var raw = config[MetricsEnabledKey];
        if (string.IsNullOrWhiteSpace(raw)) return true;
        return bool.TryParse(raw, out var on) ? on
            : throw new InvalidOperationException($"{MetricsEnabledKey} must be true or false, not '{raw}'.");
    }

    /// <summary>Herald's own key first, else the standard OTEL_EXPORTER_OTLP_ENDPOINT (environment variables are configuration too).</summary>
    private static Uri? OtlpEndpoint(IConfiguration config)
    {
        var (key, raw) = config[OtlpEndpointKey] is { Length: > 0 } own ? (OtlpEndpointKey, own) : ("OTEL_EXPORTER_OTLP_ENDPOINT", config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (string.IsNullOrWhiteSpace(raw)) return null;
        return Uri.TryCreate(raw, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
            : throw new InvalidOperationException($"{key} must be an http(s) URL such as http://otel-collector:4317, not '{raw}'.");
    }

    /// <summary>OTEL_EXPORTER_OTLP_PROTOCOL as the standard defines it: grpc (default, port 4317) or http/protobuf (4318).</summary>
    private static OtlpExportProtocol OtlpProtocol(IConfiguration config) => config["OTEL_EXPORTER_OTLP_PROTOCOL"] switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        var other => throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_PROTOCOL must be grpc or http/protobuf, not '{other}'."),
    };
}
