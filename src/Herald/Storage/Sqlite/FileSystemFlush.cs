using System.Runtime.InteropServices;

namespace Herald.Storage.Sqlite;

/// <summary>
/// Writes the dirty pages of the file system that holds the database to disk (Linux syncfs), through a
/// descriptor of the data directory. Hand-written interop because .NET has no syncfs, and a descriptor of
/// herald.db itself must never be used: closing any descriptor of a file drops every POSIX lock the process
/// holds on it, SQLite's included. A directory is another inode, so its descriptor is safe to close.
/// Elsewhere than Linux, or when the directory cannot be opened, it does nothing.
/// </summary>
internal sealed class FileSystemFlush : IDisposable
{
    // O_RDONLY | O_CLOEXEC: the same on every architecture .NET runs on (O_DIRECTORY is not: x86 and arm64 differ).
    private const int ReadOnlyCloseOnExec = 0x80000;
    private int _fd = -1;

    public FileSystemFlush(string? directory)
    {
        if (directory is null || !OperatingSystem.IsLinux()) return;
        try { _fd = Open(directory, ReadOnlyCloseOnExec); }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { } // a libc without them: no flush, as before
    }

    /// <summary>False when nothing was flushed (not Linux, no directory, or the call failed).</summary>
    public bool Flush()
    {
        if (_fd < 0) return false;
        try { return SyncFs(_fd) == 0; }
        catch (EntryPointNotFoundException) { Dispose(); return false; } // syncfs came with glibc 2.14
    }

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
