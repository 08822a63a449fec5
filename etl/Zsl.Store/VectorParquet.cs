using Parquet;
using Parquet.Schema;

namespace Zsl.Store;

/// <summary>One row of a vector file: its string keys (e.g. wnid, or image_id and wnid) and a fixed-length vector.</summary>
public sealed record VectorRow(IReadOnlyList<string> Keys, float[] Vector);

/// <summary>
/// A block of <paramref name="Count"/> rows: <c>Keys[k][r]</c> is key column k of row r, and <paramref name="Values"/>
/// holds the rows' vectors back to back (row r at <c>r * dimension</c>).
/// </summary>
public sealed record VectorBatch(IReadOnlyList<string[]> Keys, ReadOnlyMemory<float> Values, int Count);

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
    public static Task<long> WriteAsync(
        string path, IReadOnlyList<string> keyColumns, string vectorColumn, int dimension, IEnumerable<VectorRow> rows,
        IReadOnlyDictionary<string, string>? metadata = null, int rowGroupSize = 65_536, CancellationToken cancellationToken = default)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "vector dimension must be positive");
        return WriteBatchesAsync(path, keyColumns, vectorColumn, dimension, Group(rows).ToAsyncEnumerable(), metadata, cancellationToken);

        IEnumerable<VectorBatch> Group(IEnumerable<VectorRow> source)
        {
            long count = 0;
            var keys = NewKeys();
            var values = new float[rowGroupSize * dimension];
            var filled = 0;
            foreach (var row in source)
            {
                count++;
                if (row.Vector.Length != dimension)
                    throw new ArgumentException($"{path}: row {count} ({string.Join("/", row.Keys)}) has {row.Vector.Length} values, expected {dimension}");
                if (row.Keys.Count != keyColumns.Count)
                    throw new ArgumentException($"{path}: row {count} has {row.Keys.Count} keys, expected {keyColumns.Count} ({string.Join(", ", keyColumns)})");
                for (var k = 0; k < keys.Length; k++) keys[k][filled] = row.Keys[k];
                row.Vector.CopyTo(values, filled * dimension);
                if (++filled == rowGroupSize)
                {
                    yield return new VectorBatch(keys, values, filled);
                    (keys, values, filled) = (NewKeys(), new float[rowGroupSize * dimension], 0);
                }
            }
            if (filled > 0) yield return new VectorBatch(keys.Select(k => k[..filled]).ToArray(), values.AsMemory(0, filled * dimension), filled);
        }
        string[][] NewKeys() => keyColumns.Select(_ => new string[rowGroupSize]).ToArray();
    }

    /// <summary>
    /// Writes blocks of rows to <paramref name="path"/>, one row group per batch (temporary file, moved into place on
    /// success): the fast path for large files, with no per-row objects. Returns the number of rows written.
    /// </summary>
    public static async Task<long> WriteBatchesAsync(
        string path, IReadOnlyList<string> keyColumns, string vectorColumn, int dimension, IAsyncEnumerable<VectorBatch> batches,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "vector dimension must be positive");
        var keyFields = keyColumns.Select(name => new DataField<string>(name)).ToArray();
        var item = new DataField<float>("element");
        var schema = new ParquetSchema([.. keyFields, new ListField(vectorColumn, item)]);
        var temp = path + $".tmp-{Environment.ProcessId}";
        long count = 0;
        try
        {
            // Zstd at its fastest level: Parquet.Net defaults to SmallestSize (zstd's slowest levels), which writes float
            // vectors at a few MB/s for a few percent of size; the fast level encodes hundreds of MB/s.
            await using (var stream = File.Create(temp))
            await using (var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest }, cancellationToken: cancellationToken))
            {
                var custom = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [DimensionKey] = dimension.ToString() };
                writer.CustomMetadata = custom;
                // Every list is present and full: repetition level 0 opens a row, 1 continues it; every value sits at
                // the item's maximum definition level (no nulls on its path). The pattern is periodic, so the levels of
                // the largest batch so far serve every smaller one.
                int[] repetition = [], definition = [];
                await foreach (var batch in batches.WithCancellation(cancellationToken))
                {
                    if (batch.Keys.Count != keyFields.Length || batch.Keys.Any(k => k.Length != batch.Count))
                        throw new ArgumentException($"{path}: a batch at row {count + 1} has {batch.Keys.Count} key columns of {string.Join("/", batch.Keys.Select(k => k.Length))} values, expected {keyFields.Length} of {batch.Count} ({string.Join(", ", keyColumns)})");
                    if (batch.Values.Length != (long)batch.Count * dimension)
                        throw new ArgumentException($"{path}: a batch at row {count + 1} has {batch.Values.Length} values for {batch.Count} rows, expected {batch.Count} x {dimension}");
                    if (batch.Count == 0) continue;
                    await WriteGroup(batch.Keys, batch.Values);
                    count += batch.Count;
                }
                if (count == 0) await WriteGroup(keyFields.Select(_ => Array.Empty<string>()).ToArray(), ReadOnlyMemory<float>.Empty);

                async Task WriteGroup(IReadOnlyList<string[]> keys, ReadOnlyMemory<float> values)
                {
                    var entries = values.Length;
                    if (repetition.Length < entries)
                    {
                        repetition = new int[entries];
                        for (var i = 0; i < entries; i++) repetition[i] = i % dimension == 0 ? 0 : 1;
                        definition = new int[entries];
                        Array.Fill(definition, item.MaxDefinitionLevel);
                    }
                    using var group = writer.CreateRowGroup();
                    for (var k = 0; k < keyFields.Length; k++) await group.WriteAsync(keyFields[k], keys[k]);
                    await group.WriteAllPartsAsync<float>(item, values, definition.AsMemory(0, entries), repetition.AsMemory(0, entries), cancellationToken);
                }
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
        await foreach (var batch in ReadBatchesAsync(path, cancellationToken))
        {
            var dimension = batch.Count == 0 ? 0 : batch.Values.Length / batch.Count;
            for (var r = 0; r < batch.Count; r++)
                yield return new VectorRow(batch.Keys.Select(k => k[r]).ToArray(), batch.Values.Slice(r * dimension, dimension).ToArray());
        }
    }

    /// <summary>
    /// Streams a vector file row group by row group: each batch holds the group's keys and its vectors back to back
    /// (no per-row objects; the fast path for large files). Same checks as <see cref="ReadAsync"/>.
    /// </summary>
    public static async IAsyncEnumerable<VectorBatch> ReadBatchesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
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
                var column = new string?[rowCount];
                await group.ReadAsync(keyFields[k], column.AsMemory(), null, cancellationToken);
                var missing = Array.IndexOf(column, null);
                if (missing >= 0) throw new DataFormatException(path, rowNumber + missing + 1, $"a value in key column '{keyFields[k].Name}', found null");
                keys[k] = column!;
            }
            var entryCount = checked((int)(group.GetMetadata(item)?.MetaData?.NumValues
                ?? throw new DataFormatException(path, null, $"column metadata for '{item.Name}' in row group {g}")));
            var values = new float[entryCount];
            var definition = new int[entryCount];
            var repetition = new int[entryCount];
            await group.ReadRawAsync<float>(item, values.AsMemory(), definition.AsMemory(), repetition.AsMemory(), cancellationToken);
            var groupDimension = dimension ?? (rowCount == 0 ? 0 : entryCount / rowCount);
            if (IsDense(definition, repetition, item.MaxDefinitionLevel, rowCount, groupDimension))
            {
                // The common case (this writer, DuckDB, pandas with full lists): values are already row after row.
                dimension ??= groupDimension;
                rowNumber += rowCount;
                yield return new VectorBatch(keys, values, rowCount);
                continue;
            }
            // General case. Entries: repetition 0 opens a row; an entry below the maximum definition level is an
            // empty or null list, not a value. Values are stored densely, one per defined entry.
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
                value += defined;
                dimension ??= defined;
                if (defined != dimension)
                    throw new DataFormatException(path, rowNumber, $"a vector of {dimension} values in every row, found {defined}");
            }
            yield return new VectorBatch(keys, values.AsMemory(0, value), rowCount);
        }
    }

    /// <summary>True when every row is a full list of <paramref name="dimension"/> values with no null or empty entry.</summary>
    private static bool IsDense(int[] definition, int[] repetition, int maxDefinition, int rowCount, int dimension)
    {
        if (dimension <= 0 || (long)rowCount * dimension != definition.Length) return false;
        if (definition.AsSpan().IndexOfAnyExcept(maxDefinition) >= 0) return false;
        for (var r = 0; r < rowCount; r++)
        {
            var row = repetition.AsSpan(r * dimension, dimension);
            if (row[0] != 0 || row[1..].IndexOfAnyExcept(1) >= 0) return false;
        }
        return true;
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
