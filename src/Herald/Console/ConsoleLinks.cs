using Herald.Catalog;

namespace Herald.WebConsole;

/// <summary>Where in the console a diagnostic's fix is made: its API path (Finding.FixAt) turned into a page and anchor.</summary>
public static class ConsoleLinks
{
    public static (string Href, string Label) FixLink(string app, string fixAt, EventCatalog catalog)
    {
        var baseUrl = $"{ConsoleServices.BasePath}/{Uri.EscapeDataString(app)}";
        var prefix = $"/v1/apps/{app}";
        var path = fixAt.StartsWith(prefix, StringComparison.Ordinal) ? fixAt[prefix.Length..] : fixAt;
        var parts = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["push", "settings", ..] => ($"{baseUrl}/push#master", "Open the master toggle"),
            ["push", "credentials", var id, ..] => ($"{baseUrl}/push#cred-{id}", "Open in Certificates"),
            ["push", "credentials", ..] => ($"{baseUrl}/push#certificates", "Open Certificates"),
            ["push", "events", var type, ..] => ($"{baseUrl}/push?tab={catalog.Find(type)?.Tab ?? "chat"}#events", $"Open {TabName(catalog.Find(type)?.Tab)}"),
            ["endpoints", var id, ..] => ($"{baseUrl}/webhooks#ep-{id}", "Open the endpoint"),
            ["deliveries", ..] => ($"{baseUrl}/deliveries{(path.Contains('?', StringComparison.Ordinal) ? path[path.IndexOf('?', StringComparison.Ordinal)..] : "")}", "Open the deliveries"),
            _ => ($"{baseUrl}/deliveries", "Open the deliveries"),
        };
    }

    public static string TabName(string? tab) => tab switch { "community" => "Community Events", "livestream" => "Live Stream Events", _ => "Chat Events" };
}
