using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Herald.Kernel;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Apps;

public static partial class AppsApi
{
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record CreateApp([property: Required] string? Id, [property: Required] string? Name, [property: ClosedSet(typeof(AppsApi), nameof(Regions))] string? Region);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record CreateKey([property: Required] string? Name, [property: ClosedSet(typeof(KeyScopes), nameof(KeyScopes.All))] string? Scope);

    /// <summary>PATCH changes the settings given; an absent one keeps its value.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record UpdateApp(bool? StrictEventSchemas);

    /// <param name="StrictEventSchemas">
    /// Events whose data does not match their type's schema (GET /v1/catalog, each version's dataSchema) are refused with 400.
    /// </param>
    public sealed record AppView(string Id, string Name, string Region, DateTimeOffset CreatedAt, bool StrictEventSchemas);
    public sealed record KeyView(string Id, string Name, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
    public sealed record CreatedKey(string Id, string Name, string Scope, string Key);

    // \z, not $: "$" also matches before a final newline, and "app\n" would be stored.
    [GeneratedRegex(@"\A[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}\z")]
    internal static partial Regex AppIdPattern();

    internal static readonly string[] Regions = ["us", "eu", "in"];

    public static IEndpointRouteBuilder MapApps(this IEndpointRouteBuilder routes)
    {
        var root = routes.MapGroup("/v1/apps").WithTags("Apps");
        root.MapPost("/", Create).RequireRoot().WithName("createApp").WithSummary("Create an app (root key)")
            .ProducesProblem(StatusCodes.Status409Conflict); // the id is taken
        root.MapGet("/", List).RequireRoot().WithName("listApps").WithSummary("List every app (root key)");

        var app = routes.MapGroup("/v1/apps/{app}").WithTags("Apps").RequireApp(KeyScopes.Admin);
        app.MapGet("/", Get).WithName("getApp").WithSummary("Get an app");
        app.MapPatch("/", Update).WithName("updateApp").WithSummary("Change the app's settings (absent fields keep their value)");
        app.MapPost("/keys", CreateKeyFor).WithName("createKey").WithSummary("Create an API key for the app (shown once)");
        app.MapGet("/keys", ListKeys).WithName("listKeys").WithSummary("List the app's API keys (never the keys themselves)");
        app.MapDelete("/keys/{keyId}", RevokeKey).WithName("revokeKey").WithSummary("Revoke an API key");
        return routes;
    }

    private static AppView View(AppRecord a) => new(a.Id, a.Name, a.Region, DateTimeOffset.FromUnixTimeMilliseconds(a.CreatedAt), a.StrictEventSchemas);

    private static async Task<Results<Created<AppView>, ValidationProblem, ProblemHttpResult>> Create(
        CreateApp body, IHeraldStore store, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body.Id is null || !AppIdPattern().IsMatch(body.Id))
            errors.Add("id", "Give an app id of 1-64 letters, digits, '-' or '_', starting with a letter or digit.");
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200)
            errors.Add("name", "Give the app a name of 1-200 characters.");
        var region = body.Region ?? "us";
        if (!Regions.Contains(region))
            errors.Add("region", $"Use one of: {string.Join(", ", Regions)}.");
        if (errors.Any) return errors.ToProblem();

        var record = new AppRecord(body.Id!, body.Name!.Trim(), region, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!await store.CreateAppAsync(record, ct))
            return Problems.Conflict($"An app with id '{body.Id}' already exists; choose another id.");
        return TypedResults.Created(ResourcePath.Of("v1", "apps", record.Id), View(record));
    }

    private static async Task<Ok<AppView[]>> List(IHeraldStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAppsAsync(ct)).Select(View).ToArray());

    private static async Task<Ok<AppView>> Get(string app, AppDirectory apps, CancellationToken ct) =>
        TypedResults.Ok(View((await apps.FindAsync(app, ct))!));

    private static async Task<Ok<AppView>> Update(string app, UpdateApp body, IHeraldStore store, AppDirectory apps, CancellationToken ct)
    {
        if (body.StrictEventSchemas is { } strict)
        {
            await store.SetStrictEventSchemasAsync(app, strict, ct);
            apps.Forget(app);
        }
        return TypedResults.Ok(View((await apps.FindAsync(app, ct))!));
    }

    private static async Task<Results<Created<CreatedKey>, ValidationProblem, ProblemHttpResult>> CreateKeyFor(
        string app, CreateKey body, IHeraldStore store, TimeProvider time, Quotas quotas, CancellationToken ct)
    {
        if (await quotas.KeysAsync(app, ct) is { } over) return over;
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200) errors.Add("name", "Give the key a name of 1-200 characters (what uses it).");
        if (!KeyScopes.IsValid(body.Scope)) errors.Add("scope", "Use 'admin' (everything in the app) or 'ingest' (post events only).");
        if (errors.Any) return errors.ToProblem();

        var (keyId, key) = ApiKeys.Generate();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await store.CreateApiKeyAsync(new ApiKeyRecord(keyId, app, body.Name!.Trim(), body.Scope!, ApiKeys.Hash(key), now, null), ct);
        // The key is shown once, here; only its hash is kept.
        return TypedResults.Created(ResourcePath.Of("v1", "apps", app, "keys", keyId), new CreatedKey(keyId, body.Name.Trim(), body.Scope!, key));
    }

    private static async Task<Ok<KeyView[]>> ListKeys(string app, IHeraldStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListApiKeysAsync(app, ct)).Select(k => new KeyView(
            k.Id, k.Name, k.Scope, DateTimeOffset.FromUnixTimeMilliseconds(k.CreatedAt),
            k.RevokedAt is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null)).ToArray());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        string app, string keyId, IHeraldStore store, KeyAuthenticator auth, TimeProvider time, CancellationToken ct)
    {
        if (!await store.RevokeApiKeyAsync(app, keyId, time.GetUtcNow().ToUnixTimeMilliseconds(), ct))
            return Problems.NotFound($"Key '{keyId}' was not found in app '{app}' (or is already revoked).");
        auth.Forget(keyId);
        return TypedResults.NoContent();
    }
}
