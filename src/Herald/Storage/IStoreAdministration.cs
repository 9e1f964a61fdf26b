namespace Herald.Storage;

/// <summary>The store itself: its schema, whether it answers and has room, its settings (meta) and its size in rows.</summary>
public interface IStoreAdministration
{
    Task MigrateAsync(CancellationToken ct);
    Task<bool> PingAsync(CancellationToken ct);
    /// <summary>
    /// Whether the database's disk has room again after a write failed for lack of it (<see cref="StorageSpace"/>):
    /// asked only while that state holds, so it may cost a write.
    /// </summary>
    Task<bool> HasRoomAsync(CancellationToken ct);

    Task<string?> GetMetaAsync(string key, CancellationToken ct);
    /// <summary>Sets the value only when the key is absent; returns the value that is stored afterwards.</summary>
    Task<string> SetMetaIfAbsentAsync(string key, string value, CancellationToken ct);

    Task<StoreCounts> CountAsync(CancellationToken ct);
}

public sealed record StoreCounts(long Apps, long Events, long Endpoints, long Deliveries);
