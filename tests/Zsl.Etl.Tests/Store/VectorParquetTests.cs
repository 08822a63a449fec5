using CsCheck;
using DuckDB.NET.Data;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Store;

public class VectorParquetTests
{
    [Fact]
    public async Task Round_trip_over_several_row_groups_and_DuckDB_reads_the_lists()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "vectors.parquet");
        var rows = Enumerable.Range(0, 2500).Select(i => new VectorRow([$"img{i}", $"n{i:D8}"], [i, -i, i * 0.5f])).ToArray();
        var written = await VectorParquet.WriteAsync(path, ["image_id", "wnid"], "feature", 3, rows, new Dictionary<string, string> { ["model"] = "test" }, rowGroupSize: 1000);
        Assert.Equal(2500, written);

        var read = new List<VectorRow>();
        await foreach (var row in VectorParquet.ReadAsync(path)) read.Add(row);
        Assert.Equal(rows.Length, read.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i].Keys, read[i].Keys);
            Assert.Equal(rows[i].Vector, read[i].Vector);
        }
        var (keys, vector, dimension, count) = await VectorParquet.DescribeAsync(path);
        Assert.Equal(["image_id", "wnid"], keys);
        Assert.Equal(("feature", 3, 2500L), (vector, dimension, count));

        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT count(*)::BIGINT, sum(len(feature))::BIGINT, max(feature[2]), min(feature[2]) FROM read_parquet('{path}')";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(2500L, Convert.ToInt64(reader.GetValue(0)));
        Assert.Equal(7500L, Convert.ToInt64(reader.GetValue(1)));
        Assert.Equal(0f, Convert.ToSingle(reader.GetValue(2)));
        Assert.Equal(-2499f, Convert.ToSingle(reader.GetValue(3)));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_vector_of_the_wrong_length_is_refused_and_nothing_is_left()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "bad.parquet");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => VectorParquet.WriteAsync(path, ["wnid"], "vector", 2,
            [new VectorRow(["n1"], [1, 2]), new VectorRow(["n2"], [1, 2, 3])]));
        Assert.Contains("row 2", error.Message);
        Assert.Empty(Directory.GetFiles(dir));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_null_key_is_refused_with_its_row()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "null-key.parquet");
        using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            using var command = duck.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM (VALUES ('n1', [1.0, 2.0]::FLOAT[]), (NULL, [3.0, 4.0]::FLOAT[])) t(wnid, vector)) TO '{path}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        var error = await Assert.ThrowsAsync<DataFormatException>(async () => { await foreach (var _ in VectorParquet.ReadAsync(path)) { } });
        Assert.StartsWith($"{path}:2: ", error.Message);
        Assert.Contains("key column 'wnid', found null", error.Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Batches_round_trip_one_row_group_each_and_read_back_as_rows_and_as_batches()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "batches.parquet");
        VectorBatch Batch(int start, int count) => new(
            [Enumerable.Range(start, count).Select(i => $"img{i}").ToArray(), Enumerable.Range(start, count).Select(i => $"n{i % 3}").ToArray()],
            Enumerable.Range(start * 2, count * 2).Select(v => (float)v).ToArray(), count);
        var written = await VectorParquet.WriteBatchesAsync(path, ["image_id", "wnid"], "feature", 2,
            new[] { Batch(0, 5), Batch(5, 0), Batch(5, 3) }.ToAsyncEnumerable());
        Assert.Equal(8, written);
        var batches = await VectorParquet.ReadBatchesAsync(path).ToListAsync();
        Assert.Equal([5, 3], batches.Select(b => b.Count));
        Assert.Equal(["img5", "img6", "img7"], batches[1].Keys[0]);
        Assert.Equal(Enumerable.Range(10, 6).Select(v => (float)v), batches[1].Values.ToArray());
        var rows = await VectorParquet.ReadAsync(path).ToListAsync();
        Assert.Equal([14f, 15f], rows[7].Vector);
        Assert.Equal(["img7", "n1"], rows[7].Keys);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => VectorParquet.WriteBatchesAsync(Path.Combine(dir, "bad.parquet"), ["image_id", "wnid"], "feature", 2,
            new[] { Batch(0, 2), Batch(2, 2) with { Values = new float[3] } }.ToAsyncEnumerable()));
        Assert.Contains("row 3", error.Message);
        Assert.False(File.Exists(Path.Combine(dir, "bad.parquet")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Property_any_vectors_round_trip_bit_for_bit()
    {
        var dir = TestPaths.NewTempDirectory();
        Gen.Int[1, 6].SelectMany(d => Gen.Select(Gen.String.AlphaNumeric, Gen.Float.Array[d]).List[0, 40].Select(rows => (d, rows)))
            .Sample(sample =>
            {
                var (d, rows) = sample;
                var path = Path.Combine(dir, $"{Guid.NewGuid():N}.parquet");
                var input = rows.Select(r => new VectorRow([r.Item1], r.Item2)).ToArray();
                VectorParquet.WriteAsync(path, ["wnid"], "vector", d, input, rowGroupSize: 7).GetAwaiter().GetResult();
                var output = VectorParquet.ReadAsync(path).ToBlockingEnumerable().ToArray();
                return output.Length == input.Length && input.Zip(output).All(p => p.First.Keys[0] == p.Second.Keys[0]
                    && p.First.Vector.Select(BitConverter.SingleToInt32Bits).SequenceEqual(p.Second.Vector.Select(BitConverter.SingleToInt32Bits)));
            }, iter: 30);
        Directory.Delete(dir, true);
    }
}
