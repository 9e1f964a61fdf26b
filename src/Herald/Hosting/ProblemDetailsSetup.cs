using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Herald.Hosting;

public static class ProblemDetailsSetup
{
    /// <summary>Problem details for every error, 401/404/405 and body-binding errors included.</summary>
    public static IServiceCollection AddHeraldProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
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

    /// <summary>Turns malformed JSON, wrong types and oversized bodies into a 4xx that names the cause.</summary>
    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (exception is not BadHttpRequestException bad) return false;
            var detail = bad.InnerException switch
            {
                JsonException json => $"The JSON body could not be read: {json.Message} Send a JSON object with the documented fields.",
                _ when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
                _ => bad.Message,
            };
            http.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = { Status = bad.StatusCode, Title = "The request is not valid", Detail = detail },
            });
        }
    }
}
