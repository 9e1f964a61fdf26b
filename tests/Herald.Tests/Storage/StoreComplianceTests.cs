using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>
/// The store contract's semantics, written once and run against every engine (each test on a fresh,
/// empty store). A new store member gets its test here, so SQLite and PostgreSQL cannot drift apart.
/// </summary>
public abstract partial class StoreComplianceTests : IAsyncLifetime
{
    protected IHeraldStore Store { get; private set; } = null!;
    protected const string App = "app1";
    protected const long T0 = 1_700_000_000_000;

    /// <summary>A new, migrated store on an empty database.</summary>
    protected abstract Task<IHeraldStore> CreateStoreAsync();
    protected abstract Task DestroyStoreAsync(IHeraldStore store);
    /// <summary>A second store on the same database, as after a restart (an IHeraldStore; disposed by the test).</summary>
    protected abstract Task<IAsyncDisposable> OpenAgainAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.CreateAppAsync(new AppRecord(App, "App one", "us", T0), default);
    }

    public Task DisposeAsync() => DestroyStoreAsync(Store);

    protected static EndpointRecord Endpoint(string id, string app = App, string[]? types = null, int rate = 0) =>
        new(id, app, $"https://example.test/{id}", "", types ?? [], true, rate, null, null, null, T0, T0);

    protected static EndpointSecretRecord Secret(string endpointId, byte b = 1, long created = T0) => new(endpointId, [b, 2, 3], created, null);

    protected async Task AddEndpointAsync(string id, string[]? types = null) =>
        await Store.CreateEndpointAsync(Endpoint(id, types: types), Secret(id), default);

    protected static NewEvent Event(string id, long at = T0, string type = "message.created", string? sender = "u1", MembershipChange? member = null,
        params string[] endpoints) =>
        new(id, type, 1, sender, at, $"{{\"id\":\"{id}\"}}", endpoints.Select(e => new NewDelivery($"msg_{id}_{e}", e)).ToList(), member);

    protected Task<IReadOnlyList<IngestResult>> IngestAsync(params NewEvent[] events) => Store.IngestAsync(App, events, default);

    protected Task<IReadOnlyList<DeliverySummary>> ListAsync(string? status = null, string? endpointId = null, string? uid = null, string? type = null,
        long? before = null, int limit = 100, string? kind = null, string? provider = null) =>
        Store.ListDeliveriesAsync(App, new DeliveryQuery(status, endpointId, uid, type, before, limit, kind, provider), default);

    protected static DeliveryOutcome Ok(long seq, long now, int attempt = 1) =>
        new(seq, OutcomeKind.Succeeded, now, null, new AttemptRecord(attempt, now, 12.5, 200, "succeeded", null, "ok"), null);

    protected static DeliveryOutcome Retry(long seq, long now, long next) =>
        new(seq, OutcomeKind.Retry, now, next, new AttemptRecord(1, now, 3, 500, "failed", "HTTP 500", "boom"), "HTTP 500");
}
