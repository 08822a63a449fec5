using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Zsl.Store;

/// <summary>Opening the project's SQLite database: writable for ETL stages, read-only for users' queries.</summary>
public static class Database
{
    public static SqliteConnection OpenReadWrite(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        connection.ExecuteScript("store/pragmas-connection.sql");
        return connection;
    }

    /// <summary>Opens an existing database so that no statement can change it.</summary>
    public static SqliteConnection OpenReadOnly(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"database {path} does not exist (build it with ./zsl etl wordnet --db {path})", path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        connection.ExecuteScript("store/pragma-query-only.sql");
        ReadOnlyAuthorizer.Install(connection);
        return connection;
    }

    /// <summary>
    /// Builds a new database file atomically: <paramref name="build"/> writes into a temporary file beside
    /// <paramref name="path"/>, which replaces it only when the build succeeds. A failed build leaves the
    /// previous file (or none) untouched and removes the temporary file. Unless the builder checked its
    /// references itself (<paramref name="checkForeignKeys"/> false), every foreign key is verified before the move.
    /// </summary>
    public static void BuildAtomically(string path, Action<SqliteConnection> build, bool checkForeignKeys = true)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".tmp-{Environment.ProcessId}";
        DeleteWithSidecars(temp);
        try
        {
            using (var connection = OpenReadWrite(temp))
            {
                connection.ExecuteScript("store/pragmas-bulk-build.sql");
                build(connection);
                var broken = !checkForeignKeys ? [] : connection.Query<(string Table, long? RowId, string Parent, long ForeignKey)>(SqlScripts.Get("store/foreign-key-check.sql")).AsList();
                if (broken.Count > 0)
                    throw new InvalidDataException($"building {path}: rows reference missing rows, e.g. " +
                        string.Join("; ", broken.Select(b => $"{b.Table} row {b.RowId} -> {b.Parent}")));
                connection.ExecuteScript("store/pragmas-finish-build.sql");
            }
            SqliteConnection.ClearAllPools();
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            DeleteWithSidecars(temp);
        }
    }

    /// <summary>
    /// Runs a stage that adds or replaces its own tables in an existing database inside one transaction:
    /// either all of its changes land or none do.
    /// </summary>
    public static void UpdateAtomically(string path, Action<SqliteConnection, IDbTransaction> update)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"database {path} does not exist (build it first with ./zsl etl wordnet --db {path})", path);
        using var connection = OpenReadWrite(path);
        using var transaction = connection.BeginTransaction();
        update(connection, transaction);
        transaction.Commit();
    }

    /// <summary>Runs every statement of <c>sql/{script}</c>.</summary>
    public static void ExecuteScript(this IDbConnection connection, string script, IDbTransaction? transaction = null)
        => connection.Execute(SqlScripts.Get(script), transaction: transaction);

    public static bool TableExists(this IDbConnection connection, string name)
        => connection.ExecuteScalar<long>(SqlScripts.Get("store/object-exists.sql"), new { name }) > 0;

    /// <summary>User tables of the database in name order (SQLite internals and FTS shadow tables left out).</summary>
    public static IReadOnlyList<string> ListTables(this IDbConnection connection)
        => connection.Query<string>(SqlScripts.Get("store/list-tables.sql")).AsList();

    /// <summary>Deletes a database file and its journal / WAL sidecars, where they exist.</summary>
    public static void DeleteWithSidecars(string path)
    {
        foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
    }
}
