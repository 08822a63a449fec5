using System.Diagnostics;
using Zsl.Torch;
using Zsl.WordVectors;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Zsl.Embeddings.Poincare;

public sealed record PoincareResult(Tensor Embeddings, int EpochsRun, ReconstructionMetrics Metrics, string StopReason, IReadOnlyList<double> EpochLosses);

/// <summary>
/// Poincaré embeddings (Nickel &amp; Kiela 2017, thesis eq. 4.5–4.6): for each closure pair (u, v), a softmax over
/// −d(u, v) against K sampled negatives v' (not u nor an ancestor of u, see <see cref="NegativeSampler"/>); Riemannian SGD with projection into the ball; a burn-in
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
        var d = options.Dimension;
        var threads = options.Threads ?? Environment.ProcessorCount;
        var initial = empty(n, d, dtype: ScalarType.Float64).uniform_(-0.001, 0.001);
        // native engine: the weights live in a C# array; torch engine: in a tensor (the reference implementation)
        var native = options.Engine == PoincareEngine.Native;
        var weights = native ? initial.contiguous().data<double>().ToArray() : [];
        var weightsTensor = native ? null : initial;
        var random = new Random(options.Seed);
        var pairs = closure.Pairs.ToArray();
        var sampler = new NegativeSampler(closure, options.Seed);
        var k = options.Negatives;
        var width = k + 1;
        var clock = Stopwatch.StartNew();
        var losses = new List<double>();
        var stopReason = "epochs";
        ReconstructionMetrics? metrics = null;
        Tensor Current() => native ? tensor(weights).view(n, d) : weightsTensor!.detach();
        var epoch = 0;
        for (epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var burnIn = epoch <= options.BurnIn;
            var learningRate = LearningRate(options, epoch);
            random.Shuffle(pairs);
            double total = 0;
            var batch = Math.Min(options.BatchSize, pairs.Length);
            var ids = new int[batch * (1 + width)];
            var rowGradients = native ? new double[ids.Length * d] : [];
            var batchLosses = new double[batch];
            var scales = new double[ids.Length];
            for (var start = 0; start < pairs.Length; start += options.BatchSize)
            {
                var count = Math.Min(options.BatchSize, pairs.Length - start);
                var left = ids.AsSpan(0, count);
                var right = ids.AsSpan(count, count * width);
                for (var i = 0; i < count; i++) left[i] = pairs[start + i].Child;
                if (native)
                {
                    // the batch's ids: u's first, then each pair's related node and negatives (the torch layout)
                    var batchStart = start;
                    var idArray = ids;
                    PoincareKernel.ForEachPair(count, width, threads, (i, scratch) =>
                    {
                        var (u, v) = pairs[batchStart + i];
                        var candidates = idArray.AsSpan(count + i * width, width);
                        sampler.Sample(epoch, batchStart + i, u, v, candidates, burnIn);
                        batchLosses[i] = PoincareKernel.PairLossAndGradient(weights, d, u, candidates,
                            rowGradients.AsSpan(i * d, d), rowGradients.AsSpan((count + i * width) * d, width * d), scratch);
                    });
                    for (var i = 0; i < count; i++) total += batchLosses[i];
                    PoincareKernel.SparseStep(weights, d, ids.AsSpan(0, count * (1 + width)), rowGradients, learningRate, scales);
                }
                else
                {
                    for (var i = 0; i < count; i++)
                        sampler.Sample(epoch, start + i, pairs[start + i].Child, pairs[start + i].Ancestor, right.Slice(i * width, width), burnIn);
                    total += TorchStep(weightsTensor!, ids.AsSpan(0, count * (1 + width)), count, width, d, learningRate);
                }
            }
            var meanLoss = total / pairs.Length;
            losses.Add(meanLoss);
            var elapsed = clock.Elapsed;
            var perEpoch = elapsed / epoch;
            var outOfTime = options.MaxMinutes is { } minutes && elapsed + perEpoch > TimeSpan.FromMinutes(minutes) && epoch < options.Epochs;
            double? map = null;
            var last = epoch == options.Epochs || outOfTime || !double.IsFinite(meanLoss);
            if (epoch % options.EvalEvery == 0 || last)
            {
                var evalNodes = last ? options.FinalEvalNodes ?? options.EvalNodes : options.EvalNodes;
                metrics = native ? Reconstruction.Evaluate(weights, d, closure, evalNodes, options.Seed, threads)
                    : Reconstruction.Evaluate(Current(), closure, evalNodes, options.Seed, threads);
                map = metrics.Map;
            }
            var remaining = perEpoch * (options.Epochs - epoch);
            if (options.MaxMinutes is { } budget)
                remaining = TimeSpan.FromTicks(Math.Min(remaining.Ticks, Math.Max(0, (TimeSpan.FromMinutes(budget) - elapsed).Ticks)));
            progress?.Report(new TrainingProgress("poincare", epoch, options.Epochs, meanLoss, map is null ? null : "MAP", map, map, elapsed, remaining));
            if (!double.IsFinite(meanLoss)) { stopReason = "loss diverged"; break; }
            if (outOfTime) { stopReason = $"time budget of {options.MaxMinutes} min"; break; }
        }
        metrics ??= Reconstruction.Evaluate(Current(), closure, options.FinalEvalNodes ?? options.EvalNodes, options.Seed, threads);
        return new PoincareResult(Current(), Math.Min(epoch, options.Epochs), metrics, stopReason, losses);
    }

    /// <summary>Learning rate of an epoch: lr / burn-in factor during burn-in, then lr, decayed linearly to
    /// lr × <see cref="PoincareOptions.FinalLearningRateFactor"/> over the remaining epochs.</summary>
    public static double LearningRate(PoincareOptions options, int epoch)
    {
        if (epoch <= options.BurnIn) return options.LearningRate / options.BurnInFactor;
        var span = Math.Max(1, options.Epochs - options.BurnIn);
        var progress = Math.Clamp((epoch - options.BurnIn - 1) / (double)span, 0, 1);
        return options.LearningRate * (1 - progress * (1 - options.FinalLearningRateFactor));
    }

    /// <summary>One batch with TorchSharp autograd and <see cref="PoincareBall.SparseRiemannianStep"/> (the reference
    /// the native kernel is tested against). Returns the summed loss.</summary>
    public static double TorchStep(Tensor weights, ReadOnlySpan<int> batchIds, int count, int width, int dimension, double learningRate)
    {
        using var scope = NewDisposeScope();
        var idValues = new long[batchIds.Length];
        for (var i = 0; i < idValues.Length; i++) idValues[i] = batchIds[i];
        // Sparse Riemannian SGD: gather the batch's rows into a leaf tensor, differentiate with respect to it,
        // and update only those rows (the whole table is 82k x d for the full noun closure).
        var ids = tensor(idValues);
        var rows = weights.index_select(0, ids).requires_grad_(true);
        var loss = BatchLoss(rows, count, width, dimension);
        loss.backward();
        PoincareBall.SparseRiemannianStep(weights, ids, rows.grad!, learningRate);
        return loss.item<double>();
    }

    /// <summary>Summed loss of eq. 4.6 over a batch whose rows are u's (count) then each pair's candidates (count × width).</summary>
    public static Tensor BatchLoss(Tensor rows, int count, int width, int dimension)
    {
        var us = rows[..count].unsqueeze(1);
        var vs = rows[count..].view(count, width, dimension);
        var logits = -PoincareBall.Distance(us, vs);
        return F.cross_entropy(logits, zeros(count, dtype: ScalarType.Int64), reduction: nn.Reduction.Sum);
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
}
