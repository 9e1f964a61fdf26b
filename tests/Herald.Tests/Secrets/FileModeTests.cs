using Herald.Tests.Support;

namespace Herald.Tests.Secrets;

/// <summary>herald.db (and its WAL) and the key ring are Herald's user's alone: 0600 files, a 0700 keys directory.</summary>
public sealed class FileModeTests
{
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;

    [Fact]
    public async Task The_database_and_the_key_ring_are_created_readable_by_Herald_s_user_only()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var deployment = await Deployment.CreateAsync(Deployment.Sqlite);
        using var herald = deployment.Host();
        var (app, admin) = await herald.CreateAppAsync();
        using (admin) await admin.CreateEndpointAsync(app, new { url = "http://127.0.0.1:9/hook" }); // a secret: the key ring is used

        AssertModes(deployment.DataDirectory, expectWal: true);
    }

    [Fact]
    public async Task A_data_directory_made_readable_by_others_is_tightened_on_start()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var deployment = await Deployment.CreateAsync(Deployment.Sqlite);
        using (var herald = deployment.Host())
        {
            var (app, admin) = await herald.CreateAppAsync();
            using (admin) await admin.CreateEndpointAsync(app, new { url = "http://127.0.0.1:9/hook" });
        }
        const UnixFileMode everyoneReads = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var keys = Path.Combine(deployment.DataDirectory, "keys");
        File.SetUnixFileMode(Path.Combine(deployment.DataDirectory, "herald.db"), everyoneReads);
        File.SetUnixFileMode(keys, PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var f in Directory.EnumerateFiles(keys)) File.SetUnixFileMode(f, everyoneReads);

        using (var herald = deployment.Host())
        {
            _ = herald.Services;
            AssertModes(deployment.DataDirectory, expectWal: false);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertModes(string dataDirectory, bool expectWal)
    {
        var db = Path.Combine(dataDirectory, "herald.db");
        Assert.Equal(Private, File.GetUnixFileMode(db));
        // SQLite gives the WAL and shared-memory files the database file's own mode.
        if (expectWal) Assert.True(File.Exists(db + "-wal"), "the WAL should exist while Herald runs");
        foreach (var suffix in new[] { "-wal", "-shm" })
            if (File.Exists(db + suffix)) Assert.Equal(Private, File.GetUnixFileMode(db + suffix));
        var keys = Path.Combine(dataDirectory, "keys");
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(keys));
        var files = Directory.EnumerateFiles(keys).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(Private, File.GetUnixFileMode(f)));
    }
}
