using Herald.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Herald.Tests.Storage;

/// <summary>
/// Which database errors mean "the disk is full" (and so a 507 with Retry-After, /readyz not ready), on both
/// engines; PostgreSQL's cannot be produced cheaply for real, so its 53100 is checked here.
/// The real thing on SQLite, a full tmpfs, is Process/DiskFullTests.cs.
/// </summary>
public sealed class DiskFullMappingTests
{
    [Fact]
    public void Postgres_disk_full_is_disk_full_and_other_resource_errors_are_not()
    {
        Assert.True(StorageSpace.IsDiskFull(Postgres("53100")));
        Assert.True(StorageSpace.IsDiskFull(new InvalidOperationException("wrapped", Postgres("53100"))));
        Assert.False(StorageSpace.IsDiskFull(Postgres("53200"))); // out_of_memory
        Assert.False(StorageSpace.IsDiskFull(Postgres("53300"))); // too_many_connections
        Assert.False(StorageSpace.IsDiskFull(Postgres("57P01"))); // admin_shutdown: the outage's 503
    }

    [Fact]
    public void Sqlite_full_and_a_shm_that_cannot_grow_are_disk_full()
    {
        Assert.True(StorageSpace.IsDiskFull(new SqliteException("database or disk is full", 13, 13)));
        Assert.True(StorageSpace.IsDiskFull(new SqliteException("disk I/O error", 10, SQLitePCL.raw.SQLITE_IOERR_SHMSIZE)));
        Assert.False(StorageSpace.IsDiskFull(new SqliteException("disk I/O error", 10, SQLitePCL.raw.SQLITE_IOERR_READ)));
        Assert.False(StorageSpace.IsDiskFull(new SqliteException("constraint failed", 19, 2067)));
        Assert.False(StorageSpace.IsDiskFull(new IOException("No space left on device"))); // not the database's
    }

    [Fact]
    public void The_state_changes_once_per_transition()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var space = new StorageSpace(time, NullLogger<StorageSpace>.Instance);
        Assert.False(space.Report(Postgres("57P01")));
        Assert.False(space.IsFull);
        Assert.True(space.Report(Postgres("53100")));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(space.Report(Postgres("53100")));
        Assert.Equal(DateTimeOffset.Parse("2026-12-07T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), space.FullSince); // the first failure, not the latest
        space.Recovered();
        Assert.False(space.IsFull);
        Assert.Null(space.FullSince);
    }

    private static PostgresException Postgres(string sqlState) => new("test", "ERROR", "ERROR", sqlState);
}
