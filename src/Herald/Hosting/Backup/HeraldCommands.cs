using Herald.Kernel;
using Herald.Secrets;
using Herald.Storage;
using Herald.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Herald.Hosting.Backup;

/// <summary>
/// The verbs of the Herald executable that run instead of the server (<c>herald backup</c>, <c>herald restore</c>).
/// They read the server's own configuration (appsettings, environment, the rest of the command line), so they
/// find the same database and key ring the server uses.
/// </summary>
public static class HeraldCommands
{
    public static bool Matches(string[] args) => args is [BackupCommand.Verb or RestoreCommand.Verb, ..];

    /// <summary>Runs the verb (<paramref name="args"/> start with it); returns the exit code: 0 done, 1 failed or refused, 2 misused.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time) => args[0] == BackupCommand.Verb
        ? BackupCommand.Run(args[1..], output, error, time)
        : RestoreCommand.Run(args[1..], output, error);

    /// <summary>The value of <paramref name="option"/> (<c>--to DIR</c> or <c>--to=DIR</c>) and the other arguments, which are configuration.</summary>
    internal static bool TryParse(string[] args, string option, out string value, out string[] rest)
    {
        value = "";
        rest = [];
        var others = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h") return false;
            if (args[i] == option && i + 1 < args.Length) value = args[++i];
            else if (args[i].StartsWith(option + "=", StringComparison.Ordinal)) value = args[i][(option.Length + 1)..];
            else others.Add(args[i]);
        }
        rest = [.. others];
        return value.Length > 0;
    }

    /// <summary>
    /// Where the server keeps its database and key ring, from its own configuration sources in its order
    /// (the same call the server makes; building it starts nothing). Null, with the reason written, on PostgreSQL.
    /// </summary>
    internal static DataFiles? Locate(string[] configurationArgs, TextWriter error)
    {
        var configuration = WebApplication.CreateBuilder(configurationArgs).Configuration;
        if (StorageOptions.UsesPostgres(configuration))
        {
            error.WriteLine("Herald:Storage:Provider is Postgres: back up and restore the database with pg_dump and pg_restore (or pg_basebackup), " +
                            "as docs/OPERATIONS.md \"Backup and restore\" shows; the key ring is in the database, so the dump carries it. " +
                            "These commands handle SQLite only.");
            return null;
        }
        var herald = configuration.GetSection(HeraldOptions.Section).Get<HeraldOptions>() ?? new HeraldOptions();
        var connection = new SqliteConnectionStringBuilder(SqliteStore.ConfiguredConnectionString(herald, configuration));
        return new DataFiles(Path.GetFullPath(connection.DataSource), Path.Combine(Path.GetFullPath(herald.DataDirectory), "keys"),
            configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions());
    }

    internal static bool HasKeys(string directory) => Directory.Exists(directory) && Directory.GetFiles(directory, "*.xml").Length > 0;

    /// <summary>Copies the key files into a new 0700 directory, each 0600; returns how many.</summary>
    internal static int CopyKeys(string from, string to)
    {
        PrivateFiles.EnsureDirectory(to, restrict: true);
        var files = Directory.GetFiles(from, "*.xml");
        foreach (var file in files) PrivateFiles.CopyNew(file, Path.Combine(to, Path.GetFileName(file)));
        return files.Length;
    }

    /// <summary>The copy's schema version, after SQLite's quick_check passed on it.</summary>
    internal static long Check(string database)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        var check = (string)command.ExecuteScalar()!;
        if (check != "ok") throw new InvalidDataException($"{database} fails SQLite's quick_check: {check}");
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Removes what a failed command wrote, so that running it again finds things as they were.</summary>
    internal static void Remove(string database, string keys)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(database + suffix);
        if (Directory.Exists(keys)) Directory.Delete(keys, recursive: true);
    }

    internal static string Reason(Exception ex) =>
        ex.Message + (ex is UnauthorizedAccessException or SqliteException { SqliteErrorCode: 14 } ? " (run it as Herald's own user: the files are 0600)" : "");

    internal static bool Expected(Exception ex) => ex is SqliteException or IOException or UnauthorizedAccessException or InvalidDataException;
}

/// <summary>A SQLite node's state: the database file and the key ring directory, and what protects the ring.</summary>
internal sealed record DataFiles(string Database, string Keys, KeyRingOptions KeyRing)
{
    public string Protection => KeyRing.UsesKey ? "Herald:KeyRing:Key" : KeyRing.UsesCertificate ? "Herald:KeyRing:Certificate" : "";
}
