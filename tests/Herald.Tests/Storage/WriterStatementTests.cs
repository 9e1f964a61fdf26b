using Herald.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Herald.Tests.Storage;

/// <summary>The writer's hand-bound statements store exactly what Microsoft.Data.Sqlite would have stored.</summary>
public sealed class WriterStatementTests : IDisposable
{
    private readonly SqliteConnection _db = new("Data Source=:memory:");

    public WriterStatementTests()
    {
        _db.Open();
        using var create = _db.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n INTEGER, r REAL)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("")] // empty text, not NULL (SQLite stores NULL when handed a null pointer)
    [InlineData("msg_0192f3c2-7a1b-7c3d-8e4f-a1b2c3d4e5f6")]
    [InlineData("é, 中文 and 🎉")] // multi-byte UTF-8 on the stack path
    public void Text_is_stored_as_the_same_text(string value) => Assert.Equal(value, RoundTrip(value));

    [Fact]
    public void Long_text_goes_through_the_pooled_buffer_intact()
    {
        var body = "{\"data\":\"" + string.Concat(Enumerable.Repeat("ünïcödé ", 2_000)) + "\"}";
        Assert.Equal(body, RoundTrip(body));
        Assert.Equal("short after long", RoundTrip("short after long")); // no bytes of the long value left behind
    }

    [Fact]
    public void Null_numbers_and_reals_bind_by_position_and_read_back()
    {
        using var insert = new WriterStatement(_db, "INSERT INTO t(id, s, n, r) VALUES (?1, ?2, ?3, ?4)");
        Assert.Equal(1, insert.Int(1, 7).Text(2, null).Int(3, (long?)null).Real(4, 12.5).Execute());
        Assert.Equal(1, insert.Int(1, 8).Text(2, "x").Int(3, 42L).Real(4, 0.25).Execute()); // reused after Execute reset it

        using var select = new WriterStatement(_db, "SELECT s, n, r FROM t WHERE id = ?1");
        Assert.True(select.Int(1, 7).Read());
        Assert.Null(select.GetStringOrNull(0));
        Assert.True(select.Int(1, 8).Read()); // binding again ends the previous read
        Assert.Equal(("x", 42L), (select.GetString(0), select.GetInt64(1)));
        Assert.False(select.Read());
        select.Reset();
    }

    [Fact]
    public void A_constraint_violation_is_a_SqliteException_and_the_statement_stays_usable()
    {
        using var insert = new WriterStatement(_db, "INSERT INTO t(id, s) VALUES (?1, ?2)");
        insert.Int(1, 1).Text(2, "a").Execute();
        var ex = Assert.Throws<SqliteException>(() => insert.Int(1, 1).Text(2, "b").Execute());
        Assert.Equal(1555, ex.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_PRIMARYKEY
        Assert.Equal(1, insert.Int(1, 2).Text(2, "c").Execute());
    }

    private string? RoundTrip(string value)
    {
        using (var insert = new WriterStatement(_db, "INSERT OR REPLACE INTO t(id, s) VALUES (1, ?1)"))
            insert.Text(1, value).Execute();
        using var read = _db.CreateCommand();
        read.CommandText = "SELECT s, typeof(s) FROM t WHERE id = 1";
        using var r = read.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal("text", r.GetString(1));
        return r.GetString(0);
    }
}
