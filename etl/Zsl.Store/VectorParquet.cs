using Parquet;
using Parquet.Schema;

namespace Zsl.Store;

/// <summary>One row of a vector file: its string keys (e.g. wnid, or image_id and wnid) and a fixed-length vector.</summary>
public sealed record VectorRow(IReadOnlyList<string> Keys, float[] Vector);

/// <summary>
/// The project's Parquet layout for vectors (class embeddings, visual features): string key columns followed by
/// one <c>list&lt;float&gt;</c> column, every list of the same length (recorded in the file's key-value
/// metadata as <c>zsl.dimension</c>). Readable by DuckDB, pandas and Spark; written in row groups and read row
/// group by row group, so a file of any size streams in constant memory.
/// </summary>
public static class VectorParquet
{
    public const string DimensionKey = "zsl.dimension";

    /// <summary>
    /// Writes <paramref name="rows"/> to <paramref name="path"/> (temporary file, moved into place on success).
    /// Every vector must have <paramref name="dimension"/> values and as many keys as <paramref name="keyColumns"/>.
    /// </summary>
    public static async Task<long> WriteAsync(
        string path, IReadOnlyList<string> keyColumns, string vectorColumn, int dimension, IEnumerable<VectorRow> rows,
        IReadOnlyDictionary<string, string>? metadata = null, int rowGroupSize = 65_536, CancellationToken cancellationToken = default)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "vector dimension must be positive");
        var keyFields = keyColumns.Select(name => new DataField<string>(name)).ToArray();
        var item = new DataField<float>("element");
        var schema = new ParquetSchema([.. keyFields, new ListField(vectorColumn, item)]);
        var temp = path + $".tmp-{Environment.ProcessId}";
        long count = 0;
        try
        {
            await using (var stream = File.Create(temp))
            await using (var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Zstd }, cancellationToken: cancellationToken))
            {
                var custom = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [DimensionKey] = dimension.ToString() };
                writer.CustomMetadata = custom;
                var keys = keyFields.Select(_ => new List<string>(rowGroupSize)).ToArray();
                var values = new List<float>(rowGroupSize * dimension);
                async Task Flush()
                {
                    using var group = writer.CreateRowGroup();
                    for (var k = 0; k < keyFields.Length; k++) await group.WriteAsync(keyFields[k], keys[k]);
                    // Every list is present and full: repetition level 0 opens a row, 1 continues it; every
                    // value sits at the item's maximum definition level (no nulls anywhere on its path).
                    var repetition = new int[values.Count];
                    for (var i = 0; i < repetition.Length; i++) repetition[i] = i % dimension == 0 ? 0 : 1;
                    var definition = new int[values.Count];
                    Array.Fill(definition, item.MaxDefinitionLevel);
                    await group.WriteAllPartsAsync<float>(item, values.ToArray().AsMemory(), definition.AsMemory(), repetition.AsMemory(), cancellationToken);
                    foreach (var list in keys) list.Clear();
                    values.Clear();
                }
                foreach (var row in rows)
                {
                    if (row.Vector.Length != dimension)
                        throw new ArgumentException($"{path}: row {count + 1} ({string.Join("/", row.Keys)}) has {row.Vector.Length} values, expected {dimension}");
                    if (row.Keys.Count != keyFields.Length)
                        throw new ArgumentException($"{path}: row {count + 1} has {row.Keys.Count} keys, expected {keyFields.Length} ({string.Join(", ", keyColumns)})");
                    for (var k = 0; k < keyFields.Length; k++) keys[k].Add(row.Keys[k]);
                    values.AddRange(row.Vector);
                    if (++count % rowGroupSize == 0) await Flush();
                }
                if (keys[0].Count > 0 || count == 0) await Flush();
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return count;
    }

    /// <summary>The key column names, vector column name, dimension and row count of a vector file.</summary>
    public static async Task<(IReadOnlyList<string> Keys, string Vector, int Dimension, long Rows)> DescribeAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var reader = await Open(path, cancellationToken);
        var (keys, list, _) = Layout(reader, path);
        var dimension = DeclaredDimension(reader);
        if (dimension is null)
            await foreach (var row in ReadAsync(path, cancellationToken)) { dimension = row.Vector.Length; break; }
        return (keys.Select(k => k.Name).ToArray(), list.Name, dimension ?? 0, reader.Metadata?.NumRows ?? 0);
    }

    /// <summary>
    /// Streams the rows of a vector file, one row group in memory at a time. Files from other writers (pandas,
    /// DuckDB) are read too; every vector must have the same length (the declared one when recorded).
    /// </summary>
    public static async IAsyncEnumerable<VectorRow> ReadAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var reader = await Open(path, cancellationToken);
        var (keyFields, _, item) = Layout(reader, path);
        var dimension = DeclaredDimension(reader);
        long rowNumber = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rowCount = checked((int)group.RowCount);
            var keys = new string[keyFields.Length][];
            for (var k = 0; k < keyFields.Length; k++)
            {
                keys[k] = new string[rowCount];
                await group.ReadAsync(keyFields[k], keys[k].AsMemory(), null, cancellationToken);
            }
            var entryCount = checked((int)(group.GetMetadata(item)?.MetaData?.NumValues
                ?? throw new DataFormatException(path, null, $"column metadata for '{item.Name}' in row group {g}")));
            var values = new float[entryCount];
            var definition = new int[entryCount];
            var repetition = new int[entryCount];
            await group.ReadRawAsync<float>(item, values.AsMemory(), definition.AsMemory(), repetition.AsMemory(), cancellationToken);
            // Entries: repetition 0 opens a row; an entry below the maximum definition level is an empty or
            // null list, not a value. Values are stored densely, one per defined entry.
            int entry = 0, value = 0;
            for (var r = 0; r < rowCount; r++)
            {
                rowNumber++;
                var defined = 0;
                do
                {
                    if (definition[entry] == item.MaxDefinitionLevel) defined++;
                    entry++;
                } while (entry < entryCount && repetition[entry] != 0);
                // Defined values are stored densely, so a row's values are the next `defined` ones.
                var vector = values.AsSpan(value, defined).ToArray();
                value += defined;
                dimension ??= vector.Length;
                if (vector.Length != dimension)
                    throw new DataFormatException(path, rowNumber, $"a vector of {dimension} values in every row, found {vector.Length}");
                yield return new VectorRow(keys.Select(k => k[r]).ToArray(), vector);
            }
        }
    }

    private static Task<ParquetReader> Open(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"vector file {path} does not exist", path);
        return ParquetReader.CreateAsync(path, new ParquetOptions { TreatByteArrayAsString = true }, cancellationToken);
    }

    private static (DataField[] Keys, ListField List, DataField Item) Layout(ParquetReader reader, string path)
    {
        var fields = reader.Schema.Fields;
        var list = fields.OfType<ListField>().SingleOrDefault()
            ?? throw new DataFormatException(path, null, "exactly one list<float> column (the vector) in the schema");
        var keys = fields.Where(f => f != list).Select(f => f is DataField { ClrType: var t } d && (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) ? d
            : throw new DataFormatException(path, null, $"string key columns besides the vector column, found '{f.Name}' ({(f as DataField)?.ClrType})")).ToArray();
        var item = list.Item is DataField { ClrType: var itemType } i && itemType == typeof(float) ? i
            : throw new DataFormatException(path, null, $"the list column '{list.Name}' to hold float32 values");
        return (keys, list, item);
    }

    private static int? DeclaredDimension(ParquetReader reader)
        => reader.CustomMetadata.TryGetValue(DimensionKey, out var text) && int.TryParse(text, out var dimension) && dimension > 0 ? dimension : null;
}
