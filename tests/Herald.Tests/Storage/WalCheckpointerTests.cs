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
}
