using Microsoft.Data.Sqlite;
using System.Text;
using SQLitePCL;

namespace Zsl.Store;

/// <summary>
/// A statement from <c>sql/</c> prepared once and run many times with positional values bound to its
/// parameters in order of first appearance: the fast path for bulk loads. It talks to SQLite directly
/// (SQLitePCLRaw, the library under Microsoft.Data.Sqlite) because Microsoft.Data.Sqlite looks every parameter
/// up by name on every execution, which costs more than the insert itself (measured with dotnet-trace on the
/// WordNet load). It runs inside whatever transaction the connection has open.
/// </summary>
public sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly string _script;
    private byte[] _utf8 = new byte[256];

    public PreparedStatement(SqliteConnection connection, string script, SqliteTransaction? transaction = null)
    {
        _ = transaction; // the statement joins the connection's open transaction; kept so call sites read as they do with ADO.NET
        _script = script;
        _database = connection.Handle ?? throw new InvalidOperationException($"connection for {script} is not open");
        var sql = SqlScripts.Get(script);
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement, out var tail));
        if (_statement.IsInvalid)
            throw new ArgumentException($"sql/{script} holds no statement");
        if (!string.IsNullOrWhiteSpace(StripComments(tail)))
            throw new ArgumentException($"sql/{script} must hold exactly one statement to be prepared, found more: {tail.Trim()[..Math.Min(60, tail.Trim().Length)]}");
        ParameterNames = Enumerable.Range(1, raw.sqlite3_bind_parameter_count(_statement))
            .Select(i => raw.sqlite3_bind_parameter_name(_statement, i).utf8_to_string()).ToArray();
    }

    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Binds <paramref name="values"/> (null, string, integers, double, bool, byte[]) and runs the statement once.</summary>
    public int Execute(params ReadOnlySpan<object?> values)
    {
        if (values.Length != ParameterNames.Count)
            throw new ArgumentException($"sql/{_script} takes {ParameterNames.Count} values ({string.Join(", ", ParameterNames)}), got {values.Length}");
        for (var i = 0; i < values.Length; i++)
        {
            var index = i + 1;
            Check(values[i] switch
            {
                null => raw.sqlite3_bind_null(_statement, index),
                string text => BindText(index, text),
                long number => raw.sqlite3_bind_int64(_statement, index, number),
                int number => raw.sqlite3_bind_int64(_statement, index, number),
                short number => raw.sqlite3_bind_int64(_statement, index, number),
                byte number => raw.sqlite3_bind_int64(_statement, index, number),
                bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
                double real => raw.sqlite3_bind_double(_statement, index, real),
                float real => raw.sqlite3_bind_double(_statement, index, real),
                byte[] blob => raw.sqlite3_bind_blob(_statement, index, blob),
                char letter => raw.sqlite3_bind_text16(_statement, index, new ReadOnlySpan<char>(in letter)),
                var other => throw new ArgumentException($"sql/{_script}: cannot bind a {other.GetType().Name} to {ParameterNames[i]}"),
            });
        }
        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (step != raw.SQLITE_DONE && step != raw.SQLITE_ROW)
            throw new SqliteException($"sql/{_script}: {raw.sqlite3_errstr(step).utf8_to_string()}: {raw.sqlite3_errmsg(_database).utf8_to_string()}", step,
                raw.sqlite3_extended_errcode(_database));
        return raw.sqlite3_changes(_database);
    }

    public void Dispose() => _statement.Dispose();

    // The database stores UTF-8: handing SQLite UTF-16 would make it transcode every value char by char on step;
    // the managed encoder is vectorised (the Wikipedia load spent more time in that transcoding than in the insert).
    private int BindText(int index, string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < max) _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        var length = Encoding.UTF8.GetBytes(text, _utf8);
        return raw.sqlite3_bind_text(_statement, index, new ReadOnlySpan<byte>(_utf8, 0, length));
    }

    private void Check(int code)
    {
        if (code != raw.SQLITE_OK)
            throw new SqliteException($"sql/{_script}: {raw.sqlite3_errmsg(_database).utf8_to_string()}", code, raw.sqlite3_extended_errcode(_database));
    }

    private static string StripComments(string sql)
        => string.Join('\n', sql.Split('\n').Select(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal) ? "" : line));
}
