using CsCheck;
using Zsl.Models.Data;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Training.Tests.Models;

/// <summary>The .npy/.npz reader against files written by NumPy itself (Fixtures/make_fixtures.py).</summary>
public class NpyTests
{
    public static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Zsl.Training.Tests", "Models", "Fixtures", name);

    private static double Expected(int r, int c) => r * 10 + c + 0.25;

    [Theory]
    [InlineData("f4.npy", NpyType.Float32)]
    [InlineData("f8.npy", NpyType.Float64)]
    [InlineData("v2.npy", NpyType.Float32)]
    public void Reads_numpy_matrices_row_by_row(string file, NpyType type)
    {
        using var stream = File.OpenRead(Fixture(file));
        var header = Npy.ReadHeader(stream, file);
        Assert.Equal(type, header.Type);
        Assert.Equal([7L, 5L], header.Shape);
        var rows = Npy.ReadRows(stream, header, file).ToArray();
        Assert.Equal(7, rows.Length);
        for (var r = 0; r < 7; r++) for (var c = 0; c < 5; c++) Assert.Equal(Expected(r, c), rows[r][c]);
    }

    [Fact]
    public void Reads_a_vector_as_rows_of_one_value()
    {
        var rows = Npy.ReadMatrix(Fixture("vector-f8.npy"));
        Assert.Equal(Enumerable.Range(0, 7).Select(r => Expected(r, 0)), rows.Select(r => r[0]));
    }

    [Theory]
    [InlineData("fortran.npy", "C-order")]
    [InlineData("big-endian.npy", "'>f4'")]
    [InlineData("int64.npy", "'<i8'")]
    [InlineData("truncated.npy", "ends in row 7")]
    public void Rejects_what_it_cannot_read_with_the_reason(string file, string reason)
    {
        var error = Assert.Throws<DataFormatException>(() => Npy.ReadMatrix(Fixture(file)));
        Assert.Contains(reason, error.Message);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void Writes_byte_for_byte_what_numpy_writes()
    {
        using var ours = new MemoryStream();
        Npy.WriteFloats(ours, [7, 5], Enumerable.Range(0, 35).Select(i => Expected(i / 5, i % 5)), NpyType.Float32);
        Assert.Equal(File.ReadAllBytes(Fixture("f4.npy")), ours.ToArray());
    }

    [Fact]
    public void Round_trips_any_matrix_in_both_precisions() =>
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 6], Gen.Bool).SelectMany((r, c, wide) =>
                Gen.Double[-1e6, 1e6].Array[r * c].Select(values => (r, c, wide, values)))
            .Sample(t =>
            {
                using var stream = new MemoryStream();
                var type = t.wide ? NpyType.Float64 : NpyType.Float32;
                Npy.WriteFloats(stream, [t.r, t.c], t.values, type);
                stream.Position = 0;
                var header = Npy.ReadHeader(stream, "memory");
                var back = Npy.ReadRows(stream, header, "memory").SelectMany(x => x).ToArray();
                var expected = t.wide ? t.values : t.values.Select(v => (double)(float)v).ToArray();
                Assert.Equal(expected, back);
                Assert.Equal(0, (10 + BitConverter.ToUInt16(stream.ToArray(), 8)) % 64); // header padded like numpy's
            }, iter: 200);

    [Theory]
    [InlineData("features-stored.npz")]
    [InlineData("features-deflated.npz")]
    public async Task Streams_labelled_features_from_an_npz_archive(string file)
    {
        var features = await FeatureFile.OpenAsync(Fixture(file));
        Assert.Equal(5, features.Dimension);
        Assert.Equal(7, features.Rows);
        var batches = await features.ReadBatchesAsync(3, w => w != "n01503061").ToListAsync();
        Assert.Equal([3, 2], batches.Select(b => b.Count));
        var all = batches.SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (b.ImageIds[i], b.Wnids[i], b.Row(i).ToArray()))).ToArray();
        Assert.Equal(["n02084071", "n02121808", "n02084071", "n02121808", "n02084071"], all.Select(x => x.Item2));
        Assert.Equal((float)Expected(3, 4), all[2].Item3[4]);
        if (file == "features-stored.npz") Assert.Equal("img003", all[2].Item1);
    }

    [Fact]
    public async Task An_npz_without_labels_is_rejected()
    {
        var error = await Assert.ThrowsAsync<DataFormatException>(() => FeatureFile.OpenAsync(Fixture("no-wnids.npz")));
        Assert.Contains("'wnids'", error.Message);
    }
}
