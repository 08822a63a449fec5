using System.Data;
using System.IO.Compression;
using Dapper;
using Microsoft.Data.Sqlite;
using Parquet;
using Parquet.Schema;
using SQLitePCL;

namespace Zsl.Store;

/// <summary>A Parquet file written by an export.</summary>
public sealed record ParquetExport(string Table, string Path, long Rows, int Columns);

/// <summary>
/// Exports SQLite tables to Parquet, one file per table, with typed columns taken from the declared column
/// types (SQLite affinity rules), streamed in row groups so that a table never has to fit in memory.
/// Values go from the SQLite statement straight into typed column buffers (no boxing); while one row group is
/// encoded and written, the next one is read; tables are exported in parallel, one per core.
/// </summary>
public static class ParquetExporter
{
    public const int RowGroupSize = 100_000;

    /// <summary>
    /// Zstd at its fastest level: the default (smallest size) compresses at a few MB/s. Zstd, with dictionary
    /// and plain encodings, is read by DuckDB, pandas (pyarrow) and Spark.
    /// </summary>
    public static ParquetOptions WriterOptions => new()
    {
        CompressionMethod = CompressionMethod.Zstd,
        CompressionLevel = CompressionLevel.Fastest,
        // Parquet.Net's uniqueness scan for dictionary encoding hashes every value of every column, then writes the
        // same plain pages for these tables; Zstd already shares their repeated values
        DictionaryEncodingThreshold = 0,
    };

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
        var schema = new ParquetSchema(columns.Select(c => c.Field).ToArray<Field>());
        var temp = path + $".tmp-{Environment.ProcessId}";
        long count = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var writer = ParquetWriter.CreateAsync(schema, stream, WriterOptions, cancellationToken: cancellationToken).GetAwaiter().GetResult();
                // two sets of buffers: one is filled from SQLite while the other is encoded and written on a thread of its own
                var sets = new[] { columns.Select(ColumnBuffer.For).ToArray(), columns.Select(ColumnBuffer.For).ToArray() };
                Task pending = Task.CompletedTask;
                try
                {
                    var current = 0;
                    var wroteAny = false;
                    while (true)
                    {
                        var buffers = sets[current];
                        var filled = 0;
                        while (filled < RowGroupSize && rows.Read())
                        {
                            for (var i = 0; i < buffers.Length; i++) buffers[i].Add(rows, i, filled);
                            filled++;
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                        pending.GetAwaiter().GetResult();
                        if (filled == 0 && wroteAny) break;
                        count += filled;
                        var done = count;
                        pending = Task.Factory.StartNew(() =>
                        {
                            using (var group = writer.CreateRowGroup())
                                foreach (var buffer in buffers)
                                    buffer.WriteAsync(group, filled, cancellationToken).GetAwaiter().GetResult();
                            progress?.Report(new StageProgress(label, done, null, "rows"));
                        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                        wroteAny = true;
                        if (filled < RowGroupSize) break;
                        current = 1 - current;
                    }
                    pending.GetAwaiter().GetResult();
                }
                finally
                {
                    // a failed read must not close the writer under a row group still being written
                    try { pending.Wait(); } catch (AggregateException) { }
                    writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
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

/// <summary>Rows being exported, read value by value with typed getters.</summary>
internal abstract class RowSource
{
    public abstract bool Read();
    public abstract bool IsNull(int column);
    public abstract long GetInt64(int column);
    public abstract double GetDouble(int column);
    public abstract string GetString(int column);
    public abstract byte[] GetBytes(int column);
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

    public override bool IsNull(int column) => Type(column) == raw.SQLITE_NULL;

    public override long GetInt64(int column)
    {
        var type = Type(column);
        if (type == raw.SQLITE_INTEGER) return raw.sqlite3_column_int64(_statement, column);
        if (type == raw.SQLITE_FLOAT)
        {
            var value = raw.sqlite3_column_double(_statement, column);
            if (value == Math.Floor(value) && Math.Abs(value) < 9.2e18) return (long)value;
        }
        throw Unexpected(column, "an integer");
    }

    public override double GetDouble(int column)
    {
        var type = Type(column);
        if (type is raw.SQLITE_FLOAT or raw.SQLITE_INTEGER) return raw.sqlite3_column_double(_statement, column);
        throw Unexpected(column, "a number");
    }

    public override string GetString(int column)
        => Type(column) == raw.SQLITE_TEXT
            ? System.Text.Encoding.UTF8.GetString(raw.sqlite3_column_blob(_statement, column))
            : raw.sqlite3_column_text(_statement, column).utf8_to_string(); // a number in a TEXT column, as SQLite writes it

    public override byte[] GetBytes(int column) => raw.sqlite3_column_blob(_statement, column).ToArray();

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
    public override bool IsNull(int column) => reader.IsDBNull(column);
    public override long GetInt64(int column) => Convert.ToInt64(reader.GetValue(column));
    public override double GetDouble(int column) => Convert.ToDouble(reader.GetValue(column));
    public override string GetString(int column) => Convert.ToString(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture)!;

    public override byte[] GetBytes(int column)
        => reader.GetValue(column) is byte[] bytes ? bytes : System.Text.Encoding.UTF8.GetBytes(GetString(column));
}

/// <summary>One row group's values of one column, in an array of the column's own type.</summary>
internal abstract class ColumnBuffer
{
    public abstract void Add(RowSource rows, int column, int row);
    public abstract Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken);

    public static ColumnBuffer For(ColumnSpec spec)
    {
        var t = spec.ClrType;
        if (t == typeof(string)) return new Strings(spec.Field);
        if (t == typeof(byte[])) return new Blobs(spec.Field);
        if (t == typeof(long)) return spec.Nullable ? new NullableValues<long>(spec.Field, (rows, i) => rows.GetInt64(i)) : new Values<long>(spec.Field, (rows, i) => rows.GetInt64(i));
        if (t == typeof(double)) return spec.Nullable ? new NullableValues<double>(spec.Field, (rows, i) => rows.GetDouble(i)) : new Values<double>(spec.Field, (rows, i) => rows.GetDouble(i));
        return spec.Nullable ? new NullableValues<bool>(spec.Field, (rows, i) => rows.GetInt64(i) != 0) : new Values<bool>(spec.Field, (rows, i) => rows.GetInt64(i) != 0);
    }

    private sealed class Values<T>(DataField field, Func<RowSource, int, T> get) : ColumnBuffer where T : struct
    {
        private readonly T[] _values = new T[ParquetExporter.RowGroupSize];

        public override void Add(RowSource rows, int column, int row)
        {
            if (rows.IsNull(column)) throw new InvalidDataException($"column {field.Name} is declared NOT NULL but row {row + 1} of a row group holds NULL");
            _values[row] = get(rows, column);
        }

        public override Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken)
            => group.WriteAsync<T>(field, _values.AsMemory(0, count), null, null, cancellationToken);
    }

    private sealed class NullableValues<T>(DataField field, Func<RowSource, int, T> get) : ColumnBuffer where T : struct
    {
        private readonly T?[] _values = new T?[ParquetExporter.RowGroupSize];

        public override void Add(RowSource rows, int column, int row) => _values[row] = rows.IsNull(column) ? null : get(rows, column);

        public override Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken)
            => group.WriteAsync<T>(field, _values.AsMemory(0, count), null, null, cancellationToken);
    }

    private sealed class Strings(DataField field) : ColumnBuffer
    {
        private readonly string?[] _values = new string?[ParquetExporter.RowGroupSize];

        public override void Add(RowSource rows, int column, int row) => _values[row] = rows.IsNull(column) ? null : rows.GetString(column);

        public override Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken)
            => group.WriteAsync(field, new ArraySegment<string>(_values!, 0, count), null);
    }

    private sealed class Blobs(DataField field) : ColumnBuffer
    {
        private readonly byte[]?[] _values = new byte[]?[ParquetExporter.RowGroupSize];

        public override void Add(RowSource rows, int column, int row) => _values[row] = rows.IsNull(column) ? null : rows.GetBytes(column);

        public override Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken)
            => group.WriteAsync(field, new ArraySegment<byte[]>(_values!, 0, count), null);
    }
}
