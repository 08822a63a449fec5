using Zsl.Store;

namespace Zsl.Models.Data;

/// <summary>A batch of labelled visual features: row i is image <c>ImageIds[i]</c> of class <c>Wnids[i]</c>.</summary>
public sealed record FeatureBatch(string[] ImageIds, string[] Wnids, float[] Values, int Dimension)
{
    public int Count => Wnids.Length;
    public ReadOnlySpan<float> Row(int i) => Values.AsSpan(i * Dimension, Dimension);
}

/// <summary>
/// A file of visual features, streamed in batches: the project's vector Parquet (<c>image_id</c>, <c>wnid</c>,
/// <c>feature</c>) or a NumPy .npz archive holding <c>features</c> (n x d float32/float64, C order), <c>wnids</c>
/// (n unicode strings) and optionally <c>image_ids</c>. The features are never loaded whole.
/// </summary>
public sealed class FeatureFile
{
    public string Path { get; }
    public int Dimension { get; }
    public long Rows { get; }
    private readonly bool _npz;

    private FeatureFile(string path, int dimension, long rows, bool npz) { Path = path; Dimension = dimension; Rows = rows; _npz = npz; }

    public static async Task<FeatureFile> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"feature file {path} does not exist", path);
        if (path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
        {
            var (archive, stream, header) = Npy.OpenNpzEntry(path, "features");
            using (archive) using (stream)
            {
                if (header.Type == NpyType.Unicode || header.Shape.Count != 2)
                    throw new DataFormatException(path, null, "a two-dimensional float array 'features' (images x dimensions)");
                var (wa, ws, wh) = Npy.OpenNpzEntry(path, "wnids");
                using (wa) using (ws)
                    if (wh.Type != NpyType.Unicode || wh.Rows != header.Rows)
                        throw new DataFormatException(path, null, $"a unicode array 'wnids' with one label per feature row ({header.Rows})");
                return new FeatureFile(path, header.Columns, header.Rows, npz: true);
            }
        }
        var (keys, _, dimension, rows) = await VectorParquet.DescribeAsync(path, cancellationToken);
        if (!keys.Contains("wnid"))
            throw new DataFormatException(path, null, $"a 'wnid' key column (visual features: image_id, wnid, feature), found {string.Join(", ", keys)}");
        return new FeatureFile(path, dimension, rows, npz: false);
    }

    /// <summary>Streams the rows whose class passes <paramref name="keep"/> (all when null), in file order.</summary>
    public IAsyncEnumerable<FeatureBatch> ReadBatchesAsync(int batchSize, Func<string, bool>? keep = null, CancellationToken cancellationToken = default)
        => _npz ? ReadNpz(batchSize, keep).ToAsyncEnumerable() : ReadParquet(batchSize, keep, cancellationToken);

    private async IAsyncEnumerable<FeatureBatch> ReadParquet(int batchSize, Func<string, bool>? keep, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (keys, _, _, _) = await VectorParquet.DescribeAsync(Path, cancellationToken);
        var wnidIndex = keys.ToList().IndexOf("wnid");
        var idIndex = keys.ToList().IndexOf("image_id");
        var builder = new BatchBuilder(batchSize, Dimension);
        long row = 0;
        // Row groups are decoded whole (no per-row objects); only kept rows are copied into the batches.
        await foreach (var group in VectorParquet.ReadBatchesAsync(Path, cancellationToken))
        {
            if (group.Count > 0 && group.Values.Length != (long)group.Count * Dimension)
                throw new DataFormatException(Path, row + 1, $"a feature of {Dimension} values");
            var wnids = group.Keys[wnidIndex];
            for (var r = 0; r < group.Count; r++)
            {
                row++;
                var wnid = wnids[r];
                if (keep is not null && !keep(wnid)) continue;
                if (builder.Add(idIndex >= 0 ? group.Keys[idIndex][r] : row.ToString(), wnid, group.Values.Span.Slice(r * Dimension, Dimension)) is { } full) yield return full;
            }
        }
        if (builder.Flush() is { } last) yield return last;
    }

    private IEnumerable<FeatureBatch> ReadNpz(int batchSize, Func<string, bool>? keep)
    {
        string[] wnids, ids;
        {
            var (a, s, h) = Npy.OpenNpzEntry(Path, "wnids");
            using (a) using (s) wnids = Npy.ReadStrings(s, h, Path + ":wnids").ToArray();
        }
        if (Npy.NpzArrays(Path).Contains("image_ids"))
        {
            var (a, s, h) = Npy.OpenNpzEntry(Path, "image_ids");
            using (a) using (s) ids = Npy.ReadStrings(s, h, Path + ":image_ids").ToArray();
        }
        else ids = Enumerable.Range(1, wnids.Length).Select(i => i.ToString()).ToArray();
        var (archive, stream, header) = Npy.OpenNpzEntry(Path, "features");
        using (archive) using (stream)
        {
            var builder = new BatchBuilder(batchSize, Dimension);
            var i = 0;
            var vector = new float[Dimension];
            foreach (var values in Npy.ReadRows(stream, header, Path + ":features"))
            {
                var wnid = wnids[i];
                var id = ids[i++];
                if (keep is not null && !keep(wnid)) continue;
                for (var c = 0; c < vector.Length; c++) vector[c] = (float)values[c];
                if (builder.Add(id, wnid, vector) is { } full) yield return full;
            }
            if (builder.Flush() is { } last) yield return last;
        }
    }

    private sealed class BatchBuilder(int size, int dimension)
    {
        private List<string> _ids = new(size), _wnids = new(size);
        private float[] _values = new float[size * dimension];

        public FeatureBatch? Add(string id, string wnid, ReadOnlySpan<float> vector)
        {
            vector.CopyTo(_values.AsSpan(_ids.Count * dimension));
            _ids.Add(id);
            _wnids.Add(wnid);
            return _ids.Count == size ? Flush() : null;
        }

        public FeatureBatch? Flush()
        {
            if (_ids.Count == 0) return null;
            var batch = new FeatureBatch([.. _ids], [.. _wnids], _values.AsSpan(0, _ids.Count * dimension).ToArray(), dimension);
            _ids = new(size); _wnids = new(size);
            return batch;
        }
    }
}

