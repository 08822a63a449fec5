using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Zsl.Store;

public enum QueryFormat { Table, Csv, Json, Parquet }

/// <summary>A materialised query result, for display.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>Runs users' SQL on a database opened read-only and writes the result as CSV, JSON or Parquet.</summary>
public static class QueryRunner
{
    public static QueryResult Run(string databasePath, string sql)
    {
        using var connection = OpenFor(databasePath, sql);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return new QueryResult(columns, rows);
    }

    /// <summary>Streams the result rows to <paramref name="outPath"/> (written atomically) or to <paramref name="console"/>.</summary>
    public static async Task WriteAsync(string databasePath, string sql, QueryFormat format, string? outPath, TextWriter console,
                                        CancellationToken cancellationToken = default)
    {
        if (format == QueryFormat.Parquet)
        {
            // Parquet needs a type per column: take it from the values themselves.
            var result = Run(databasePath, sql);
            var specs = result.Columns.Select((name, i) => InferColumn(name, result.Rows.Select(r => r[i]))).ToArray();
            using var table = new System.Data.DataTable();
            foreach (var spec in specs) table.Columns.Add(spec.Name, typeof(object));
            foreach (var row in result.Rows) table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
            using var reader = table.CreateDataReader();
            await ParquetExporter.WriteAsync(reader, specs, outPath!, "query", null, cancellationToken);
            return;
        }
        var temp = outPath is null ? null : outPath + $".tmp-{Environment.ProcessId}";
        try
        {
            await using (var writer = temp is null ? null : new StreamWriter(temp, false, new UTF8Encoding(false)))
            {
                var output = writer ?? console;
                using var connection = OpenFor(databasePath, sql);
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
                if (format == QueryFormat.Csv)
                {
                    await output.WriteLineAsync(string.Join(',', columns.Select(Csv)));
                    while (await reader.ReadAsync(cancellationToken))
                        await output.WriteLineAsync(string.Join(',', columns.Select((_, i) => reader.IsDBNull(i) ? "" : Csv(Format(reader.GetValue(i))))));
                }
                else
                {
                    await using var json = new Utf8JsonWriter(new StreamTextWriterAdapter(output), new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                    json.WriteStartArray();
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        json.WriteStartObject();
                        for (var i = 0; i < columns.Length; i++)
                        {
                            json.WritePropertyName(columns[i]);
                            switch (reader.IsDBNull(i) ? null : reader.GetValue(i))
                            {
                                case null: json.WriteNullValue(); break;
                                case long l: json.WriteNumberValue(l); break;
                                case double d: json.WriteNumberValue(d); break;
                                case byte[] b: json.WriteBase64StringValue(b); break;
                                case var other: json.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture)); break;
                            }
                        }
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    await json.FlushAsync(cancellationToken);
                    await output.WriteLineAsync();
                }
                await output.FlushAsync(cancellationToken);
            }
            if (temp is not null) File.Move(temp, outPath!, overwrite: true);
        }
        finally
        {
            if (temp is not null && File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Opens the database read-only and refuses the whole of <paramref name="sql"/> if any statement in it would write.</summary>
    private static Microsoft.Data.Sqlite.SqliteConnection OpenFor(string databasePath, string sql)
    {
        var connection = Database.OpenReadOnly(databasePath);
        try
        {
            ReadOnlyAuthorizer.CheckEveryStatement(connection, sql);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToBase64String(b),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Csv(string value)
        => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static ColumnSpec InferColumn(string name, IEnumerable<object?> values)
    {
        var present = values.Where(v => v is not null).ToArray();
        var type = present.Length > 0 && present.All(v => v is long) ? "INTEGER"
            : present.Length > 0 && present.All(v => v is long or double) ? "REAL"
            : present.Length > 0 && present.All(v => v is byte[]) ? "BLOB"
            : "TEXT";
        return ColumnSpec.From(name, type, notNull: false);
    }

    /// <summary>Lets <see cref="Utf8JsonWriter"/> write into a <see cref="TextWriter"/>.</summary>
    private sealed class StreamTextWriterAdapter(TextWriter writer) : Stream
    {
        // A decoder, not Encoding.GetString: a multi-byte character may straddle two writes.
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var chars = new char[_decoder.GetCharCount(buffer, offset, count)];
            _decoder.GetChars(buffer, offset, count, chars, 0);
            writer.Write(chars);
        }
        public override void Flush() => writer.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
