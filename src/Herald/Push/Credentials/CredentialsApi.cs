using System.Data.Common;
using Herald.Apps;
using Herald.Kernel;
using System.Security.Cryptography;
using Herald.Push.Providers;
using Herald.Storage;
using Herald.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Herald.Push.Credentials;

/// <summary>Push credentials ("certificates" in the console): many per platform/provider, exactly one active.</summary>
public static class CredentialsApi
{
    private const int ActiveWriteAttempts = 3;

    public static IEndpointRouteBuilder MapPushCredentials(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/push/credentials").WithTags("Push credentials").RequireApp(KeyScopes.Admin);
        g.MapPost("/", Create).WithName("createCredential").WithSummary("Upload a push credential (validated, encrypted at rest)");
        g.MapGet("/", List).WithName("listCredentials").WithSummary("List the push credentials with their expiry");
        g.MapGet("/{id}", Get).WithName("getCredential").WithSummary("Get a push credential");
        g.MapDelete("/{id}", Delete).WithName("deleteCredential").WithSummary("Delete a push credential");
        g.MapPost("/{id}/activate", Activate).WithName("activateCredential").WithSummary("Make a credential the active one for its platform and provider");
        g.MapPost("/{id}/signing-secret/rotate", RotateSigningSecret).WithName("rotateCredentialSigningSecret")
            .WithSummary("Rotate a custom provider credential's signing secret (shown once; the old one signs too for a grace period)")
            .ProducesProblem(StatusCodes.Status409Conflict); // not a provider that signs, or changed meanwhile
        return routes;
    }