/// <summary>Reads ahead of a consumer on another thread (bounded), so decoding overlaps with the consumer's work.</summary>
public static class Prefetch
{
    public static async IAsyncEnumerable<T> AheadAsync<T>(IAsyncEnumerable<T> source, int capacity, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<T>(new System.Threading.Channels.BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(stop.Token)) await channel.Writer.WriteAsync(item, stop.Token);
                channel.Writer.Complete();
            }
            catch (Exception e) { channel.Writer.Complete(e); }
        }, CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken)) yield return item;
        }
        finally
        {
            stop.Cancel();
            try { await producer; } catch (OperationCanceledException) { }
        }
    }
}

/// <summary>
/// Shuffles a stream of batches through a bounded buffer (seeded), so that SGD on a file sorted by class sees
/// mixed batches while memory stays bounded by <c>bufferRows</c>.
/// </summary>
public static class ShuffleBuffer
{
    public static async IAsyncEnumerable<FeatureBatch> ShuffleAsync(IAsyncEnumerable<FeatureBatch> source, int batchSize, int bufferRows, int seed)
    {
        var random = new Random(seed);
        var pool = new List<(string Id, string Wnid, float[] Vector)>(bufferRows);
        var dimension = 0;
        IEnumerable<FeatureBatch> Drain(int keep)
        {
            while (pool.Count - keep >= (keep == 0 ? 1 : batchSize))
            {
                var take = Math.Min(batchSize, pool.Count - keep);
                var ids = new string[take]; var wnids = new string[take]; var values = new float[take * dimension];
                for (var i = 0; i < take; i++)
                {
                    var j = random.Next(pool.Count);
                    var item = pool[j];
                    pool[j] = pool[^1];
                    pool.RemoveAt(pool.Count - 1);
                    ids[i] = item.Id; wnids[i] = item.Wnid;
                    item.Vector.CopyTo(values, i * dimension);
                }
                yield return new FeatureBatch(ids, wnids, values, dimension);
            }
        }
        await foreach (var batch in source)
        {
            dimension = batch.Dimension;
            for (var i = 0; i < batch.Count; i++) pool.Add((batch.ImageIds[i], batch.Wnids[i], batch.Row(i).ToArray()));
            if (pool.Count >= bufferRows)
                foreach (var b in Drain(bufferRows / 2)) yield return b;
        }
        foreach (var b in Drain(0)) yield return b;
    }
}
