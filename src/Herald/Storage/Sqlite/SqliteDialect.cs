using System.Text.Json;
using Herald.Storage.Relational;

namespace Herald.Storage.Sqlite;

/// <summary>SQLite's spelling: 0/1 flags, JSON arrays for lists (no limit on variables), no row locks (one writer).</summary>
public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string Literal(bool value) => value ? "1" : "0";
    public override object Flag(bool value) => value ? 1 : 0;
    public override string IsSet(string column) => $"{column} = 1";
    public override string Ordinal(string column) => column;
    public override string NullableText(string parameter) => parameter;
    public override string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";
    public override string ListRows(string parameter) => $"SELECT value AS v FROM json_each({parameter})";
    public override object List(IEnumerable<string> values) => JsonSerializer.Serialize(values);
    public override string ForUpdate => "";
    public override string WakeWorkers => "";
}