    internal static async Task<Results<Created<CredentialView>, ValidationProblem, ProblemHttpResult>> Create(
        string app, CredentialBody body, IHeraldStore store, CredentialValidator validator, CredentialSecrets secrets,
        ActiveCredentials activeCache, TimeProvider time, Quotas quotas, CancellationToken ct)
    {
        if (await quotas.CredentialsAsync(app, ct) is { } over) return over;
        var errors = new FieldErrors();
        var valid = await validator.ValidateAsync(body, errors, ct);
        if (valid is null) return errors.ToProblem();

        // Without an active credential nothing of this platform/provider is sent, so a new one takes over by default.
        var active = body.Active ?? !(await store.ListCredentialsAsync(app, ct))
            .Any(c => c.Active && c.Platform == valid.Platform && c.Provider == valid.Provider);
        var now = time.GetUtcNow();
        // A provider that signs its requests gets its signing secret now; the answer is the one place it is shown.
        var signingSecret = PushProviders.Find(valid.Provider)?.SignsRequests == true ? WebhookSecrets.Generate() : null;
        var material = signingSecret is null ? valid.Material : valid.Material with { SigningSecrets = [new(signingSecret, null)] };
        var record = new CredentialRecord(
            Ids.New("cred"), app, valid.Name, valid.Platform, valid.Provider, valid.Environment, active, valid.Details,
            secrets.Protect(material), valid.ExpiresAt, now.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
        if (!await TryActiveWriteAsync(() => store.CreateCredentialAsync(record, ct))) return ActivationConflict();
        activeCache.Invalidate(app);
        return TypedResults.Created(ResourcePath.Of("v1", "apps", app, "push", "credentials", record.Id),
            CredentialView.Of(record, now) with { SigningSecret = signingSecret });
    }

    internal static async Task<Ok<CredentialView[]>> List(string app, IHeraldStore store, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok((await store.ListCredentialsAsync(app, ct)).Select(c => CredentialView.Of(c, now)).ToArray());
    }

    private static async Task<Results<Ok<CredentialView>, ProblemHttpResult>> Get(
        string app, string id, IHeraldStore store, TimeProvider time, CancellationToken ct) =>
        await store.GetCredentialAsync(app, id, ct) is { } c ? TypedResults.Ok(CredentialView.Of(c, time.GetUtcNow())) : NotFound(app, id);

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string app, string id, IHeraldStore store, ActiveCredentials activeCache, CancellationToken ct)
    {
        if (!await store.DeleteCredentialAsync(app, id, ct)) return NotFound(app, id);
        activeCache.Invalidate(app);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<CredentialView>, ProblemHttpResult>> Activate(
        string app, string id, IHeraldStore store, ActiveCredentials activeCache, TimeProvider time, CancellationToken ct)
    {
        var found = false;
        if (!await TryActiveWriteAsync(async () => found = await store.ActivateCredentialAsync(app, id, time.GetUtcNow().ToUnixTimeMilliseconds(), ct)))
            return ActivationConflict();
        activeCache.Invalidate(app);
        // Read back after the write: a concurrent activation or delete may already have superseded this one.
        return found && await store.GetCredentialAsync(app, id, ct) is { } c ? TypedResults.Ok(CredentialView.Of(c, time.GetUtcNow())) : NotFound(app, id);
    }

    /// <summary>
    /// A new signing secret for a custom provider credential, shown once in the answer; the replaced ones keep signing
    /// (one more signature in webhook-signature each) until Herald:Webhooks:SecretRotationGrace has passed, as an
    /// endpoint's do, so the gateway can switch to the new secret without refusing a push in between.
    /// </summary>
    internal static async Task<Results<Ok<WebhookEndpointsApi.SecretView>, ValidationProblem, ProblemHttpResult>> RotateSigningSecret(
        string app, string id, WebhookEndpointsApi.RotateBody? body, IHeraldStore store, CredentialSecrets secrets, ActiveCredentials activeCache,
        IOptions<WebhookOptions> options, TimeProvider time, Quotas quotas, CancellationToken ct)
    {
        if (await store.GetCredentialAsync(app, id, ct) is not { } credential) return NotFound(app, id);
        if (PushProviders.Find(credential.Provider) is not { SignsRequests: true })
            return Problems.Conflict($"Credential '{id}' is a {credential.Provider} credential, which signs nothing: only a custom provider's POSTs carry Standard Webhooks signatures.");
        if (body?.Secret is { } given && WebhookSecrets.Decode(given) is null)
            return Problems.Invalid("secret", WebhookEndpointsApi.SecretFormatFix);
        CredentialMaterial material;
        try { material = secrets.Reveal(credential); }
        catch (CryptographicException)
        {
            return Problems.Conflict($"Credential '{id}' cannot be decrypted (its Data Protection key is not in the key ring): restore the key ring, " +
                "or upload the credential again (see docs/OPERATIONS.md, Runbook: key ring lost).");
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (quotas.Secrets("Credential", id, CredentialSigningSecrets.LiveKeys(material, now).Count) is { } over) return over;
        var secret = body?.Secret ?? WebhookSecrets.Generate();
        var rotated = CredentialSigningSecrets.WithNew(material, secret, now, now + (long)options.Value.SecretRotationGraceValue.TotalMilliseconds);
        // UpdatedAt must move (the senders' decrypted copy is keyed by it), even within the millisecond of the last change.
        if (!await store.ReplaceCredentialSecretAsync(app, id, secrets.Protect(rotated), credential.UpdatedAt, Math.Max(now, credential.UpdatedAt + 1), ct))
            return Problems.Conflict($"Credential '{id}' changed (or was deleted) while its secret was rotated; get it and rotate again.");
        activeCache.Invalidate(app);
        return TypedResults.Ok(new WebhookEndpointsApi.SecretView(secret, CredentialSigningSecrets.StillSigning(rotated, now)));
    }

    /// <summary>
    /// The one-active index can refuse a write when another activation commits first on an engine that runs
    /// writers side by side; the write only ever needs the latest state, so it is simply run again.
    /// </summary>
    private static async Task<bool> TryActiveWriteAsync(Func<Task> write)
    {
        for (var attempt = 1; attempt <= ActiveWriteAttempts; attempt++)
        {
            try
            {
                await write();
                return true;
            }
            catch (DbException ex) when (IsUniqueViolation(ex))
            {
            }
        }
        return false;
    }

    private static bool IsUniqueViolation(DbException ex) =>
        ex.SqlState == "23505" || ex is SqliteException { SqliteExtendedErrorCode: 2067 /* SQLITE_CONSTRAINT_UNIQUE */ };

    private static ProblemHttpResult ActivationConflict() =>
        Problems.Conflict("Another activation of this platform/provider ran at the same time; list the credentials and try again.");

    private static ProblemHttpResult NotFound(string app, string id) =>
        Problems.NotFound($"Credential '{id}' was not found in app '{app}'. List them with GET /v1/apps/{app}/push/credentials.");
}
