using System.Globalization;
using Herald.Hosting.KeyRing;
using Herald.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Herald.Hosting.Backup;

/// <summary>
/// <c>herald backup --to DIR</c>: a consistent copy of a SQLite node's database and key ring, taken while
/// Herald runs, into a new directory that can be started as a data directory as it is. It reads the
/// server's own configuration (appsettings, environment, the remaining command line), so it finds the
/// same database and key ring. PostgreSQL is backed up with its own tools (docs/OPERATIONS.md).
/// </summary>
public static class BackupCommand
{
    public const string Verb = "backup";
    private const string Usage =
        "Usage: herald backup --to DIR [configuration, as for the server: --Herald:DataDirectory=...]\n" +
        "Copies the running (or stopped) SQLite database and its key ring into DIR (new or empty): DIR/herald.db and DIR/keys/.";

    public static bool Matches(string[] args) => args is [Verb, ..];

    /// <summary>Runs the verb (<paramref name="args"/> include it); returns the process exit code: 0 done, 1 failed, 2 misused.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        if (!TryParse(args[1..], out var to, out var rest))
        {
            error.WriteLine(Usage);
            return 2;
        }
        // The server's own configuration sources, in its order, from the same call it makes; building it starts nothing.
        var configuration = WebApplication.CreateBuilder(rest).Configuration;
        if (StorageOptions.IsPostgres(configuration[$"{StorageOptions.Section}:Provider"]))
        {
            error.WriteLine("Herald:Storage:Provider is Postgres: back the database up with pg_dump (or pg_basebackup), as docs/OPERATIONS.md " +
                            "\"Backup and restore\" shows; the key ring is in the database, so the dump carries it. This command copies SQLite only.");
            return 2;
        }
        var herald = configuration.GetSection(HeraldOptions.Section).Get<HeraldOptions>() ?? new HeraldOptions();
        var keyRing = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var source = new SqliteConnectionStringBuilder(SqliteStore.ConfiguredConnectionString(herald, configuration))
        {
            Mode = SqliteOpenMode.ReadWrite, // never create an empty database where the real one was expected
            Pooling = false,
        };
        var database = Path.GetFullPath(source.DataSource);
        var keys = Path.Combine(Path.GetFullPath(herald.DataDirectory), "keys");
        var target = Path.GetFullPath(to);
        if (Refusal(database, keys, target) is { } refusal)
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
            CopyDatabase(source.ToString(), copy);
            var databaseTime = time.GetElapsedTime(started);
            // After the database, not before: keys are only ever added (or re-encrypted in place), so every key
            // the copied secrets were encrypted with is already in the folder now; one made meanwhile does no harm.
            PrivateFiles.EnsureDirectory(copiedKeys, restrict: true);
            var keyFiles = Directory.GetFiles(keys, "*.xml");
            foreach (var file in keyFiles) PrivateFiles.CopyNew(file, Path.Combine(copiedKeys, Path.GetFileName(file)));
            var (schema, check) = Inspect(copy);
            if (check != "ok") throw new InvalidDataException($"the copy failed SQLite's quick_check: {check}");

            output.WriteLine($"Backed up {database} and its key ring {keys} in {Seconds(time.GetElapsedTime(started))} (the database {Seconds(databaseTime)}):");
            output.WriteLine($"  {copy}  {Megabytes(new FileInfo(copy).Length)}, schema version {schema}, quick_check ok");
            output.WriteLine($"  {copiedKeys}{Path.DirectorySeparatorChar}  {keyFiles.Length} key file(s)");
            output.WriteLine(keyRing.UsesCertificate || keyRing.UsesKey
                ? "The key ring is encrypted with Herald:KeyRing:" + (keyRing.UsesKey ? "Key" : "Certificate") +
                  ", which is not in the backup: keep it safe apart from it, as without it no stored secret can be read."
                : "The key ring is NOT encrypted (no Herald:KeyRing:Certificate or Key): this backup decrypts every stored secret; keep it as private as the server.");
            output.WriteLine($"Restore: stop Herald, make a copy of {target} its data directory (cp -a; or point Herald:DataDirectory at it), start it.");
            return 0;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Leave the directory as it was found (new or empty), so the same command can simply be run again.
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { copy, copy + "-wal", copy + "-shm", copy + "-journal" }) File.Delete(path);
            if (Directory.Exists(copiedKeys)) Directory.Delete(copiedKeys, recursive: true);
            error.WriteLine($"Backup failed, nothing kept in {target}: {ex.Message}" +
                            (ex is UnauthorizedAccessException or SqliteException { SqliteErrorCode: 14 } ? " (run it as Herald's own user: the files are 0600)" : ""));
            return 1;
        }
    }

    private static bool TryParse(string[] args, out string to, out string[] rest)
    {
        to = "";
        rest = [];
        var others = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h") return false;
            if (args[i] == "--to" && i + 1 < args.Length) to = args[++i];
            else if (args[i].StartsWith("--to=", StringComparison.Ordinal)) to = args[i]["--to=".Length..];
            else others.Add(args[i]);
        }
        rest = [.. others];
        return to.Length > 0;
    }

    /// <summary>Why the backup cannot start, in a sentence with the fix; null when it can.</summary>
    private static string? Refusal(string database, string keys, string target)
    {
        if (!File.Exists(database))
            return $"No Herald database at {database}: set Herald:DataDirectory (or ConnectionStrings:Herald) as the server has it.";
        if (!Directory.Exists(keys) || Directory.GetFiles(keys, "*.xml").Length == 0)
            return $"No key ring at {keys}: a database copied without it cannot decrypt its secrets; set Herald:DataDirectory as the server has it.";
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
    private static void CopyDatabase(string source, string copy)
    {
        PrivateFiles.EnsureFile(copy); // 0600 before SQLite opens it
        using var from = new SqliteConnection(source);
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        from.Open();
        to.Open();
        from.BackupDatabase(to);
    }

    private static (long Schema, string Check) Inspect(string copy)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        var schema = (long)command.ExecuteScalar()!;
        command.CommandText = "PRAGMA quick_check";
        return (schema, (string)command.ExecuteScalar()!);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0 MB", CultureInfo.InvariantCulture);
}
