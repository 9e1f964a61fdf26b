using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Herald.Storage.Sqlite;

/// <summary>
/// One statement of the writer's hot paths (ingest, claim, outcomes), prepared once on the writer connection
/// and reused across transactions, its parameters bound by position. Hand-written over SQLitePCL because
/// Microsoft.Data.Sqlite binds every parameter by name on every execution and allocates a binder per parameter
/// and a boxed value per number: in the webhooks benchmark that was 17 % of all Herald's allocations and a
/// fifth of the time the single writer held the lock (docs/BENCHMARKS.md). Errors surface as the same
/// <see cref="SqliteException"/> Microsoft.Data.Sqlite throws. Only ever used under the writer lock.
/// </summary>
internal sealed class WriterStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private bool _stepped;

    public WriterStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt));
    }

    public WriterStatement Int(int index, long value)
    {
        Ready();
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    public WriterStatement Int(int index, long? value) => value is { } v ? Int(index, v) : Null(index);

    public WriterStatement Real(int index, double value)
    {
        Ready();
        Check(raw.sqlite3_bind_double(_stmt, index, value));
        return this;
    }

    public WriterStatement Text(int index, string? value)
    {
        if (value is null) return Null(index);
        Ready();
        // UTF-8 on the stack (ids, types, names) or in a pooled buffer (bodies); SQLite copies it (SQLITE_TRANSIENT).
        byte[]? rented = null;
        var utf8 = value.Length <= 128 ? stackalloc byte[128 * 3] : (rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length)));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, utf8);
            Check(raw.sqlite3_bind_text(_stmt, index, utf8[..length]));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
        return this;
    }

    public WriterStatement Null(int index)
    {
        Ready();
        Check(raw.sqlite3_bind_null(_stmt, index));
        return this;
    }

    /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) Check(rc);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Steps to the next row: true while there is one. Call <see cref="Reset"/> (or bind again) when done.</summary>
    public bool Read()
    {
        _stepped = true;
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        Reset();
        Check(rc);
        return false;
    }

    public long GetInt64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public int GetInt32(int column) => raw.sqlite3_column_int(_stmt, column);

    public string GetString(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string();

    public string? GetStringOrNull(int column) =>
        raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL ? null : GetString(column);

    /// <summary>Ends the current run so the statement can be bound and run again (bindings are kept until rebound).</summary>
    public void Reset()
    {
        _stepped = false;
        raw.sqlite3_reset(_stmt);
    }

    public void Dispose() => _stmt.Dispose();

    private void Ready()
    {
        if (_stepped) Reset();
    }

    private void Check(int rc)
    {
        if (rc == raw.SQLITE_OK) return;
        throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
    }
}
