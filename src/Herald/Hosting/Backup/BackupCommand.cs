using System.Globalization;
using Microsoft.Data.Sqlite;
using Herald.Kernel;

namespace Herald.Hosting.Backup;

/// <summary>
/// <c>herald backup --to DIR</c>: a consistent copy of a SQLite node's database and key ring, taken while
/// Herald runs, into a new or empty directory that can be started as a data directory as it is
/// (DIR/herald.db, DIR/keys/). PostgreSQL is backed up with its own tools (docs/OPERATIONS.md).
/// </summary>
public static class BackupCommand
{
    public const string Verb = "backup";
    private const string Usage =
        "Usage: herald backup --to DIR [configuration, as the server takes it: --Herald:DataDirectory=...]\n" +
        "Copies the SQLite database (while Herald runs, or not) and its key ring into DIR, new or empty: DIR/herald.db and DIR/keys/.";

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        if (!HeraldCommands.TryParse(args, "--to", out var to, out var rest))
        {
            error.WriteLine(Usage);
            return 2;
        }
        if (HeraldCommands.Locate(rest, error) is not { } files) return 2;
        var target = Path.GetFullPath(to);
        if (Refusal(files, target) is { } refusal)
        {
            error.WriteLine(refusal);
            return 1;
        }

        var copy = Path.Combine(target, "herald.db");
        var copiedKeys = Path.Combine(target, "keys");
        try
        {
            PrivateFiles.EnsureDirectory(target, restrict: true);
            var started = time.GetTimestamp();
            CopyDatabase(files.Database, copy);
            var databaseTime = time.GetElapsedTime(started);
            // After the database, not before: keys are only ever added (or re-encrypted in place), so every key
            // the copied secrets were encrypted with is already in the folder now; one made meanwhile does no harm.
            var keyCount = HeraldCommands.CopyKeys(files.Keys, copiedKeys);
            var schema = HeraldCommands.Check(copy);

            output.WriteLine($"Backed up {files.Database} and its key ring {files.Keys} in {Seconds(time.GetElapsedTime(started))} (the database {Seconds(databaseTime)}):");
            output.WriteLine($"  {copy}  {(new FileInfo(copy).Length / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)} MB, schema version {schema}, quick_check ok");
            output.WriteLine($"  {copiedKeys}{Path.DirectorySeparatorChar}  {keyCount} key file(s)");
            output.WriteLine(files.Protection.Length > 0
                ? $"The key ring is encrypted with {files.Protection}, which is not in the backup: keep it safe apart from it, as without it no stored secret can be read."
                : "The key ring is NOT encrypted (no Herald:KeyRing:Certificate or Key): this backup decrypts every stored secret; keep it as private as the server.");
            output.WriteLine($"Restore: stop Herald, then `herald restore --from {target}` into an empty data directory (or make a copy of {target} the data directory), start it.");
            return 0;
        }
        catch (Exception ex) when (HeraldCommands.Expected(ex))
        {
            HeraldCommands.Remove(copy, copiedKeys); // the directory was new or empty: leave it so, ready for another try
            error.WriteLine($"Backup failed, nothing kept in {target}: {HeraldCommands.Reason(ex)}");
            return 1;
        }
    }

    /// <summary>Why the backup cannot start, in a sentence with the fix; null when it can.</summary>
    private static string? Refusal(DataFiles files, string target)
    {
        if (!File.Exists(files.Database))
            return $"No Herald database at {files.Database}: set Herald:DataDirectory (or ConnectionStrings:Herald) as the server has it.";
        if (!HeraldCommands.HasKeys(files.Keys))
            return $"No key ring at {files.Keys}: a database copied without it cannot decrypt its secrets; set Herald:DataDirectory as the server has it.";
        if (File.Exists(target))
            return $"{target} is a file: give a new or empty directory.";
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            return $"{target} is not empty: give a new or empty directory (a backup never overwrites one).";
        return null;
    }

    /// <summary>
    /// One step of SQLite's backup API (Microsoft.Data.Sqlite steps with -1): the whole copy is read in one
    /// read transaction, so it is one consistent moment of the database. In WAL mode that reader does not
    /// block Herald's writer (and Herald's checkpoints are PASSIVE, so they do not wait on it); the WAL only
    /// grows meanwhile. Copying in several steps would not help: a write by another connection between two
    /// steps restarts the backup, so under steady ingest a stepped backup might never finish.
    /// </summary>
    private static void CopyDatabase(string database, string copy)
    {
        PrivateFiles.EnsureFile(copy); // 0600 before SQLite opens it
        // ReadWrite, not ReadWriteCreate: never an empty database where the real one was expected.
        using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        from.Open();
        to.Open();
        from.BackupDatabase(to);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture);
}
