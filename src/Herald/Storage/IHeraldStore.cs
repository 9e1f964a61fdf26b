namespace Herald.Storage;

/// <summary>
/// The whole store: every area's contract in one, implemented by <see cref="Sqlite.SqliteStore"/> and
/// <see cref="Postgres.PostgresStore"/> over the shared relational core (Relational/), and proven by the
/// compliance suite on both engines. Each area's contract is registered on its own as well, as a forward
/// to the same store, so a caller can ask for only what it uses. Times are unix milliseconds, taken from
/// the caller's TimeProvider so tests control the clock.
/// </summary>
public interface IHeraldStore :
    IStoreAdministration, IAppStore, IEndpointStore, IEventStore, IDeliveryQueue, IDeliveryLog,
    IPushSettingsStore, ICredentialStore, IDeviceStore, IPreferenceStore, IChannelMemberStore, IFanOutStore, IUnreadStore,
    IMonitoringStore, IRetentionStore, IIdempotencyStore, IClusterStore;
