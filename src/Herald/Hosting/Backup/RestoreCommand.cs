using Herald.Kernel;
namespace Herald.Hosting.Backup;

/// <summary>
/// <c>herald restore --from DIR</c>: puts a backup made by <c>herald backup</c> where the server's configuration
/// expects its database and key ring. It only ever writes into an empty place: a database already there (Herald
/// running, or data not yet moved aside) is refused, so a restore cannot overwrite anything.
/// </summary>
public static class RestoreCommand
{
    public const string Verb = "restore";
    private const string Usage =
        "Usage: herald restore --from DIR [configuration, as the server takes it: --Herald:DataDirectory=...]\n" +
        "With Herald stopped, copies a backup (DIR/herald.db and DIR/keys/) into the configured data directory, which must hold no database or key ring.";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (!HeraldCommands.TryParse(args, "--from", out var from, out var rest))
        {
            error.WriteLine(Usage);
            return 2;
        }
        if (HeraldCommands.Locate(rest, error) is not { } files) return 2;
        var backup = Path.GetFullPath(from);
        var backupDatabase = Path.Combine(backup, "herald.db");
        var backupKeys = Path.Combine(backup, "keys");
        if (Refusal(files, backupDatabase, backupKeys) is { } refusal)
        {
            error.WriteLine(refusal);
            return 1;
        }

        try
        {
            PrivateFiles.EnsureDirectory(Path.GetDirectoryName(files.Database)!, restrict: false);
            PrivateFiles.CopyNew(backupDatabase, files.Database);
            var keyCount = HeraldCommands.CopyKeys(backupKeys, files.Keys);
            // The copy is checked, not the backup: SQLite opening a file may write beside it, and the backup stays as it was.
            var schema = HeraldCommands.Check(files.Database);
            output.WriteLine($"Restored {backup}:");
            output.WriteLine($"  {files.Database}  schema version {schema}, quick_check ok");
            output.WriteLine($"  {files.Keys}{Path.DirectorySeparatorChar}  {keyCount} key file(s)");
            output.WriteLine("Start Herald with the Herald:KeyRing settings it had when the backup was taken: " +
                             "everything accepted after that moment is not in it, and deliveries then pending are sent again (same webhook-id).");
            return 0;
        }
        catch (Exception ex) when (HeraldCommands.Expected(ex))
        {
            HeraldCommands.Remove(files.Database, files.Keys); // both were absent or empty before
            error.WriteLine($"Restore failed, nothing left in place: {HeraldCommands.Reason(ex)}");
            return 1;
        }
    }

    private static string? Refusal(DataFiles files, string backupDatabase, string backupKeys)
    {
        if (!File.Exists(backupDatabase) || !HeraldCommands.HasKeys(backupKeys))
            return $"{Path.GetDirectoryName(backupDatabase)} is not a Herald backup: it needs herald.db and keys/ with the key files, as `herald backup` writes them.";
        if (File.Exists(files.Database) || File.Exists(files.Database + "-wal"))
            return $"There is a database at {files.Database} already: stop Herald and move its data directory aside (keep it until the restored one runs), then restore.";
        if (Directory.Exists(files.Keys) && Directory.EnumerateFileSystemEntries(files.Keys).Any())
            return $"There is a key ring at {files.Keys} already: move the data directory aside, then restore.";
        return null;
    }
}
