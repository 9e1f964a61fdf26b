using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Herald.Apps;
using Herald.Kernel;
using Herald.Push.Credentials;
using Herald.Push.Providers;
using Herald.Push.Templates;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Push.Devices;

/// <summary>
/// A user's devices, registered by the product's backend when the user logs in on one and removed on
/// logout. Users are not a resource of Herald's: a uid with no devices (or another app's uid) lists empty.
/// </summary>
public static class DevicesApi
{
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record DeviceBody(
        [property: Required, ClosedSet(typeof(DeviceRules), nameof(DeviceRules.Platforms))] string? Platform,
        [property: Required, ClosedSet(typeof(DeviceRules), nameof(DeviceRules.Providers))] string? Provider,
        [property: Required] string? Token, string? Locale,
        [property: ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Environments))] string? Environment);

    public sealed record DeviceView(
        string DeviceId, string Uid, string Platform, string Provider, string Token, string? Locale, string Environment,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public const int MaxIdLength = 200;
    public const int MaxTokenLength = 4096;

    public static IEndpointRouteBuilder MapDevices(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/users/{uid}/devices").WithTags("Devices").RequireApp(KeyScopes.Admin);
        g.MapGet("/", List).WithName("listDevices").WithSummary("List a user's devices");
        g.MapPut("/{deviceId}", Register).WithName("registerDevice").WithSummary("Register or update a user's device");
        g.MapDelete("/{deviceId}", Unregister).WithName("unregisterDevice").WithSummary("Remove a user's device");
        return routes;
    }

    internal static DeviceView View(DeviceRecord d) => new(
        d.DeviceId, d.Uid, d.Platform, d.Provider, d.Token, d.Locale, d.Environment,
        DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(d.UpdatedAt));

    /// <summary>Route ids: 1-200 printable characters.</summary>
    internal static bool IsId(string? id) => id is { Length: > 0 and <= MaxIdLength } && !string.IsNullOrWhiteSpace(id) && !id.Any(char.IsControl);

    internal const string IdFix = "Use 1-200 printable characters (URL-encode anything outside letters and digits).";

    internal static async Task<Results<Ok<DeviceView[]>, ValidationProblem>> List(string app, string uid, IHeraldStore store, CancellationToken ct)
    {
        if (!IsId(uid)) return Problems.Invalid("uid", IdFix);
        var devices = await store.ListDevicesAsync(app, [uid], ct);
        return TypedResults.Ok(devices.OrderBy(d => d.CreatedAt).ThenBy(d => d.DeviceId, StringComparer.Ordinal).Select(View).ToArray());
    }

    /// <summary>201 when the device is new to this user, 200 when it replaces the user's registration of that device id.</summary>
    private static async Task<Results<Created<DeviceView>, Ok<DeviceView>, ValidationProblem>> Register(
        string app, string uid, string deviceId, DeviceBody body, IHeraldStore store, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!IsId(uid)) errors.Add("uid", IdFix);
        if (!IsId(deviceId)) errors.Add("deviceId", IdFix);
        var token = DeviceRules.Check(body, errors);
        if (errors.Any) return errors.ToProblem();

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var existing = await store.GetDeviceAsync(app, deviceId, ct);
        var mine = existing is not null && existing.Uid == uid;
        var record = new DeviceRecord(app, uid, deviceId, body.Platform!, body.Provider!, token!,
            body.Locale?.Replace('_', '-'), body.Environment ?? "production", mine ? existing!.CreatedAt : now, now);
        await store.UpsertDeviceAsync(record, ct);
        var view = View(await store.GetDeviceAsync(app, deviceId, ct) ?? record);
        return mine ? TypedResults.Ok(view) : TypedResults.Created(ResourcePath.Of("v1", "apps", app, "users", uid, "devices", deviceId), view);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unregister(
        string app, string uid, string deviceId, IHeraldStore store, CancellationToken ct) =>
        await store.DeleteDeviceAsync(app, uid, deviceId, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Device '{deviceId}' of user '{uid}' was not found in app '{app}'. List the user's devices with GET /v1/apps/{app}/users/{uid}/devices.");
}

/// <summary>A device registration's checks: which providers serve which platforms (<see cref="IProviderTargets"/>), and each provider's tokens.</summary>
internal static class DeviceRules
{
    public static readonly string[] Platforms = ["ios", "android", "web"];
    public static string[] Providers => [.. PushProviders.DeviceProviders.Select(p => p.Name)];

    /// <summary>Adds the body's errors; returns the token as stored (as the provider keeps it, so one token is one row).</summary>
    public static string? Check(DevicesApi.DeviceBody b, FieldErrors errors)
    {
        if (b.Platform is null || !Platforms.Contains(b.Platform))
            errors.Add("platform", $"Use one of: {string.Join(", ", Platforms)}.");
        var provider = PushProviders.DeviceProviders.FirstOrDefault(p => p.Name == b.Provider);
        if (provider is null)
            errors.Add("provider", $"Use one of: {string.Join(", ", PushProviders.DeviceProviders.Select(p => p.DeviceHint))}.");
        else if (b.Platform is "ios" or "android" or "web" && !provider.DevicePlatforms.Contains(b.Platform))
            errors.Add("provider", $"'{b.Provider}' does not serve '{b.Platform}' devices; it serves {string.Join(", ", provider.DevicePlatforms)}. " +
                $"Use {PushProviders.OneOf(PushProviders.DeviceProviders.Where(p => p.DevicePlatforms.Contains(b.Platform)).Select(p => p.Name))} for {PlatformName(b.Platform)}.");
        if (b.Environment is not (null or "sandbox" or "production"))
            errors.Add("environment", "Use 'production' (App Store, TestFlight, release builds; the default) or 'sandbox' (development builds).");
        if (b.Locale is not null && !TemplateRenderer.IsLanguageTag(b.Locale))
            errors.Add("locale", "Use a BCP 47 language tag such as 'fr' or 'pt-BR', or leave it out.");
        if (string.IsNullOrEmpty(b.Token))
        {
            errors.Add("token", "Give the device's push token, as the provider's SDK returned it.");
            return null;
        }
        return provider is null ? DeviceTokens.CheckPrintable(b.Token, errors) : provider.CheckToken(b.Token, errors);
    }

    private static string PlatformName(string platform) => platform switch { "ios" => "iOS", "web" => "web", _ => "Android" };
}
