using System.Text.Json;
using TorchSharp;
using Zsl.Models.Data;
using Zsl.Models.Graph;
using Zsl.Models.Models;
using Zsl.Store;

namespace Zsl.Models.Synthetic;

/// <summary>What the synthetic generator knows: the Bayes-optimal (noise-ceiling) ZSL accuracy on its test images.</summary>
public sealed record SyntheticTruth(int TrainClasses, int TestClasses, int FeatureDimension, int SemanticDimension, double Noise,
    int ImagesPerClass, double NoiseCeilingTop1, double Chance);

public sealed record SyntheticOptions
{
    public int FeatureDimension { get; init; } = 64;
    public int SemanticDimension { get; init; } = 32;
    public int ImagesPerClass { get; init; } = 20;
    public double Noise { get; init; } = 1.0;
    /// <summary>Weight of an ancestor k hops up in a class's semantic vector: decay^k.</summary>
    public double AncestorDecay { get; init; } = 0.7;
    public int Seed { get; init; } = 7;
}

/// <summary>
/// A ZSL benchmark with a known generating process over real WordNet classes: each synset n of the hierarchy
/// draws g_n ~ N(0, I); class c's semantic vector is s_c = Σ decay^k g_a over c and its ancestors a (k hops up),
/// normalised; an image of c is x = A s_c + σ ε with one fixed random map A (d x a) and ε ~ N(0, I).
/// Writes train.parquet (training-class images), eval.parquet (test-class images plus fresh training-class images for
/// the generalized setting), embeddings.parquet (s_c), split/ and truth.json.
/// </summary>
public static class SyntheticBenchmark
{
    public static async Task<SyntheticTruth> GenerateAsync(WordNetHierarchy hierarchy, ZslSplit split, SyntheticOptions options, string directory)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(options.Seed);
        var (a, d) = (options.SemanticDimension, options.FeatureDimension);
        var nodeVectors = new Dictionary<string, double[]>();
        double[] NodeVector(string n)
        {
            if (!nodeVectors.TryGetValue(n, out var v))
            {
                // Seeded per node so a class's vector does not depend on which other classes are in the split.
                var r = new Random(options.Seed * 7919 + StableHash(n));
                nodeVectors[n] = v = Enumerable.Range(0, a).Select(_ => Gaussian(r)).ToArray();
            }
            return v;
        }
        // Every synset of the induced hierarchy gets a vector (class embeddings usually cover all of WordNet; the
        // graph models read the ancestors' too); the classes' own are the ones images are drawn from.
        var semantics = new Dictionary<string, float[]>();
        foreach (var c in hierarchy.Induce(split.All).Nodes)
        {
            var s = (double[])NodeVector(c).Clone();
            foreach (var (ancestor, k) in hierarchy.Ancestors(c))
            {
                var g = NodeVector(ancestor);
                var w = Math.Pow(options.AncestorDecay, k);
                for (var i = 0; i < a; i++) s[i] += w * g[i];
            }
            var norm = Math.Sqrt(s.Sum(x => x * x));
            semantics[c] = s.Select(x => (float)(x / norm)).ToArray();
        }
        var map = new double[d, a];
        for (var i = 0; i < d; i++) for (var j = 0; j < a; j++) map[i, j] = Gaussian(random) / Math.Sqrt(a) * Math.Sqrt(d);
        var means = semantics.ToDictionary(p => p.Key, p =>
        {
            var m = new float[d];
            for (var i = 0; i < d; i++) { double sum = 0; for (var j = 0; j < a; j++) sum += map[i, j] * p.Value[j]; m[i] = (float)sum; }
            return m;
        });
        IEnumerable<VectorRow> Images(IEnumerable<string> classes, string prefix)
        {
            foreach (var c in classes)
                for (var k = 0; k < options.ImagesPerClass; k++)
                {
                    var x = new float[d];
                    for (var i = 0; i < d; i++) x[i] = (float)(means[c][i] + options.Noise * Gaussian(random));
                    yield return new VectorRow([$"{prefix}_{c}_{k:D4}", c], x);
                }
        }
        split.Save(Path.Combine(directory, "split"));
        await VectorParquet.WriteAsync(Path.Combine(directory, "embeddings.parquet"), ["wnid"], "vector", a,
            semantics.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new VectorRow([p.Key], p.Value)));
        await VectorParquet.WriteAsync(Path.Combine(directory, "train.parquet"), ["image_id", "wnid"], "feature", d, Images(split.Train, "train"));
        var evalRows = Images(split.Test, "test").Concat(Images(split.Train, "heldout")).ToList();
        await VectorParquet.WriteAsync(Path.Combine(directory, "eval.parquet"), ["image_id", "wnid"], "feature", d, evalRows);

        // Noise ceiling: with Gaussian noise of equal variance the Bayes classifier is the nearest true mean.
        var testSet = split.Test.ToHashSet();
        var correct = 0; var total = 0;
        foreach (var row in evalRows.Where(r => testSet.Contains(r.Keys[1])))
        {
            var best = split.Test.MinBy(c => Distance2(row.Vector, means[c]))!;
            total++;
            if (best == row.Keys[1]) correct++;
        }
        var truth = new SyntheticTruth(split.Train.Count, split.Test.Count, d, a, options.Noise, options.ImagesPerClass,
            (double)correct / total, 1.0 / split.Test.Count);
        AtomicFile.WriteText(Path.Combine(directory, "truth.json"), JsonSerializer.Serialize(truth, ZslModel.Json) + "\n");
        return truth;
    }

    /// <summary>Random unit class vectors of dimension <paramref name="dimension"/> (scale benchmarks).</summary>
    public static Dictionary<string, float[]> RandomEmbeddings(IEnumerable<string> classes, int dimension, int seed)
    {
        var random = new Random(seed);
        return classes.ToDictionary(c => c, _ =>
        {
            var v = Enumerable.Range(0, dimension).Select(_ => Gaussian(random)).ToArray();
            var norm = Math.Sqrt(v.Sum(x => x * x));
            return v.Select(x => (float)(x / norm)).ToArray();
        });
    }

    /// <summary>
    /// Streams <paramref name="rows"/> synthetic images of dimension <paramref name="dimension"/> cycling through
    /// <paramref name="classes"/>, in blocks of <paramref name="batchRows"/> rows (one Parquet row group each):
    /// x = A s_c + noise · ε with one random map A (d x a, entries N(0, d/a)), the given class vectors s_c and ε ~ N(0, I).
    /// Drawn in float32 (vectorised) by torch's process-wide generator, seeded here with <paramref name="seed"/> (a
    /// separate torch.Generator passed to randn did not give repeatable draws within one process), so the same seed gives
    /// the same rows as long as nothing else draws from torch while the batches are enumerated.
    /// </summary>
    public static IEnumerable<VectorBatch> ScaleBatches(IReadOnlyList<string> classes, IReadOnlyDictionary<string, float[]> semantics,
        int dimension, long rows, double noise, int seed, int batchRows = 2048)
    {
        torch.manual_seed(seed);
        var means = ClassMeans(classes, semantics, dimension);
        try
        {
            for (long start = 0; start < rows; start += batchRows)
            {
                var n = (int)Math.Min(batchRows, rows - start);
                var ids = new string[n];
                var wnids = new string[n];
                for (var r = 0; r < n; r++)
                {
                    ids[r] = $"img{start + r:D8}";
                    wnids[r] = classes[(int)((start + r) % classes.Count)];
                }
                yield return new VectorBatch([ids, wnids], DrawImages(means, start, n, noise), n);
            }
        }
        finally
        {
            means.Dispose();
        }
    }

    private static torch.Tensor ClassMeans(IReadOnlyList<string> classes, IReadOnlyDictionary<string, float[]> semantics, int dimension)
    {
        var a = semantics[classes[0]].Length;
        float[] map;
        using (var drawn = torch.randn(dimension, a)) map = drawn.data<float>().ToArray();
        // The products in plain loops (float64 sums), not a torch matmul: BLAS results can differ in the last bits with
        // the calling thread's OpenMP settings, and the means must not depend on which thread enumerates the batches.
        var scale = Math.Sqrt((double)dimension / a);
        var means = new float[classes.Count * dimension];
        for (var c = 0; c < classes.Count; c++)
        {
            var s = semantics[classes[c]];
            for (var i = 0; i < dimension; i++)
            {
                double sum = 0;
                for (var j = 0; j < a; j++) sum += map[i * a + j] * (double)s[j];
                means[c * dimension + i] = (float)(sum * scale);
            }
        }
        return torch.tensor(means, [classes.Count, dimension]);
    }

    private static float[] DrawImages(torch.Tensor means, long start, int n, double noise)
    {
        using var scope = torch.NewDisposeScope();
        var classes = means.shape[0];
        var index = torch.tensor(Enumerable.Range(0, n).Select(r => (start + r) % classes).ToArray());
        using var sigma = noise.ToScalar();
        var x = means.index_select(0, index).add_(torch.randn(n, means.shape[1]), alpha: sigma);
        return x.data<float>().ToArray();
    }

    private static double Distance2(float[] x, float[] m) { double s = 0; for (var i = 0; i < x.Length; i++) { var t = x[i] - m[i]; s += t * t; } return s; }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static int StableHash(string s) { unchecked { var h = 17; foreach (var ch in s) h = h * 31 + ch; return h & 0x7fffffff; } }
}
