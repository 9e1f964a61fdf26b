namespace Herald.Storage.Relational;

/// <summary>
/// Where SQLite and PostgreSQL write the same statement differently. The relational core builds its SQL
/// through these, so a statement is written once and each engine only says how it spells a flag, a list
/// parameter or a lock.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>A boolean column's literal: SQLite keeps flags as 0/1 integers, PostgreSQL as boolean.</summary>
    public abstract string Literal(bool value);

    /// <summary>A boolean parameter's value, in the column's type.</summary>
    public abstract object Flag(bool value);

    /// <summary>"column is true" in a WHERE.</summary>
    public abstract string IsSet(string column);

    /// <summary>
    /// The column in byte order for ORDER BY: SQLite's default collation is already binary; PostgreSQL's
    /// follows the database's locale, so it is asked for "C" to list the same order on both.
    /// </summary>
    public abstract string Ordinal(string column);

    /// <summary>A text parameter that may be null where its type cannot be inferred (PostgreSQL needs a cast).</summary>
    public abstract string NullableText(string parameter);

    /// <summary>"column is one of the list": one parameter for any count (SQLite: a JSON array; PostgreSQL: an array).</summary>
    public abstract string InList(string column, string parameter);

    /// <summary>The list parameter as rows of one column, <c>v</c>, to INSERT ... SELECT from (SQLite: json_each; PostgreSQL: unnest).</summary>
    public abstract string ListRows(string parameter);

    /// <summary>The value of a list parameter for <see cref="InList"/>.</summary>
    public abstract object List(IEnumerable<string> values);

    /// <summary>Appended to a SELECT that must lock its row until commit (SQLite's single writer already excludes others).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Appended to a statement that queued work, to wake idle workers on every node ("" where there is one node).</summary>
    public abstract string WakeWorkers { get; }
}
