using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Zsl.Store;

/// <summary>A Parquet file written by an export.</summary>
public sealed record ParquetExport(string Table, string Path, long Rows, int Columns);

/// <summary>
/// Exports SQLite tables to Parquet, one file per table, with typed columns taken from the declared column
/// types (SQLite affinity rules), streamed in row groups so that a table never has to fit in memory.
/// </summary>
public static class ParquetExporter
{
    public const int RowGroupSize = 100_000;

    public static async Task<IReadOnlyList<ParquetExport>> ExportDatabaseAsync(
        string databasePath, string outputDirectory, IReadOnlyCollection<string>? tables = null,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        var all = connection.ListTables();
        var chosen = tables is { Count: > 0 } ? tables.ToArray() : all.ToArray();
        var unknown = chosen.Where(t => !all.Contains(t)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"{databasePath} has no table {string.Join(", ", unknown)} (tables: {string.Join(", ", all)})");
        Directory.CreateDirectory(outputDirectory);
        var written = new List<ParquetExport>();
        foreach (var table in chosen)
            written.Add(await ExportTableAsync(connection, table, Path.Combine(outputDirectory, table + ".parquet"), progress, cancellationToken));
        return written;
    }

    public static async Task<ParquetExport> ExportTableAsync(
        SqliteConnection connection, string table, string path, IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var columns = connection.Query<(string Name, string Type, long NotNull)>(SqlScripts.Get("store/table-columns.sql"), new { table })
            .Select(c => ColumnSpec.From(c.Name, c.Type, c.NotNull != 0)).ToArray();
        if (columns.Length == 0) throw new ArgumentException($"table {table} has no columns");
        var sql = SqlScripts.Get("store/select-table.sql").Replace("{table}", QuoteIdentifier(table));
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return await WriteAsync(reader, columns, path, table, progress, cancellationToken);
    }

    /// <summary>Writes the rows of <paramref name="reader"/> to <paramref name="path"/> (temporary file, then moved into place).</summary>
    public static async Task<ParquetExport> WriteAsync(
        IDataReader reader, IReadOnlyList<ColumnSpec> columns, string path, string label,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var schema = new ParquetSchema(columns.Select(c => c.Field).ToArray<Field>());
        var temp = path + $".tmp-{Environment.ProcessId}";
        long rows = 0;
        try
        {
            await using (var stream = File.Create(temp))
            await using (var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Zstd }, cancellationToken: cancellationToken))
            {
                var buffers = columns.Select(c => c.NewBuffer()).ToArray();
                var any = false;
                while (true)
                {
                    var more = reader.Read();
                    if (more)
                    {
                        for (var i = 0; i < columns.Count; i++) buffers[i].Add(columns[i].Convert(reader.GetValue(i)));
                        rows++;
                    }
                    if ((!more && (buffers[0].Count > 0 || !any)) || buffers[0].Count == RowGroupSize)
                    {
                        using var group = writer.CreateRowGroup();
                        for (var i = 0; i < columns.Count; i++)
                            await columns[i].WriteAsync(group, buffers[i], cancellationToken);
                        foreach (var buffer in buffers) buffer.Clear();
                        any = true;
                        progress?.Report(new StageProgress(label, rows, null, "rows"));
                    }
                    if (!more) break;
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return new ParquetExport(label, path, rows, columns.Count);
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
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

    internal List<object?> NewBuffer() => new(ParquetExporter.RowGroupSize);

    internal object? Convert(object value) => value is DBNull ? null
        : ClrType == typeof(long) ? System.Convert.ToInt64(value)
        : ClrType == typeof(double) ? System.Convert.ToDouble(value)
        : ClrType == typeof(bool) ? System.Convert.ToInt64(value) != 0
        : ClrType == typeof(byte[]) ? value as byte[] ?? System.Text.Encoding.UTF8.GetBytes(value.ToString()!)
        : System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);

    internal Task WriteAsync(ParquetRowGroupWriter group, List<object?> values, CancellationToken cancellationToken)
    {
        if (ClrType == typeof(string)) return group.WriteAsync(Field, values.Select(v => (string?)v).ToArray()!);
        if (ClrType == typeof(byte[])) return group.WriteAsync(Field, values.Select(v => (byte[]?)v).ToArray()!);
        if (ClrType == typeof(long)) return Write<long>(group, values, cancellationToken);
        if (ClrType == typeof(double)) return Write<double>(group, values, cancellationToken);
        return Write<bool>(group, values, cancellationToken);
    }

    private Task Write<T>(ParquetRowGroupWriter group, List<object?> values, CancellationToken cancellationToken) where T : struct
        => Nullable
            ? group.WriteAsync<T>(Field, values.Select(v => (T?)v).ToArray().AsMemory(), null, null, cancellationToken)
            : group.WriteAsync<T>(Field, values.Select(v => (T)v!).ToArray().AsMemory(), null, null, cancellationToken);
}
