using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Events;

public static class CatalogApi
{
    public sealed record CatalogView(int Count, IReadOnlyList<CatalogEvent> Events);

    /// <summary>The catalog is public knowledge about Herald, not about any app: no key needed.</summary>
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/catalog", (EventCatalog catalog) => TypedResults.Ok(new CatalogView(catalog.Events.Count, catalog.Events)))
            .WithTags("Catalog").WithName("getCatalog").WithSummary("List the event types Herald accepts");
        return routes;
    }
}
