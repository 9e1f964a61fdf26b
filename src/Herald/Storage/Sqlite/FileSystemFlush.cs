using System.Runtime.InteropServices;

namespace Herald.Storage.Sqlite;

/// <summary>
/// Writes the dirty pages of the file system that holds the database to disk (Linux syncfs), through a
/// descriptor of the data directory. Hand-written interop because .NET has no syncfs, and a descriptor of
/// herald.db itself must never be used: closing any descriptor of a file drops every POSIX lock the process
/// holds on it, SQLite's included. A directory is another inode, so its descriptor is safe to close.
/// Elsewhere than Linux, or when the directory cannot be opened, it does nothing.
/// </summary>
internal sealed partial class FileSystemFlush : IDisposable
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY (Linux)
    private int _fd = -1;

    public FileSystemFlush(string? directory)
    {
        if (directory is not null && OperatingSystem.IsLinux()) _fd = Open(directory, ReadOnlyDirectory);
    }

    /// <summary>False when nothing was flushed (not Linux, no directory, or the call failed).</summary>
    public bool Flush() => _fd >= 0 && SyncFs(_fd) == 0;

    public void Dispose()
    {
        if (_fd >= 0) Close(_fd);
        _fd = -1;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static extern int SyncFs(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
