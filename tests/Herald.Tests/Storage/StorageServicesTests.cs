using Herald.Hosting;
using Herald.Kernel;
using Herald.Storage;
using Herald.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Herald.Tests.Storage;

/// <summary>Every area's contract resolves to the one store, so callers that ask for a part share its writer queue or data source.</summary>
public sealed class StorageServicesTests
{
    private static readonly Type[] Contracts =
    [
        typeof(IStoreAdministration), typeof(IAppStore), typeof(IEndpointStore), typeof(IEventStore), typeof(IDeliveryQueue), typeof(IDeliveryLog),
        typeof(IPushSettingsStore), typeof(ICredentialStore), typeof(IDeviceStore), typeof(IPreferenceStore), typeof(IChannelMemberStore),
        typeof(IFanOutStore), typeof(IUnreadStore), typeof(IMonitoringStore), typeof(IRetentionStore), typeof(IIdempotencyStore), typeof(IClusterStore),
    ];

    private static ServiceProvider Build(bool postgres, string? connectionString = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Herald"] = connectionString }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddSingleton<StorageSpace>();
        services.AddOptions<HeraldOptions>().Configure(o => o.DataDirectory = SqliteTestStore.NewDirectory("herald-storage-services"));
        services.AddOptions<StorageOptions>();
        services.AddHeraldStore(configuration, postgres);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Each_contract_is_the_one_sqlite_store()
    {
        await using var provider = Build(postgres: false, connectionString: "Data Source=:memory:");
        var store = provider.GetRequiredService<IHeraldStore>();
        Assert.All(Contracts, contract => Assert.Same(store, provider.GetRequiredService(contract)));
        Assert.Equal(Contracts.Length, typeof(IHeraldStore).GetInterfaces().Length);
    }

    [Fact]
    public async Task With_postgres_the_store_uses_the_data_source_the_container_owns()
    {
        await using var provider = Build(postgres: true, connectionString: "Host=127.0.0.1;Port=1;Username=nobody");
        var store = provider.GetRequiredService<IHeraldStore>();
        Assert.IsType<PostgresStore>(store);
        Assert.All(Contracts, contract => Assert.Same(store, provider.GetRequiredService(contract)));
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
        await ((PostgresStore)store).DisposeAsync(); // the store does not dispose what it was given
        // Nothing listens on port 1: the open fails on the connection, not on a disposed data source.
        var refused = await Xunit.Record.ExceptionAsync(() => dataSource.OpenConnectionAsync().AsTask());
        Assert.NotNull(refused);
        Assert.IsNotType<ObjectDisposedException>(refused);
    }
}
