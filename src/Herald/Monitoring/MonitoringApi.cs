using System.Text.Json.Serialization;
using Herald.Apps;
using Herald.Catalog;
using Herald.Kernel;
using Herald.Push;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Monitoring;

public static class MonitoringApi
{
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record MonitoringSettingsBody(string[]? IntendedEventTypes);
    public sealed record MonitoringSettingsView(IReadOnlyList<string>? IntendedEventTypes, IReadOnlyList<string> EffectiveIntendedEventTypes);
    public sealed record DiagnosticsView(DateTimeOffset CheckedAt, string Window, IReadOnlyList<Finding> Findings);

    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}").WithTags("Monitoring").RequireApp(KeyScopes.Admin);
        g.MapGet("/monitoring", Summary).WithName("getMonitoring").WithSummary("The four delivery metrics with their state and hint");
        g.MapGet("/monitoring/series", SeriesOf).WithName("getMonitoringSeries").WithSummary("The metrics over time, for charts");
        g.MapGet("/monitoring/settings", GetSettings).WithName("getMonitoringSettings").WithSummary("Get the event types the app means to send");
        g.MapPut("/monitoring/settings", PutSettings).WithName("setMonitoringSettings").WithSummary("Set the event types the app means to send");
        g.MapGet("/diagnostics", RunDiagnostics).WithName("getDiagnostics").WithSummary("What is wrong, its cause and its fix");
        return routes;
    }

    private static string Choices(IEnumerable<string> keys) => string.Join(", ", keys);

    private static async Task<Results<Ok<MonitoringReport>, ValidationProblem>> Summary(
        string app, MonitoringSummary summary, CancellationToken ct, string? window = null)
    {
        window ??= "24h";
        if (!MonitoringWindow.Windows.ContainsKey(window)) return Problems.Invalid("window", $"Use one of: {Choices(MonitoringWindow.Windows.Keys)}.");
        return TypedResults.Ok(await summary.ComputeAsync(app, window, ct));
    }

    private static async Task<Results<Ok<SeriesReport>, ValidationProblem>> SeriesOf(
        string app, MonitoringSeries series, CancellationToken ct, string? metric = null, string? window = null, string? step = null)
    {
        var errors = new FieldErrors();
        window ??= "24h";
        if (metric is null || !MonitoringSeries.Metrics.Contains(metric)) errors.Add("metric", $"Use one of: {Choices(MonitoringSeries.Metrics)}.");
        if (!MonitoringWindow.Windows.TryGetValue(window, out var span)) errors.Add("window", $"Use one of: {Choices(MonitoringWindow.Windows.Keys)}.");
        step ??= window == "1h" ? "1m" : window == "24h" ? "15m" : "1h";
        if (!MonitoringWindow.Steps.TryGetValue(step, out var stepSpan)) errors.Add("step", $"Use one of: {Choices(MonitoringWindow.Steps.Keys)}.");
        else if (span > TimeSpan.Zero && span / stepSpan > MonitoringWindow.MaxPoints)
            errors.Add("step", $"{window} in steps of {step} is more than {MonitoringWindow.MaxPoints} points; use a longer step.");
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await series.ComputeAsync(app, metric!, window, step, ct));
    }

    private static async Task<Ok<MonitoringSettingsView>> GetSettings(string app, PushSettingsCache cache, MonitoringSummary summary, CancellationToken ct)
    {
        var (settings, _) = await cache.GetAsync(app, ct);
        return TypedResults.Ok(new MonitoringSettingsView(settings.IntendedEventTypes, (await summary.IntendedAsync(app, settings, ct)).Intended));
    }

    private static async Task<Results<Ok<MonitoringSettingsView>, ValidationProblem>> PutSettings(
        string app, MonitoringSettingsBody body, IHeraldStore store, PushSettingsCache cache, MonitoringSummary summary, EventCatalog catalog,
        TimeProvider time, CancellationToken ct)
    {
        if (body.IntendedEventTypes is { } types)
            for (var i = 0; i < types.Length; i++)
                if (catalog.Find(types[i]) is not { Internal: false })
                    return Problems.Invalid($"intendedEventTypes[{i}]", $"'{types[i]}' is not an event type that can notify; known types: {catalog.KnownTypesText}.");
        var current = await store.GetPushSettingsAsync(app, ct) ?? PushSettings.Default;
        // null (or leaving the field out) goes back to the default: every type of the categories the app uses.
        var updated = current with { IntendedEventTypes = body.IntendedEventTypes?.Distinct(StringComparer.Ordinal).ToList() };
        await store.SavePushSettingsAsync(app, updated, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        cache.Invalidate(app);
        return TypedResults.Ok(new MonitoringSettingsView(updated.IntendedEventTypes, (await summary.IntendedAsync(app, updated, ct)).Intended));
    }

    private static async Task<Ok<DiagnosticsView>> RunDiagnostics(string app, Diagnostics diagnostics, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(new DiagnosticsView(time.GetUtcNow(), "24h", await diagnostics.RunAsync(app, ct)));
}
