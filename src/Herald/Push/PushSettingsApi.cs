using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Herald.Apps;
using Herald.Kernel;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Push;

public static class PushSettingsApi
{
    /// <summary>PUT changes the fields given; an absent field keeps its value. "custom": null removes the custom data.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record PushSettingsBody(
        bool? Enabled, bool? IncludeMessageObject, bool? IncludeBadgeCount, JsonElement Custom, ThrottleBody? Throttle, bool? CallsBreakQuietHours,
        bool? MentionsBreakMute);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record ThrottleBody(int? MaxPerWindow, int? WindowSeconds);

    public sealed record ThrottleView(int MaxPerWindow, int WindowSeconds);
    public sealed record PushSettingsView(
        bool Enabled, bool IncludeMessageObject, bool IncludeBadgeCount, JsonElement? Custom, ThrottleView Throttle, bool CallsBreakQuietHours,
        bool MentionsBreakMute);

    public const int MaxCustomBytes = 4096;
    public const int MaxPerWindowLimit = 10_000;
    public const int MaxWindowSeconds = 86_400;

    public static IEndpointRouteBuilder MapPushSettings(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/push/settings").WithTags("Push settings").RequireApp(KeyScopes.Admin);
        g.MapGet("/", Get).WithName("getPushSettings").WithSummary("Get the app's push settings");
        g.MapPut("/", Put).WithName("setPushSettings").WithSummary("Change the push settings (absent fields keep their value)");
        return routes;
    }

    internal static PushSettingsView View(PushSettings s) => new(
        s.Enabled, s.IncludeMessageObject, s.IncludeBadgeCount,
        s.CustomJson is null ? null : JsonDocument.Parse(s.CustomJson).RootElement.Clone(),
        new ThrottleView(s.Throttle.MaxPerWindow, s.Throttle.WindowSeconds), s.CallsBreakQuietHours, s.MentionsBreakMute);

    internal static async Task<Ok<PushSettingsView>> Get(string app, IHeraldStore store, CancellationToken ct) =>
        TypedResults.Ok(View(await store.GetPushSettingsAsync(app, ct) ?? PushSettings.Default));

    internal static async Task<Results<Ok<PushSettingsView>, ValidationProblem>> Put(
        string app, PushSettingsBody body, IHeraldStore store, PushSettingsCache cache, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        string? customJson = null;
        if (!body.Custom.IsAbsent() && !body.Custom.IsNull())
        {
            if (body.Custom.ValueKind != JsonValueKind.Object)
                errors.Add("custom", "Custom data is a JSON object (sent to devices as is), or null to remove it.");
            else if (Encoding.UTF8.GetByteCount(customJson = JsonSerializer.Serialize(body.Custom)) > MaxCustomBytes)
                errors.Add("custom", $"Keep custom data to {MaxCustomBytes / 1024} KB of JSON; push providers refuse large payloads (APNs allows 4 KB in all).");
        }
        if (body.Throttle?.MaxPerWindow is < 0 or > MaxPerWindowLimit)
            errors.Add("throttle.maxPerWindow", $"Use 0 for no throttle, or 1-{MaxPerWindowLimit} pushes per user per window.");
        if (body.Throttle?.WindowSeconds is < 1 or > MaxWindowSeconds)
            errors.Add("throttle.windowSeconds", $"Use a window of 1-{MaxWindowSeconds} seconds (one day).");
        if (errors.Any) return errors.ToProblem();

        var current = await store.GetPushSettingsAsync(app, ct) ?? PushSettings.Default;
        var updated = current with
        {
            Enabled = body.Enabled ?? current.Enabled,
            IncludeMessageObject = body.IncludeMessageObject ?? current.IncludeMessageObject,
            IncludeBadgeCount = body.IncludeBadgeCount ?? current.IncludeBadgeCount,
            CustomJson = body.Custom.IsAbsent() ? current.CustomJson : body.Custom.IsNull() ? null : customJson,
            Throttle = new ThrottleSettings(
                body.Throttle?.MaxPerWindow ?? current.Throttle.MaxPerWindow, body.Throttle?.WindowSeconds ?? current.Throttle.WindowSeconds),
            CallsBreakQuietHours = body.CallsBreakQuietHours ?? current.CallsBreakQuietHours,
            MentionsBreakMute = body.MentionsBreakMute ?? current.MentionsBreakMute,
        };
        await store.SavePushSettingsAsync(app, updated, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        cache.Invalidate(app);
        return TypedResults.Ok(View(updated));
    }
}
