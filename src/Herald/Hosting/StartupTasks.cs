using Herald.Apps;
using Herald.Secrets;
using Herald.Storage;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Herald.Hosting;

/// <summary>
/// Runs before the server accepts requests (hosted services start in order, and this one is added
/// first): migrate the store, protect the key ring and settle the root key. Once listening, prints where Herald is and,
/// on the first start of a data directory, the generated admin key.
/// </summary>
internal sealed partial class StartupTasks(
    IHeraldStore store, KeyRingProtection keyRing, RootKey rootKey, IKeyManager keys, TimeProvider time, IServer server, IHostApplicationLifetime lifetime,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await store.MigrateAsync(ct);
        // Before anything reads the key ring (the first key below, then every decryption): keys stored
        // unencrypted are encrypted now, or the ring's lack of protection is logged.
        keyRing.ProtectStoredKeys();
        await EnsureFirstKeyAsync(ct);
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

    /// <summary>
    /// The first Data Protection key is made once for all nodes: left to the first encryption, two
    /// nodes starting together would each make one and, until their key rings refresh (a day), could
    /// not read each other's secrets. Later keys are made two days before they take over, which is
    /// how Data Protection lets every node of a farm see them first.
    /// </summary>
    private Task EnsureFirstKeyAsync(CancellationToken ct) =>
        store.GetOrRefreshSharedValueAsync("dataprotection/first-key", time.GetUtcNow().ToUnixTimeMilliseconds(), long.MaxValue, _ =>
        {
            var now = time.GetUtcNow();
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ExpirationDate > now)) keys.CreateNewKey(now, now.AddDays(90));
            return "made";
        }, ct);

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
