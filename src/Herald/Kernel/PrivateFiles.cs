namespace Herald.Kernel;

/// <summary>
/// Files only Herald's own user may read (Unix): the database and the key ring hold every secret in
/// some form, and the default umask would leave them readable by every local user. No-ops on Windows,
/// where the directory's ACL governs.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory 0700 if it is missing (an existing one keeps its mode unless <paramref name="restrict"/>).</summary>
    public static void EnsureDirectory(string path, bool restrict)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirectoryMode);
        if (restrict) File.SetUnixFileMode(path, DirectoryMode);
    }

    /// <summary>Creates the file empty with 0600 if it is missing, or restricts an existing one to 0600.</summary>
    public static void EnsureFile(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        if (File.Exists(path))
        {
            Restrict(path);
            return;
        }
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            Restrict(path); // created by someone else in between
        }
    }

    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && File.GetUnixFileMode(path) != FileMode) File.SetUnixFileMode(path, FileMode);
    }

    /// <summary>Copies a file to a new path, created 0600 (a copy must not be readable where its original was not), and flushed to disk.</summary>
    public static void CopyNew(string source, string destination)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        using var from = File.OpenRead(source);
        using var to = new FileStream(destination, options);
        from.CopyTo(to);
        to.Flush(flushToDisk: true);
    }

    /// <summary>Writes <paramref name="path"/> whole or not at all: a 0600 temp file beside it, flushed, then renamed over it.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp); // gone already after the rename
        }
    }
}
