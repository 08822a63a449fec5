using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Parquet.Schema;
using SQLitePCL;

namespace Zsl.Store;

/// <summary>A Parquet file written by an export.</summary>
public sealed record ParquetExport(string Table, string Path, long Rows, int Columns);

/// <summary>
/// Exports SQLite tables to Parquet, one file per table, with typed columns taken from the declared column
/// types (SQLite affinity rules), streamed in row groups so that a table never has to fit in memory.
/// Values go from the SQLite statement straight into each column's page in its encoded form (no boxing, no .NET
/// strings; <see cref="ParquetTableWriter"/>); while one row group is compressed and written, the next one is read;
/// tables are exported in parallel, one per core, largest first.
/// </summary>
public static class ParquetExporter
{
    public const int RowGroupSize = 100_000;

    public static async Task<IReadOnlyList<ParquetExport>> ExportDatabaseAsync(
        string databasePath, string outputDirectory, IReadOnlyCollection<string>? tables = null,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default,
        int? parallelism = null)
    {
        string[] chosen;
        Dictionary<string, long> sizes;
        using (var connection = Database.OpenReadOnly(databasePath))
        {
            var all = connection.ListTables();
            chosen = tables is { Count: > 0 } ? tables.ToArray() : all.ToArray();
            var unknown = chosen.Where(t => !all.Contains(t)).ToArray();
            if (unknown.Length > 0)
                throw new ArgumentException($"{databasePath} has no table {string.Join(", ", unknown)} (tables: {string.Join(", ", all)})");
            sizes = TableSizes(connection, chosen);
        }
        Directory.CreateDirectory(outputDirectory);
        var written = new ParquetExport[chosen.Length];
        var locked = progress is null ? null : new LockedProgress(progress);
        // largest tables first, so that the last one to finish is a small one
        var order = Enumerable.Range(0, chosen.Length).OrderByDescending(i => sizes.GetValueOrDefault(chosen[i])).ToArray();
        // Each worker is a thread of its own that reads and writes synchronously: on the thread pool, workers blocked
        // in SQLite starve the writes they wait for until the pool injects threads (about one every half second).
        var next = -1;
        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(parallelism ?? Environment.ProcessorCount, chosen.Length)))
            .Select(_ => Task.Factory.StartNew(() =>
            {
                for (var k = Interlocked.Increment(ref next); k < order.Length; k = Interlocked.Increment(ref next))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var i = order[k];
                    // one connection per table: SQLite serialises the statements of one connection
                    using var connection = Database.OpenReadOnly(databasePath);
                    written[i] = ExportTable(connection, chosen[i], Path.Combine(outputDirectory, chosen[i] + ".parquet"), locked, cancellationToken);
                }
            }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers);
        return written;
    }

    public static Task<ParquetExport> ExportTableAsync(
        SqliteConnection connection, string table, string path, IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
        => Task.Factory.StartNew(() => ExportTable(connection, table, path, progress, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static ParquetExport ExportTable(
        SqliteConnection connection, string table, string path, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var columns = connection.Query<(string Name, string Type, long NotNull)>(SqlScripts.Get("store/table-columns.sql"), new { table })
            .Select(c => ColumnSpec.From(c.Name, c.Type, c.NotNull != 0)).ToArray();
        if (columns.Length == 0) throw new ArgumentException($"table {table} has no columns");
        var sql = SqlScripts.Get("store/select-table.sql").Replace("{table}", QuoteIdentifier(table));
        using var rows = new StatementRows(connection, sql, $"{connection.DataSource} table {table}", columns);
        return Write(rows, columns, path, table, progress, cancellationToken);
    }

    /// <summary>Writes the rows of <paramref name="reader"/> to <paramref name="path"/> (temporary file, then moved into place).</summary>
    public static Task<ParquetExport> WriteAsync(
        IDataReader reader, IReadOnlyList<ColumnSpec> columns, string path, string label,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
        => Task.Factory.StartNew(() => Write(new DataReaderRows(reader), columns, path, label, progress, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static ParquetExport Write(
        RowSource rows, IReadOnlyList<ColumnSpec> columns, string path, string label,
        IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var temp = path + $".tmp-{Environment.ProcessId}";
        long count = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new ParquetTableWriter(stream, columns))
            {
                // two sets of pages: one is filled from SQLite while the other is compressed and written on a thread of its own
                var sets = new[] { columns.Select(c => new ColumnPage(c)).ToArray(), columns.Select(c => new ColumnPage(c)).ToArray() };
                Task pending = Task.CompletedTask;
                try
                {
                    var current = 0;
                    var wroteAny = false;
                    while (true)
                    {
                        var pages = sets[current];
                        foreach (var page in pages) page.Clear();
                        var filled = 0;
                        while (filled < RowGroupSize && rows.Read())
                        {
                            for (var i = 0; i < pages.Length; i++) rows.Append(i, pages[i]);
                            filled++;
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                        pending.GetAwaiter().GetResult();
                        if (filled == 0 && wroteAny) break;
                        count += filled;
                        var done = count;
                        pending = Task.Factory.StartNew(() =>
                        {
                            writer.WriteRowGroup(pages, filled);
                            progress?.Report(new StageProgress(label, done, null, "rows"));
                        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                        wroteAny = true;
                        if (filled < RowGroupSize) break;
                        current = 1 - current;
                    }
                    pending.GetAwaiter().GetResult();
                    writer.Finish();
                }
                finally
                {
                    // a failed read must not leave a row group being written to a stream that closes
                    try { pending.Wait(); } catch (AggregateException) { }
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return new ParquetExport(label, path, count, columns.Count);
    }

    /// <summary>The row count of each table.</summary>
    private static Dictionary<string, long> TableSizes(SqliteConnection connection, IEnumerable<string> tables)
        => tables.ToDictionary(t => t, t => connection.ExecuteScalar<long>(SqlScripts.Get("store/count-rows.sql").Replace("{table}", QuoteIdentifier(t))));

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>Progress reports from parallel exports, passed on one at a time.</summary>
    private sealed class LockedProgress(IProgress<StageProgress> inner) : IProgress<StageProgress>
    {
        public void Report(StageProgress value)
        {
            lock (this) inner.Report(value);
        }
    }
}

/// <summary>A Parquet column and how SQLite values convert to it.</summary>
public sealed record ColumnSpec(string Name, Type ClrType, bool Nullable)
{
    public DataField Field { get; } = new(Name, ClrType, Nullable);

    /// <summary>Maps a declared SQLite column type to a Parquet type by SQLite's affinity rules (datatype3.html §3.1).</summary>
    public static ColumnSpec From(string name, string declaredType, bool notNull)
    {
        var type = declaredType.ToUpperInvariant();
        var clr = type.Contains("INT") ? typeof(long)
            : type.Contains("CHAR") || type.Contains("CLOB") || type.Contains("TEXT") ? typeof(string)
            : type.Contains("BLOB") ? typeof(byte[])
            : type.Contains("BOOL") ? typeof(bool)
            : type.Contains("REAL") || type.Contains("FLOA") || type.Contains("DOUB") || type.Contains("NUM") || type.Contains("DEC") ? typeof(double)
            : typeof(string);
        return new ColumnSpec(name, clr, !notNull || clr == typeof(string) || clr == typeof(byte[]));
    }
}

/// <summary>Rows being exported, appended value by value to the column pages in their encoded form.</summary>
internal abstract class RowSource
{
    public abstract bool Read();
    public abstract void Append(int column, ColumnPage page);
}

/// <summary>
/// A table read through the SQLite statement itself. SQLite's typing is per value: a value whose storage class
/// does not fit its column's Parquet type (text in an INTEGER column) is an error naming the table, row and column.
/// </summary>
internal sealed class StatementRows : RowSource, IDisposable
{
    private readonly sqlite3_stmt _statement;
    private readonly string _source;
    private readonly IReadOnlyList<ColumnSpec> _columns;
    private readonly sqlite3 _db;
    private long _row;

    public StatementRows(SqliteConnection connection, string sql, string source, IReadOnlyList<ColumnSpec> columns)
    {
        _db = connection.Handle!;
        _source = source;
        _columns = columns;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (rc != raw.SQLITE_OK) throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc);
    }

    public override bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) { _row++; return true; }
        if (rc == raw.SQLITE_DONE) return false;
        throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}' reading {_source}.", rc);
    }

    private int Type(int column) => raw.sqlite3_column_type(_statement, column);

    public override void Append(int column, ColumnPage page)
    {
        var type = Type(column);
        if (type == raw.SQLITE_NULL)
        {
            if (!page.Spec.Nullable) throw Unexpected(column, "a value (the column is NOT NULL)");
            page.AddNull();
            return;
        }
        var clr = page.Spec.ClrType;
        if (clr == typeof(string))
        {
            if (type == raw.SQLITE_INTEGER || type == raw.SQLITE_FLOAT) page.AddString(raw.sqlite3_column_text(_statement, column).utf8_to_string()); // as SQLite writes the number
            else page.AddBytes(raw.sqlite3_column_blob(_statement, column));
        }
        else if (clr == typeof(long)) page.AddInt64(Int64(column, type));
        else if (clr == typeof(double))
        {
            if (type is not (raw.SQLITE_FLOAT or raw.SQLITE_INTEGER)) throw Unexpected(column, "a number");
            page.AddDouble(raw.sqlite3_column_double(_statement, column));
        }
        else if (clr == typeof(bool)) page.AddBoolean(Int64(column, type) != 0);
        else page.AddBytes(raw.sqlite3_column_blob(_statement, column));
    }

    private long Int64(int column, int type)
    {
        if (type == raw.SQLITE_INTEGER) return raw.sqlite3_column_int64(_statement, column);
        if (type == raw.SQLITE_FLOAT)
        {
            var value = raw.sqlite3_column_double(_statement, column);
            if (value == Math.Floor(value) && Math.Abs(value) < 9.2e18) return (long)value;
        }
        throw Unexpected(column, "an integer");
    }

    private DataFormatException Unexpected(int column, string expected)
        => new(_source, _row, $"column {_columns[column].Name} holds {raw.sqlite3_column_text(_statement, column).utf8_to_string()} " +
                              $"({StorageClass(Type(column))}), expected {expected}");

    private static string StorageClass(int type) => type switch
    {
        raw.SQLITE_INTEGER => "INTEGER", raw.SQLITE_FLOAT => "REAL", raw.SQLITE_TEXT => "TEXT", raw.SQLITE_BLOB => "BLOB", _ => "NULL",
    };

    public void Dispose() => _statement.Dispose();
}

/// <summary>Any <see cref="IDataReader"/> (query results, tables built in memory): values converted as they come.</summary>
internal sealed class DataReaderRows(IDataReader reader) : RowSource
{
    public override bool Read() => reader.Read();

    public override void Append(int column, ColumnPage page)
    {
        if (reader.IsDBNull(column)) { page.AddNull(); return; }
        var value = reader.GetValue(column);
        var clr = page.Spec.ClrType;
        if (clr == typeof(string)) page.AddString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
        else if (clr == typeof(long)) page.AddInt64(Convert.ToInt64(value));
        else if (clr == typeof(double)) page.AddDouble(Convert.ToDouble(value));
        else if (clr == typeof(bool)) page.AddBoolean(Convert.ToInt64(value) != 0);
        else if (value is byte[] bytes) page.AddBytes(bytes);
        else page.AddString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
    }
}
