using Herald.Storage.Relational;

namespace Herald.Storage.Postgres;

/// <summary>PostgreSQL's spelling: booleans, arrays with ANY, "C" collation for byte order, row locks, and NOTIFY.</summary>
public sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override string Literal(bool value) => value ? "true" : "false";
    public override object Flag(bool value) => value;
    public override string IsSet(string column) => column;
    public override string Ordinal(string column) => $"{column} COLLATE \"C\"";
    public override string NullableText(string parameter) => $"{parameter}::text";
    public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";
    public override string ListRows(string parameter) => $"SELECT unnest({parameter}) AS v";
    public override object List(IEnumerable<string> values) => values.ToArray();
    public override string ForUpdate => " FOR UPDATE";
    public override string WakeWorkers => "; NOTIFY " + PostgresStore.WorkChannel;
}
