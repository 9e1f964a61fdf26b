using Dapper;

namespace Herald.Storage.Postgres;

public sealed partial class PostgresStore
{
    // Two registrations of one token at once can still meet the unique index; the retry then finds the
    // other's row and moves it.
    public Task UpsertDeviceAsync(DeviceRecord device, CancellationToken ct) =>
        InTransactionAsync<bool>(async (c, tx) =>
        {
            await c.ExecuteAsync(MoveToken, device, tx);
            await c.ExecuteAsync(UpsertDevice, device, tx);
            return true;
        }, ct, IsUniqueViolation);
}
