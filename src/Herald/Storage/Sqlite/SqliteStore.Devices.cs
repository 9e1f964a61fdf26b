using Dapper;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task UpsertDeviceAsync(DeviceRecord device, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            c.Execute(MoveToken, device, tx);
            c.Execute(UpsertDevice, device, tx);
        }, ct);
}
