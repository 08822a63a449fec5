using System.Diagnostics;
using TorchSharp;
using Zsl.Torch;
using Zsl.Torch.Optimizers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Zsl.Embeddings.Kge;

/// <summary>Progress inside an epoch: batches done and the mean loss so far.</summary>
public sealed record BatchProgress(int Epoch, int Batch, int Batches, double MeanLoss, TimeSpan EpochElapsed)
{
    public override string ToString()
    {
        var eta = TimeSpan.FromTicks(EpochElapsed.Ticks / Batch * (Batches - Batch));
        return $"  epoch {Epoch}: batch {Batch}/{Batches}  loss {MeanLoss:G5}  {EpochElapsed.TotalSeconds:F0} s, epoch ETA {eta.TotalSeconds:F0} s";
    }
}

/// <summary>The outcome of a training run: the trained model (best validation checkpoint) and its metrics.</summary>
public sealed record KgeResult(
    KgeModel Model, int EpochsRun, int BestEpoch, double BestValidMrr, LinkPredictionMetrics? Test, string StopReason,
    IReadOnlyList<double> EpochLosses, LinkPredictionMetrics? Valid = null,
    IReadOnlyList<double>? EpochLearningRates = null, IReadOnlyList<(int Epoch, double Mrr)>? Validations = null);

