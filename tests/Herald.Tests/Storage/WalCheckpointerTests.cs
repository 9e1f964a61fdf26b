using Herald.Storage;
using Herald.Storage.Sqlite;

namespace Herald.Tests.Storage;

/// <summary>The WAL is copied back into the database file beside the writer, not only when it reaches the 64 MB backstop.</summary>
public sealed class WalCheckpointerTests : IAsyncLifetime
{
    private readonly string _dir = SqliteTestStore.NewDirectory("herald-wal-tests");
    private SqliteStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteTestStore.CreateAsync(_dir);

    public Task DisposeAsync() => SqliteTestStore.DestroyAsync(_store, _dir);

    [Fact]
    public async Task Committed_writes_reach_the_database_file_within_a_second_while_the_wal_is_far_below_the_backstop()
    {
        var db = Path.Combine(_dir, "herald.db");
        await _store.CreateAppAsync(new AppRecord("walapp", "WAL", "eu", 0), default);
        await Task.Delay(500); // the schema and the app reach the file first
        var before = new FileInfo(db).Length;
        var payload = new string('x', 2_000);
        for (var batch = 0; batch < 4; batch++)
            await _store.IngestAsync("walapp", Enumerable.Range(0, 250).Select(i => new NewEvent($"e{batch}-{i}", "message.created", 1, null, 1, payload, [])).ToList(), default);
        var wal = new FileInfo(db + "-wal").Length;
        Assert.True(wal < WalCheckpointer.BackstopPages * 4096L / 4, $"WAL {wal} bytes");

        // 1,000 events of 2 KB: about 2 MB more in the database file once checkpointed.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (new FileInfo(db).Length < before + 1_500_000 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(new FileInfo(db).Length >= before + 1_500_000, $"database file {new FileInfo(db).Length} bytes, was {before}");
    }

    [Fact]
    public async Task Under_steady_writes_the_wal_starts_over_past_the_restart_mark_long_before_the_writers_backstop()
    {
        await _store.CreateAppAsync(new AppRecord("walapp", "WAL", "eu", 0), default);
        var payload = new string('y', 2_000);
        long framesWritten = 0, previous = 0, highest = 0;
        var restarts = 0;
        // About 2.5 restart marks' worth of frames at a steady pace, as the soak's 2,000 events/s write them (a batch is
        // ~30 frames of 4 KB, one every few ms): the gaps are shorter than a checkpoint's fsyncs, so a checkpoint
        // beside the writer never finds every frame copied, and only the writer's own backstop checkpoint would start
        // the WAL over, at 16,384 frames.
        for (var batch = 0; framesWritten < WalCheckpointer.RestartFrames * 5L / 2; batch++)
        {
            await _store.IngestAsync("walapp", Enumerable.Range(0, 50).Select(i => new NewEvent($"r{batch}-{i}", "message.created", 1, null, 1, payload, [])).ToList(), default);
            var frames = WalFrames();
            if (frames < previous) restarts++;
            framesWritten += Math.Max(0, frames < previous ? frames : frames - previous);
            highest = Math.Max(highest, frames);
            previous = frames;
            await Task.Delay(5);
        }
        Assert.True(restarts >= 1, $"the WAL never started over ({framesWritten} frames written, {highest} at most)");
        Assert.True(highest < WalCheckpointer.BackstopPages, $"the WAL reached {highest} frames: the writer's own checkpoint, not the catch-up, restarted it");
    }

    /// <summary>
    /// Frames in the WAL now: mxFrame of the wal-index header, bytes 16-19 of the -shm file (native order; sqlite.org/walformat.html).
    /// Read without a connection, so the test itself never checkpoints.
    /// </summary>
    private long WalFrames()
    {
        using var shm = new FileStream(Path.Combine(_dir, "herald.db-shm"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> header = stackalloc byte[20];
        shm.ReadExactly(header);
        return BitConverter.ToUInt32(header[16..]);
    }
}
