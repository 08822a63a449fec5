using System.Diagnostics;
using Zsl.Torch;
using Zsl.WordVectors;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Zsl.Embeddings.Poincare;

public sealed record PoincareResult(Tensor Embeddings, int EpochsRun, ReconstructionMetrics Metrics, string StopReason, IReadOnlyList<double> EpochLosses);

/// <summary>
/// Poincaré embeddings (Nickel &amp; Kiela 2017, thesis eq. 4.5–4.6): for each closure pair (u, v), a softmax over
/// −d(u, v) against K sampled nodes v' unrelated to u; Riemannian SGD with projection into the ball; a burn-in
/// at a reduced learning rate with negatives drawn by degree^0.75; float64 throughout for stability near the rim.
/// </summary>
public static class PoincareTrainer
{
    public static PoincareResult Train(TaxonomyClosure closure, PoincareOptions options,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        TorchRuntime.Initialize(options.Seed, options.Threads);
        var n = closure.Nodes.Count;
        var weights = empty(n, options.Dimension, dtype: ScalarType.Float64).uniform_(-0.001, 0.001);
        var random = new Random(options.Seed);
        var pairs = closure.Pairs.ToArray();
        var related = new HashSet<long>(pairs.SelectMany(p => new[] { Key(p.Child, p.Ancestor), Key(p.Ancestor, p.Child) }));
        var degreeCdf = DegreeCdf(closure, 0.75);
        var clock = Stopwatch.StartNew();
        var losses = new List<double>();
        var stopReason = "epochs";
        ReconstructionMetrics? metrics = null;
        var epoch = 0;
        for (epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var burnIn = epoch <= options.BurnIn;
            var learningRate = burnIn ? options.LearningRate / options.BurnInFactor : options.LearningRate;
            random.Shuffle(pairs);
            double total = 0;
            for (var start = 0; start < pairs.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(options.BatchSize, pairs.Length - start);
                var k = options.Negatives;
                var left = new long[count];
                var right = new long[count * (k + 1)];
                for (var i = 0; i < count; i++)
                {
                    var (u, v) = pairs[start + i];
                    left[i] = u;
                    right[i * (k + 1)] = v;
                    for (var j = 1; j <= k; j++)
                        right[i * (k + 1) + j] = SampleNegative(u, v, n, related, random, burnIn ? degreeCdf : null);
                }
                // Sparse Riemannian SGD: gather the batch's rows into a leaf tensor, differentiate with respect to it,
                // and update only those rows (the whole table is 82k x d for the full noun closure).
                var ids = cat([tensor(left), tensor(right)]);
                var rows = weights.index_select(0, ids).requires_grad_(true);
                var us = rows[..count].unsqueeze(1);
                var vs = rows[count..].view(count, k + 1, options.Dimension);
                var logits = -PoincareBall.Distance(us, vs);
                var loss = F.cross_entropy(logits, zeros(count, dtype: ScalarType.Int64), reduction: nn.Reduction.Sum);
                loss.backward();
                PoincareBall.SparseRiemannianStep(weights, ids, rows.grad!, learningRate);
                total += loss.item<double>();
            }
            var meanLoss = total / pairs.Length;
            losses.Add(meanLoss);
            var elapsed = clock.Elapsed;
            var perEpoch = elapsed / epoch;
            var outOfTime = options.MaxMinutes is { } minutes && elapsed + perEpoch > TimeSpan.FromMinutes(minutes) && epoch < options.Epochs;
            double? map = null;
            if (epoch % options.EvalEvery == 0 || epoch == options.Epochs || outOfTime)
            {
                metrics = Reconstruction.Evaluate(weights.detach(), closure, options.EvalNodes, options.Seed);
                map = metrics.Map;
            }
            var remaining = perEpoch * (options.Epochs - epoch);
            if (options.MaxMinutes is { } budget)
                remaining = TimeSpan.FromTicks(Math.Min(remaining.Ticks, Math.Max(0, (TimeSpan.FromMinutes(budget) - elapsed).Ticks)));
            progress?.Report(new TrainingProgress("poincare", epoch, options.Epochs, meanLoss, map is null ? null : "MAP", map, map, elapsed, remaining));
            if (!double.IsFinite(meanLoss)) { stopReason = "loss diverged"; break; }
            if (outOfTime) { stopReason = $"time budget of {options.MaxMinutes} min"; break; }
        }
        metrics ??= Reconstruction.Evaluate(weights.detach(), closure, options.EvalNodes, options.Seed);
        return new PoincareResult(weights.detach(), Math.Min(epoch, options.Epochs), metrics, stopReason, losses);
    }

    public static Task<string> WriteAsync(string directory, PoincareResult result, TaxonomyClosure closure, PoincareOptions options,
        string data, CancellationToken cancellationToken = default)
    {
        var d = options.Dimension;
        var values = result.Embeddings.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        var rows = closure.Nodes.Select((wnid, i) => new KeyedVector(wnid, values.AsSpan(i * d, d).ToArray()));
        var metrics = new Dictionary<string, object?>(result.Metrics.ToDictionary())
        {
            ["epochsRun"] = result.EpochsRun,
            ["finalLoss"] = result.EpochLosses.Count > 0 ? result.EpochLosses[^1] : null,
            ["stopReason"] = result.StopReason,
            ["nodes"] = closure.Nodes.Count,
            ["pairs"] = closure.Pairs.Length,
        };
        var hyper = new Dictionary<string, object?>(options.ToDictionary()) { ["root"] = closure.Root };
        return ClassEmbeddingFile.WriteAsync(directory, rows,
            (count, dimension) => new EmbeddingManifest("poincare", data, hyper, options.Seed, metrics, count, dimension), cancellationToken);
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    /// <summary>A node unrelated to u (neither u, v, nor an ancestor or descendant of u); gives up after 20 tries.</summary>
    private static long SampleNegative(int u, int v, int n, HashSet<long> related, Random random, double[]? cdf)
    {
        var candidate = v;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            candidate = cdf is null ? random.Next(n) : Sample(cdf, random);
            if (candidate != u && candidate != v && !related.Contains(Key(u, candidate))) return candidate;
        }
        return candidate;
    }

    private static int Sample(double[] cdf, Random random)
    {
        var x = random.NextDouble() * cdf[^1];
        var i = Array.BinarySearch(cdf, x);
        return Math.Min(cdf.Length - 1, i >= 0 ? i + 1 : ~i);
    }

    private static double[] DegreeCdf(TaxonomyClosure closure, double power)
    {
        var degree = new double[closure.Nodes.Count];
        foreach (var (child, ancestor) in closure.Pairs) { degree[child]++; degree[ancestor]++; }
        var cdf = new double[degree.Length];
        double sum = 0;
        for (var i = 0; i < degree.Length; i++) cdf[i] = sum += Math.Pow(degree[i], power);
        return cdf;
    }
}
