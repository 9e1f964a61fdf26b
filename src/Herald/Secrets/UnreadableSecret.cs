using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Secrets;

/// <summary>
/// A stored secret that Data Protection cannot decrypt any more: the key that encrypted it is not in the
/// key ring (keys/ lost or replaced, dataprotection_keys emptied, a database restored without its ring).
/// Retrying cannot help until the operator restores the ring or replaces the secret, so a send that needs
/// it is recorded as a failed attempt with this cause and follows the retry schedule (it ends as a dead
/// letter), instead of being deferred as an internal error every few seconds for ever.
/// </summary>
public static class UnreadableSecret
{
    /// <summary>The attempt's error code: monitoring counts it and diagnostics names it.</summary>
    public const string Code = "secret-unreadable";

    private const string Cause = "the key ring that encrypted it is not available";

    public const string WebhookError =
        "the endpoint's signing secret cannot be decrypted: " + Cause +
        " (restore the key ring from the backup, or rotate the endpoint's secret)";

    public static string CredentialError(CredentialRecord c) =>
        $"the active {c.Provider} credential '{c.Name}' ({c.Id}) cannot be decrypted: {Cause} " +
        "(restore the key ring from the backup, or upload the credential again and activate it)";

    public const string ProblemTitle = "A stored secret cannot be decrypted";

    /// <summary>The problem detail for an API request that needed a stored secret.</summary>
    public const string ProblemDetail =
        "A secret Herald stored cannot be decrypted: the Data Protection key that encrypted it is not in the key ring " +
        "(SQLite: {DataDirectory}/keys; PostgreSQL: the dataprotection_keys table), e.g. the ring was lost or the database restored without it. " +
        "Restore the key ring from the backup taken with the database, or replace the secret: rotate the endpoint's signing secret " +
        "(POST .../endpoints/{id}/secret/rotate), upload the push credential again, or send a new Idempotency-Key. See docs/OPERATIONS.md, Runbook: key ring lost.";

    /// <summary>
    /// 409, not 500 (nothing is wrong with the request or inside Herald) and not 503 (sending again does not
    /// help until the operator restores the ring or replaces the secret, which the detail says).
    /// </summary>
    public static ProblemHttpResult Problem() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: ProblemTitle, detail: ProblemDetail);
}
