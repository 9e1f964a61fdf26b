using Herald.Apps;
using Herald.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Herald.Hosting;

/// <summary>
/// Runs before the server accepts requests (hosted services start in order, and this one is added
/// first): migrate the store and settle the root key. Once listening, prints where Herald is and,
/// on the first start of a data directory, the generated admin key.
/// </summary>
internal sealed partial class StartupTasks(
    IHeraldStore store, RootKey rootKey, IServer server, IHostApplicationLifetime lifetime, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await store.MigrateAsync(ct);
        await rootKey.InitializeAsync(ct);
        // Printed at once, right after its hash is stored: if start-up failed later, a key shown only
        // in the banner would be lost for good (later starts never show it again).
        if (rootKey.GeneratedKey is { } key)
        {
            Console.WriteLine();
            Console.WriteLine($"  Root admin key (shown once, only its hash is stored): {key}");
            Console.WriteLine("  Keep it safe; to replace it set Herald__AdminKey.");
        }
        lifetime.ApplicationStarted.Register(PrintBanner);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private void PrintBanner()
    {
        var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = urls.FirstOrDefault() ?? "(no address)";
        LogListening(logger, string.Join(", ", urls));
        // Console, not only the log: this is what a person starting Herald needs to see.
        Console.WriteLine();
        Console.WriteLine($"  Herald is running at {url}");
        Console.WriteLine($"  API: {url}/v1   OpenAPI: {url}/openapi/v1.json   Health: {url}/healthz");
        Console.WriteLine(rootKey.GeneratedKey is null
            ? "  Root admin key: as configured (Herald:AdminKey) or as printed on the first start of this data directory."
            : "  Root admin key: printed above (first start of this data directory).");
        Console.WriteLine();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Herald listening on {Urls}")]
    private static partial void LogListening(ILogger logger, string urls);
}
