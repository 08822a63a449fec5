using Zsl.Models.Data;
using Zsl.Models.Graph;
using Zsl.Models.Models;
using Zsl.Models.Synthetic;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Models;

/// <summary>The scale path: float32 accumulation, the synthetic feature generator, streamed batches; the dense graph.</summary>
public class ScaleTests
{
    [Fact]
    public void Float32_batches_accumulate_to_the_float64_statistics_across_flushes()
    {
        TorchRuntime.Initialize(1);
        const int d = 5, classes = 3, n = EszslAccumulator.Float32FlushImages + 3_700;
        var x64 = randn(n, d, dtype: ScalarType.Float64);
        var labels = Enumerable.Range(0, n).Select(i => (long)(i * 7 % classes)).ToArray();
        using var acc = new EszslAccumulator(d, ["a", "b", "c"]);
        var x32 = x64.to_type(ScalarType.Float32);
        for (var start = 0; start < n; start += 3_000)
        {
            var end = Math.Min(n, start + 3_000);
            acc.Add(x32[start..end], labels[start..end]);
        }
        var expectedGram = x64.t().mm(x64);
        var expectedSums = zeros(classes, d, dtype: ScalarType.Float64).index_add_(0, tensor(labels), x64, 1);
        Assert.Equal(n, acc.Images);
        Assert.Equal(ScalarType.Float64, acc.Gram.dtype);
        // float32 products over ≤ 16,384 images: relative error of a few 1e-7; a lost or doubled batch would be > 0.1.
        var gramError = ((acc.Gram - expectedGram).norm() / expectedGram.norm()).item<double>();
        var sumsError = ((acc.ClassSums - expectedSums).norm() / expectedSums.norm()).item<double>();
        Assert.True(gramError < 1e-5 && sumsError < 1e-5, $"relative errors: XXᵀ {gramError:E2}, class sums {sumsError:E2}");
        Assert.Equal(labels.Count(l => l == 1), acc.Counts[1]);
    }

    [Fact]
    public async Task Synthetic_features_are_deterministic_cycle_through_the_classes_and_stream_back_in_batches()
    {
        TorchRuntime.Initialize(1, threads: 1);
        var dir = TestPaths.NewTempDirectory();
        string[] classes = ["n01", "n02", "n03"];
        var semantics = SyntheticBenchmark.RandomEmbeddings(classes, 4, seed: 2);
        async Task<string> Write(string name)
        {
            var path = Path.Combine(dir, name);
            var written = await VectorParquet.WriteBatchesAsync(path, ["image_id", "wnid"], "feature", 16,
                SyntheticBenchmark.ScaleBatches(classes, semantics, 16, 1_000, noise: 0.1, seed: 5, batchRows: 256).ToAsyncEnumerable());
            Assert.Equal(1_000, written);
            return path;
        }
        float[] Draw() => SyntheticBenchmark.ScaleBatches(classes, semantics, 16, 1_000, noise: 0.1, seed: 5, batchRows: 256).SelectMany(x => x.Values.ToArray()).ToArray();
        var d1 = Draw(); var d2 = Draw();
        Assert.Equal(d1.Select(BitConverter.SingleToInt32Bits), d2.Select(BitConverter.SingleToInt32Bits));
        var a = await Write("a.parquet");
        var b = await Write("b.parquet");
        // Same seed, same file, byte for byte (the writes run on whatever thread-pool thread awaits them).
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        var rowsA = await VectorParquet.ReadAsync(a).ToListAsync();
        var rowsB = await VectorParquet.ReadAsync(b).ToListAsync();
        Assert.Equal(rowsA.SelectMany(r => r.Keys), rowsB.SelectMany(r => r.Keys));
        Assert.Equal(rowsA.SelectMany(r => r.Vector).Select(BitConverter.SingleToInt32Bits), rowsB.SelectMany(r => r.Vector).Select(BitConverter.SingleToInt32Bits));

        var file = await FeatureFile.OpenAsync(a);
        Assert.Equal((16, 1_000L), (file.Dimension, file.Rows));
        var batches = await file.ReadBatchesAsync(300, c => c != "n02").ToListAsync();
        Assert.Equal([300, 300, 67], batches.Select(x => x.Count));
        Assert.DoesNotContain("n02", batches.SelectMany(x => x.Wnids));
        Assert.Equal("img00000003", batches[0].ImageIds[2]);   // rows 0, 2, 3: row 1 is n02
        Assert.Equal("n01", batches[0].Wnids[2]);
        // Images of a class scatter (noise 0.1) around one mean; different classes have different means.
        var rows = batches.SelectMany(x => Enumerable.Range(0, x.Count).Select(i => (x.Wnids[i], x.Row(i).ToArray()))).ToArray();
        var first = rows.Where(r => r.Item1 == "n01").Select(r => r.Item2).ToArray();
        var third = rows.First(r => r.Item1 == "n03").Item2;
        double Distance(float[] p, float[] q) => Math.Sqrt(p.Zip(q).Sum(t => (t.First - t.Second) * (t.First - t.Second)));
        Assert.True(Distance(first[0], first[1]) < 1.0, $"same class {Distance(first[0], first[1])}");
        Assert.True(Distance(first[0], third) > 2.0, $"other class {Distance(first[0], third)}");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Dense_graph_links_each_node_to_its_descendants_and_ancestors_by_distance_with_far_ones_grouped()
    {
        // A chain r <- a <- b <- c <- d <- e <- f (f deepest) plus a second child x of a.
        var hierarchy = WordNetHierarchy.FromEdges([("a", "r"), ("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("x", "a")]);
        string[] nodes = ["f", "x", "a", "b", "c", "d", "e", "r"];
        var (down, up) = GcnTrainer.DenseGraphGroups(nodes, hierarchy);
        Assert.Equal(GcnTrainer.AdgpmMaxDistance + 1, down.Length);
        int I(string n) => Array.IndexOf(nodes, n);
        Assert.Equal(nodes.Select((_, i) => (i, i)), down[0]);
        Assert.Equal(down[0], up[0]);
        // Ancestor phase: row = node, column = its ancestor k hops up; descendant phase is the transpose.
        Assert.Contains((I("f"), I("e")), up[1]);
        Assert.Contains((I("e"), I("f")), down[1]);
        Assert.Contains((I("x"), I("r")), up[2]);
        Assert.Contains((I("r"), I("x")), down[2]);
        // f is 6 hops below r and 5 below a: both fall in the last group (distance ≥ 4), as does e (5 hops below r).
        Assert.Contains((I("f"), I("r")), up[4]);
        Assert.Contains((I("f"), I("a")), up[4]);
        Assert.Contains((I("f"), I("b")), up[4]);
        Assert.Contains((I("e"), I("r")), up[4]);
        Assert.DoesNotContain((I("f"), I("c")), up[4]);
        Assert.Contains((I("f"), I("c")), up[3]);
        for (var k = 0; k < up.Length; k++)
            Assert.Equal(up[k].Select(p => (p.Column, p.Row)).Order(), down[k].Order());
        Assert.Equal(6 + 5 + 4 + 3 + 2 + 1 + 2, up.Skip(1).Sum(g => g.Count));   // every ancestor link once
    }
}