/// <summary>
/// Trains a knowledge-graph embedding model with Adam on the training facts and their reciprocals, validates the
/// filtered MRR every few epochs, keeps the best weights as a checkpoint, stops early when the validation MRR has
/// not improved for <see cref="KgeOptions.Patience"/> validations (or the time budget is spent), and evaluates the
/// best checkpoint on the test split. With <see cref="KgeOptions.LrDecay"/> &lt; 1 the learning rate is multiplied by
/// it after every <see cref="KgeOptions.LrPatience"/> validations without improvement (training goes on from the
/// current weights); with <see cref="KgeOptions.CosineSchedule"/> it follows a cosine from the initial rate over
/// <see cref="KgeOptions.Epochs"/> epochs. With <see cref="KgeOptions.WeightAverageDecay"/> &gt; 0 an exponential moving
/// average of the weights (<see cref="WeightAverage"/>) is what is validated, checkpointed and tested.
/// </summary>
public static class KgeTrainer
{
    public static KgeResult Train(KnowledgeGraph graph, KgeOptions options, string? checkpointPath = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default,
        IProgress<BatchProgress>? batchProgress = null)
    {
        options.Validate();
        TorchRuntime.Initialize(options.Seed, options.Threads);
        if (options.EffectiveScoring == KgeScoring.OneToN) OneToNStep.KeepFreedMemoryForReuse();
        var model = KgeModel.Create(options.Model, graph.EntityCount, graph.RelationCount * 2, options.Dimension, options);
        var optimizer = new Adam(model.parameters(), options.LearningRate, options.WeightDecay);
        using var average = options.WeightAverageDecay > 0 ? new WeightAverage(model, options.WeightAverageDecay) : null;
        var random = new Random(options.Seed);
        // distinct queries: one row per (h, r) in a fixed order (its tail field is unused: targets come from TrainTails)
        var facts = options.DistinctQueries
            ? graph.TrainTails.Keys.OrderBy(k => k.Head).ThenBy(k => k.Relation)
                .Select(k => new Triple(k.Head, k.Relation, graph.TrainTails[k][0])).ToArray()
            : graph.WithReciprocals(graph.Train).ToArray();
        var valid = options.ValidSample is { } sample && sample < graph.Valid.Length
            ? graph.Valid.OrderBy(_ => random.Next()).Take(sample).ToArray()
            : graph.Valid;
        var temporaryCheckpoint = checkpointPath is null;
        checkpointPath ??= Path.Combine(Path.GetTempPath(), $"zsl-kge-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        var clock = Stopwatch.StartNew();
        var losses = new List<double>();
        var best = double.NegativeInfinity;
        var bestEpoch = 0;
        var stale = 0;
        var stopReason = "epochs";
        var epoch = 0;
        var sinceDecay = 0;
        var learningRates = new List<double>();
        var validations = new List<(int, double)>();
        try
        {
            for (epoch = 1; epoch <= options.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                random.Shuffle(facts);
                model.train();
                if (options.CosineSchedule) optimizer.LearningRate = options.LearningRateAt(epoch);
                learningRates.Add(optimizer.LearningRate);
                var loss = RunEpoch(model, optimizer, average, graph, facts, options, random, epoch, batchProgress);
                losses.Add(loss);
                string? note = null;
                double? validMrr = null;
                if (epoch % options.EvalEvery == 0 || epoch == options.Epochs || valid.Length == 0)
                {
                    bool improved;
                    using (average?.Apply())
                    {
                        validMrr = valid.Length == 0 ? -loss : FilteredEvaluator.Evaluate(model, graph, valid).Both.Mrr;
                        improved = validMrr > best;
                        if (improved) model.save(checkpointPath);
                    }
                    validations.Add((epoch, validMrr.Value));
                    if (improved)
                    {
                        best = validMrr.Value;
                        bestEpoch = epoch;
                        stale = 0;
                        sinceDecay = 0;
                    }
                    else
                    {
                        stale++;
                        if (options.LrDecay < 1 && ++sinceDecay >= options.LrPatience)
                        {
                            optimizer.LearningRate *= options.LrDecay;
                            sinceDecay = 0;
                            note = $"lr → {optimizer.LearningRate:G3}";
                        }
                    }
                }
                var elapsed = clock.Elapsed;
                var perEpoch = elapsed / epoch;
                var remaining = perEpoch * (options.Epochs - epoch);
                if (options.MaxMinutes is { } budget)
                    remaining = TimeSpan.FromTicks(Math.Min(remaining.Ticks, Math.Max(0, (TimeSpan.FromMinutes(budget) - elapsed).Ticks)));
                progress?.Report(new TrainingProgress(options.Model.ToString(), epoch, options.Epochs, loss,
                    validMrr is null ? null : "valid MRR", validMrr, best, elapsed, remaining, note));
                if (!double.IsFinite(loss)) { stopReason = "loss diverged"; break; }
                if (stale >= options.Patience) { stopReason = $"early stop: no better valid MRR in {options.Patience} validations"; break; }
                if (options.MaxMinutes is { } minutes && elapsed + perEpoch > TimeSpan.FromMinutes(minutes) && epoch < options.Epochs)
                {
                    stopReason = $"time budget of {minutes} min";
                    if (epoch % options.EvalEvery != 0 && valid.Length > 0)
                    {
                        using var applied = average?.Apply();
                        var last = FilteredEvaluator.Evaluate(model, graph, valid).Both.Mrr;
                        if (last > best) { best = last; bestEpoch = epoch; model.save(checkpointPath); }
                    }
                    break;
                }
            }
            var epochsRun = Math.Min(epoch, options.Epochs);
            if (bestEpoch > 0) model.load(checkpointPath);
            else average?.Apply(); // no checkpoint (no validation ran): keep the averaged weights, not the live ones
            var test = graph.Test.Length > 0 ? FilteredEvaluator.Evaluate(model, graph, graph.Test) : null;
            // the whole validation split on the same checkpoint, by the same protocol: comparable with the test numbers
            // (the best-validation MRR above may come from a sample and is the maximum over several validations)
            var validAll = graph.Valid.Length > 0 ? FilteredEvaluator.Evaluate(model, graph, graph.Valid) : null;
            return new KgeResult(model, epochsRun, bestEpoch, best, test, stopReason, losses, validAll, learningRates, validations);
        }
        finally
        {
            optimizer.Dispose();
            if (temporaryCheckpoint && File.Exists(checkpointPath)) File.Delete(checkpointPath);
        }
    }

    private static double RunEpoch(KgeModel model, Adam optimizer, WeightAverage? average, KnowledgeGraph graph, Triple[] facts,
        KgeOptions options, Random random, int epoch, IProgress<BatchProgress>? batchProgress)
    {
        double total = 0;
        var batches = 0;
        var batchCount = (facts.Length + options.BatchSize - 1) / options.BatchSize;
        var clock = Stopwatch.StartNew();
        var byHand = options.EffectiveScoring == KgeScoring.OneToN && model.HasQueryVectors;
        for (var start = 0; start < facts.Length; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(options.BatchSize, facts.Length - start);
            var batch = facts.AsSpan(start, count);
            var heads = new long[count];
            var relations = new long[count];
            var tails = new long[count];
            for (var i = 0; i < count; i++) (heads[i], relations[i], tails[i]) = (batch[i].Head, batch[i].Relation, batch[i].Tail);
            var h = tensor(heads);
            var r = tensor(relations);
            var weights = options.SubsamplingWeights ? tensor(SubsamplingWeights(graph, batch)) : null;
            optimizer.ZeroGrad();
            double batchLoss;
            if (byHand) batchLoss = OneToNStep.Backward(model, graph, h, r, tails, options);
            else
            {
                var loss = options.EffectiveScoring switch
                {
                    KgeScoring.OneToN => OneToNLoss(model, graph, h, r, tails, batch, options),
                    KgeScoring.Shared => SharedNegativesLoss(model, graph, h, r, tails, options, random, weights),
                    _ => NegativeSamplingLoss(model, graph, h, r, tails, options, random, weights),
                };
                loss.backward();
                batchLoss = loss.item<float>();
            }
            if (options.N3 > 0)
            {
                var penalty = model.N3(h, r, tensor(tails)) * tensor(options.N3, dtype: ScalarType.Float32);
                penalty.backward();
                batchLoss += penalty.item<float>();
            }
            optimizer.Step();
            model.AfterStep();
            average?.Update();
            total += batchLoss;
            batches++;
            batchProgress?.Report(new BatchProgress(epoch, batches, batchCount, total / batches, clock.Elapsed));
        }
        return total / Math.Max(1, batches);
    }

    /// <summary>
    /// RotatE's subsampling weight of each fact: 1/√(n(h, r) + n(t, r⁻¹)), n = the query's training facts counted
    /// from 4 (so a fact and its reciprocal get the same weight).
    /// </summary>
    public static float[] SubsamplingWeights(KnowledgeGraph graph, ReadOnlySpan<Triple> batch)
    {
        var weights = new float[batch.Length];
        var tails = graph.TrainTails;
        for (var i = 0; i < batch.Length; i++)
        {
            var (h, r, t) = batch[i];
            var inverse = r < graph.RelationCount ? r + graph.RelationCount : r - graph.RelationCount;
            var forward = tails.TryGetValue((h, r), out var a) ? a.Length : 0;
            var backward = tails.TryGetValue((t, inverse), out var b) ? b.Length : 0;
            weights[i] = (float)(1 / Math.Sqrt(forward + 4 + backward + 4));
        }
        return weights;
    }

    private static Tensor OneToNLoss(KgeModel model, KnowledgeGraph graph, Tensor h, Tensor r, long[] tails,
        ReadOnlySpan<Triple> batch, KgeOptions options)
    {
        var scores = model.ScoreAll(h, r);
        if (options.EffectiveLoss == KgeLoss.Softmax)
            return F.cross_entropy(scores, tensor(tails));
        // BCE against every true training object of (h, r), with label smoothing (Dettmers et al.).
        var n = graph.EntityCount;
        var smoothing = (float)options.LabelSmoothing;
        var negative = smoothing / n;
        var positive = 1f - smoothing + negative;
        var targets = new float[batch.Length * n];
        Array.Fill(targets, negative);
        for (var i = 0; i < batch.Length; i++)
            foreach (var t in graph.TrainTails[(batch[i].Head, batch[i].Relation)])
                targets[i * n + t] = positive;
        return F.binary_cross_entropy_with_logits(scores, tensor(targets).view(batch.Length, n));
    }

    private static Tensor NegativeSamplingLoss(KgeModel model, KnowledgeGraph graph, Tensor h, Tensor r, long[] tails,
        KgeOptions options, Random random, Tensor? weights)
    {
        var k = options.Negatives;
        var candidates = new long[tails.Length * (k + 1)];
        for (var i = 0; i < tails.Length; i++)
        {
            candidates[i * (k + 1)] = tails[i];
            for (var j = 1; j <= k; j++) candidates[i * (k + 1) + j] = random.Next(graph.EntityCount);
        }
        var scores = model.ScoreCandidates(h, r, tensor(candidates).view(tails.Length, k + 1));
        return CandidateLoss(scores[.., ..1], scores[.., 1..], null, options, weights);
    }

    /// <summary>K uniform entities per batch are the negatives of every fact in it (a fact's own object is masked out).</summary>
    private static Tensor SharedNegativesLoss(KgeModel model, KnowledgeGraph graph, Tensor h, Tensor r, long[] tails,
        KgeOptions options, Random random, Tensor? weights)
    {
        var sample = new long[options.Negatives];
        for (var j = 0; j < sample.Length; j++) sample[j] = random.Next(graph.EntityCount);
        var ids = tensor(sample);
        var t = tensor(tails);
        var positive = model.ScoreCandidates(h, r, t.unsqueeze(1));
        var negative = model.ScoreShared(h, r, ids);
        var isPositive = ids.unsqueeze(0).eq(t.unsqueeze(1));
        return CandidateLoss(positive, negative, isPositive, options, weights);
    }

    /// <summary>
    /// The loss of positive scores [B, 1] against negative scores [B, K]; <paramref name="mask"/> marks negatives to
    /// ignore; <paramref name="weights"/> [B] weight the facts of the self-adversarial loss (null: plain mean).
    /// </summary>
    private static Tensor CandidateLoss(Tensor positive, Tensor negative, Tensor? mask, KgeOptions options, Tensor? weights = null)
    {
        var count = positive.shape[0];
        // The margin is a 0-dim tensor, not a double: an implicit TorchSharp Scalar can be collected while libtorch
        // still reads it ("Unknown scalar type", seen in a long DistMult run).
        var margin = tensor(options.EffectiveMargin, dtype: negative.dtype);
        var keep = mask is null ? ones_like(negative) : mask.logical_not().to_type(negative.dtype);
        var kept = keep.sum().clamp_min(Scalars.Of(1));
        // explicit Scalars kept alive to the end of the method (see the margin above)
        using var minusInfinity = float.NegativeInfinity.ToScalar();
        using var temperature = options.AdversarialTemperature.ToScalar();
        switch (options.EffectiveLoss)
        {
            case KgeLoss.Margin: return (F.relu(margin - positive + negative) * keep).sum() / kept;
            case KgeLoss.Triplet: return (F.relu(margin - positive.sigmoid() + negative.sigmoid()) * keep).sum() / kept;
            case KgeLoss.Softmax:
                var logits = cat([positive, mask is null ? negative : negative.masked_fill(mask, minusInfinity)], 1);
                return F.cross_entropy(logits, zeros(count, dtype: ScalarType.Int64));
            case KgeLoss.Bce:
                // mean over the B × (K + 1) labels, masked negatives left out
                return (F.binary_cross_entropy_with_logits(positive, ones_like(positive), reduction: nn.Reduction.Sum)
                        + (F.binary_cross_entropy_with_logits(negative, zeros_like(negative), reduction: nn.Reduction.None) * keep).sum())
                       / (kept + count);
            case KgeLoss.SelfAdversarial:
                var shifted = margin + negative;
                var logWeights = shifted.detach() * temperature;
                if (mask is not null) logWeights = logWeights.masked_fill(mask, minusInfinity);
                var adversarial = F.softmax(logWeights, 1);
                var negativeLoss = -(adversarial * F.logsigmoid(-shifted)).sum(1);
                var positiveLoss = -F.logsigmoid(margin + positive).squeeze(1);
                if (weights is null) return (positiveLoss.mean() + negativeLoss.mean()) / 2;
                return ((weights * positiveLoss).sum() + (weights * negativeLoss).sum()) / (weights.sum() * 2);
            default: throw new ArgumentOutOfRangeException(nameof(options));
        }
    }
}
