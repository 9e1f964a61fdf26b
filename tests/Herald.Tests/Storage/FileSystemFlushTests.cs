using Herald.Storage.Sqlite;

namespace Herald.Tests.Storage;

/// <summary>The checkpointer's flush beside the writer (syncfs through a descriptor of the data directory).</summary>
public sealed class FileSystemFlushTests
{
    [Fact]
    public void The_data_directory_is_flushed_on_linux()
    {
        var dir = Directory.CreateDirectory(SqliteTestStore.NewDirectory("herald-flush-tests")).FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "dirty"), new byte[64 * 1024]);
            using var flush = new FileSystemFlush(dir);
            Assert.Equal(OperatingSystem.IsLinux(), flush.Flush());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_directory_that_cannot_be_opened_flushes_nothing_and_throws_nothing()
    {
        using var flush = new FileSystemFlush(Path.Combine(Path.GetTempPath(), "herald-flush-missing-" + Guid.NewGuid().ToString("N")));
        Assert.False(flush.Flush());
        using var none = new FileSystemFlush(null);
        Assert.False(none.Flush());
    }
}
