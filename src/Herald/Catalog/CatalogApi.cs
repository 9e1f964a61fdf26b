
namespace Herald.Catalog;

public static class CatalogApi
{
    /// <summary>The catalog every stage reads: loaded once from the embedded catalog.json, checked on load; its data schemas, built once.</summary>
    public static WebApplicationBuilder AddCatalog(this WebApplicationBuilder builder)
    {
        var catalog = EventCatalog.LoadEmbedded();
        builder.Services.AddSingleton(catalog);
        // Built here, at start: building a schema is the costly part, and a bad one should stop the start.
        builder.Services.AddSingleton(new EventSchemas(catalog));
        return builder;
    }

    public sealed record CatalogView(int Count, IReadOnlyList<CatalogEvent> Events);

    /// <summary>The catalog is public knowledge about Herald, not about any app: no key needed.</summary>
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/catalog", (EventCatalog catalog) => TypedResults.Ok(new CatalogView(catalog.Events.Count, catalog.Events)))
            .WithTags("Catalog").WithName("getCatalog").WithSummary("List the event types Herald accepts");
        return routes;
    }
}
