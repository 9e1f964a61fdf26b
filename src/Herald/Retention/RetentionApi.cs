using Herald.Apps;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Retention;

public static class RetentionApi
{
    public sealed record SweepView(long DeliveryRows, long Events, long MonitoringRows, long IdempotencyKeys, long UnreadRows, string Reclaimed, double ElapsedMs);

    /// <summary>
    /// POST /v1/retention/sweep (root key): a sweep now rather than at the next interval, e.g. after freeing a
    /// full disk or to see what a sweep does; waits for one already under way, then runs and reports.
    /// </summary>
    public static IEndpointRouteBuilder MapRetention(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/retention").WithTags("Retention").RequireRoot()
            .MapPost("/sweep", SweepNow)
            .WithName("sweepRetention").WithSummary("Run the retention sweep now and report what it deleted");
        return routes;
    }

    private static async Task<Ok<SweepView>> SweepNow(RetentionSweeper sweeper, CancellationToken ct)
    {
        var r = await sweeper.SweepAsync(ct);
        return TypedResults.Ok(new SweepView(r.DeliveryRows, r.Events, r.MonitoringRows, r.IdempotencyKeys, r.UnreadRows, r.Reclaimed, Math.Round(r.Elapsed.TotalMilliseconds, 1)));
    }
}
