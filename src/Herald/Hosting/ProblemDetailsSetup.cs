using System.Text.Json;
using Herald.Secrets;
using Herald.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace Herald.Hosting;

public static class ProblemDetailsSetup
{
    /// <summary>Problem details for every error, 401/404/405 and body-binding errors included.</summary>
    public static IServiceCollection AddHeraldProblemDetails(this IServiceCollection services)
    {
        // Answers the framework writes itself (no route, wrong method, wrong media type) get a detail too.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => $"No API route matches {c.HttpContext.Request.Method} {c.HttpContext.Request.Path}; the routes are listed in /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => $"{c.HttpContext.Request.Method} is not allowed on {c.HttpContext.Request.Path}; see /openapi/v1.json for its methods.",
            StatusCodes.Status415UnsupportedMediaType => "Content-Type: send the body as JSON with 'Content-Type: application/json'.",
            _ => null,
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Before the unavailable handler: Npgsql calls disk_full (53100) transient too, but its fix is not "wait".
        services.AddExceptionHandler<DiskFullExceptionHandler>();
        services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        services.AddExceptionHandler<UnreadableSecretExceptionHandler>();
        // Binding errors throw, so the handler below can say which field was wrong instead of a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseHeraldProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// The database's disk is full (<see cref="StorageSpace"/>): 507 Insufficient Storage with Retry-After, for
    /// every API write, ingest first. Retryable, since the transaction was rolled back and nothing of the
    /// request was kept, and 507 rather than the outage's 503 so a client or an operator can tell the two
    /// apart; the detail says what the operator must do, as nothing gets better by waiting alone.
    /// </summary>
    private sealed class DiskFullExceptionHandler(IProblemDetailsService problems, StorageSpace space) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (!space.Report(exception)) return false;
            http.Response.StatusCode = StatusCodes.Status507InsufficientStorage;
            http.Response.Headers.RetryAfter = StorageSpace.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails =
                {
                    Status = StatusCodes.Status507InsufficientStorage,
                    Title = "The database's disk is full",
                    Detail = $"Herald's database cannot grow because its disk is full, so nothing of this request was stored; " +
                             $"send it again later (Retry-After). The operator must {space.Fix}.",
                },
            });
        }
    }

    /// <summary>
    /// The database is down or restarting (a PostgreSQL failover, a network cut): 503 with Retry-After,
    /// so clients retry rather than treating it as a bug; nothing of the request was kept.
    /// </summary>
    private sealed class StoreUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (exception is not Npgsql.NpgsqlException { IsTransient: true } && exception.InnerException is not Npgsql.NpgsqlException { IsTransient: true })
                return false;
            http.Response.Headers.RetryAfter = "1";
            return await WriteAsync(problems, http, exception, StatusCodes.Status503ServiceUnavailable, "The database is unavailable",
                "Herald cannot reach its database right now, so nothing of this request was stored; send it again in a moment.");
        }
    }

    /// <summary>
    /// A stored secret that does not decrypt where no handler expected it (replaying an Idempotency-Key's
    /// answer): its Data Protection key is gone from the key ring. The same 409 as <see cref="UnreadableSecret.Problem"/>.
    /// </summary>
    private sealed class UnreadableSecretExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (exception is not System.Security.Cryptography.CryptographicException) return false;
            return await WriteAsync(problems, http, exception, StatusCodes.Status409Conflict, UnreadableSecret.ProblemTitle, UnreadableSecret.ProblemDetail);
        }
    }

    /// <summary>The problem answer of a handled exception: status, title and the detail that names cause and fix.</summary>
    private static ValueTask<bool> WriteAsync(IProblemDetailsService problems, HttpContext http, Exception exception, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>Turns malformed JSON, wrong types and oversized bodies into a 4xx that names the cause.</summary>
    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (exception is not BadHttpRequestException bad) return false;
            string? field = null, fix;
            if (bad.InnerException is JsonException json)
            {
                // Name the field as the API does ("enabled", "eventTypes[2]"), never .NET type names.
                field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
                // A syntax error surfaces as a JsonException wrapping the reader's own JsonException.
                var malformed = json.InnerException is JsonException;
                fix = malformed
                    ? $"The body is not valid JSON here ({json.InnerException!.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}); send a JSON object with the documented fields."
                    : json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                    ? "Unknown field; remove it (the fields are listed in /openapi/v1.json)."
                    : field is null
                        ? "The body is not valid JSON; send a JSON object with the documented fields."
                        : "This value has the wrong type (for example text where a number or true/false is expected).";
                field ??= "body";
            }
            else (field, fix) = BindingErrors.Explain(bad);
            http.Response.StatusCode = bad.StatusCode;
            var context = new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = { Status = bad.StatusCode, Title = "The request is not valid", Detail = field is null ? fix : $"{field}: {fix}" },
            };
            if (field is not null) context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [fix] };
            return await problems.TryWriteAsync(context);
        }
    }
}
