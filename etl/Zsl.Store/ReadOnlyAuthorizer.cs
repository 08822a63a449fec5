using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Zsl.Store;

/// <summary>
/// An SQLite authorizer for users' queries: every statement is checked when it is prepared, before it runs, and
/// anything that could write a database or create a file is refused (ATTACH, VACUUM, writes, schema changes,
/// <c>load_extension</c>, pragmas that set a value). <c>PRAGMA query_only</c> alone refuses writes only when a
/// statement runs, after <c>VACUUM INTO</c> or <c>ATTACH</c> has already created the file.
/// </summary>
public static class ReadOnlyAuthorizer
{
    // Action codes of sqlite3_set_authorizer (https://sqlite.org/c3ref/c_alter_table.html) that only read.
    private const int Pragma = 19, Read = 20, Select = 21, Transaction = 22, Function = 31, Savepoint = 32, Recursive = 33;

    /// <summary>Functions that reach outside the database (extensions are native code that can do anything).</summary>
    private static readonly HashSet<string> DeniedFunctions = new(StringComparer.OrdinalIgnoreCase) { "load_extension", "fts3_tokenizer" };

    private static readonly HashSet<string> ReadingPragmasWithArgument = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list", "foreign_key_check",
        "integrity_check", "quick_check", "table_list", "function_list", "pragma_list", "collation_list", "module_list",
    };

    /// <summary>Pragmas that act on the files even without a value.</summary>
    private static readonly HashSet<string> ActingPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "optimize", "wal_checkpoint", "incremental_vacuum", "shrink_memory",
    };

    // Kept in a field: SQLite holds a pointer to the delegate for the connection's lifetime.
    private static readonly delegate_authorizer Callback = Authorize;

    /// <summary>Installs the authorizer on an open connection; statements refused fail with "not authorized".</summary>
    public static void Install(SqliteConnection connection)
        => raw.sqlite3_set_authorizer(connection.Handle, Callback, null);

    /// <summary>
    /// Prepares (and discards) every statement of <paramref name="sql"/> on a connection with the authorizer
    /// installed, so that a refused statement anywhere in a script stops it before its first statement runs.
    /// </summary>
    public static void CheckEveryStatement(SqliteConnection connection, string sql)
    {
        var remaining = sql;
        while (!string.IsNullOrWhiteSpace(remaining))
        {
            var rc = raw.sqlite3_prepare_v2(connection.Handle, remaining, out var statement, out var tail);
            using (statement)
            {
                if (rc != raw.SQLITE_OK)
                    throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(connection.Handle));
                // VACUUM reaches the authorizer only when it runs (as an internal ATTACH): SQLite marks it as writing when it is prepared
                if (statement is not null && !statement.IsInvalid && raw.sqlite3_stmt_readonly(statement) == 0)
                    throw new SqliteException($"SQLite Error {raw.SQLITE_AUTH}: 'not authorized: {Shorten(remaining[..^tail.Length])} would write (queries are read-only)'.", raw.SQLITE_AUTH);
            }
            remaining = tail;
        }
    }

    private static string Shorten(string statement)
    {
        var text = string.Join(' ', statement.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd(';');
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    /// <summary>Whether a statement's operation (an authorizer action code and its arguments) is allowed.</summary>
    public static bool Allows(int action, string? first, string? second) => action switch
    {
        Read or Select or Transaction or Savepoint or Recursive => true,
        Function => second is null || !DeniedFunctions.Contains(second),
        // "PRAGMA name" reads a setting and "PRAGMA name = value" sets one; a few take an argument and only read
        Pragma => first is not null && (second is null ? !ActingPragmas.Contains(first) : ReadingPragmasWithArgument.Contains(first)),
        _ => false,
    };

    private static int Authorize(object userData, int action, utf8z first, utf8z second, utf8z database, utf8z trigger)
        => Allows(action, first.utf8_to_string(), second.utf8_to_string()) ? raw.SQLITE_OK : raw.SQLITE_DENY;
}
