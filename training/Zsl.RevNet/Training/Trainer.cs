using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using Zsl.RevNet.Data;
using Zsl.RevNet.Layers;
using Zsl.RevNet.Models;
using Zsl.Torch;
using Zsl.Torch.Optimizers;
using static TorchSharp.torch;

namespace Zsl.RevNet.Training;

public sealed record TrainingOptions(
    Architecture Architecture,
    int Epochs = 10,
    int BatchSize = 64,
    double MaxLearningRate = 0.1,
    double Momentum = 0.9,
    double WeightDecay = 5e-4,
    int Seed = 1,
    int? Threads = null,
    int ImageSize = 32,
    int Jitter = 2,
    bool Flip = false,
    string? CheckpointPath = null,
    int? TrainLimit = null,
    int? TestLimit = null,
    int PreciseBatchNormImages = 0,
    bool PreciseBatchNormEveryEpoch = false,
    double LabelSmoothing = 0.0,
    int TestEvery = 1,
    double? BudgetSeconds = null,
    bool StoreActivations = false);

/// <param name="RunningAverageTestAccuracy">Test accuracy with the running-average batch-norm statistics, when precise statistics replaced them for <paramref name="TestAccuracy"/>.</param>
/// <param name="TestAccuracy">Null for epochs without a test evaluation (see <see cref="TrainingOptions.TestEvery"/>; the last epoch always has one).</param>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double TrainAccuracy, double? TestAccuracy, double ImagesPerSecond, double Seconds, double LearningRate,
    double? RunningAverageTestAccuracy = null, double EvaluationSeconds = 0, int Images = 0, double ElapsedSeconds = 0);

/// <summary>What a checkpoint holds besides the weights (JSON next to them).</summary>
public sealed record CheckpointInfo(
    ArchitectureKind Kind, int[] Channels, Pooling[] Pools, int BlocksPerStage, int InputChannels, int Classes,
    double NegativeSlope, double GammaOffset, int ImageSize, float[] Mean, float[] Std, string Dataset, string[] ClassNames,
    int Epoch, double? TestAccuracy)
{
    public Architecture Architecture => new(Kind, Channels, Pools, BlocksPerStage, InputChannels, Classes, NegativeSlope, GammaOffset);

    public static string InfoPath(string checkpoint) => checkpoint + ".json";

    public static CheckpointInfo Read(string checkpoint)
    {
        var path = InfoPath(checkpoint);
        if (!File.Exists(checkpoint)) throw new FileNotFoundException($"checkpoint not found: {checkpoint}", checkpoint);
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint description not found: {path}", path);
        return JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(path))
               ?? throw new InvalidDataException($"{path}: a checkpoint description (JSON object) was expected");
    }

    public static ReversibleNet Load(string checkpoint, out CheckpointInfo info)
    {
        info = Read(checkpoint);
        var net = new ReversibleNet(info.Architecture);
        net.load(checkpoint);
        net.eval();
        return net;
    }
}

/// <summary>SGD with momentum and a one-cycle learning rate (section 3.5: cyclical learning rate and momentum).</summary>
public static class Trainer
{
    /// <summary>One-cycle: linear warm-up from max/25 to max over the first 30% of steps, then linear decay to max/2500.</summary>
    public static double OneCycle(double max, long step, long total)
    {
        var warm = Math.Max(1, (long)(0.3 * total));
        return step < warm
            ? max / 25 + (max - max / 25) * step / warm
            : max - (max - max / 2500) * (step - warm) / Math.Max(1, total - warm);
    }

    /// <summary>The same one-cycle shape at a fraction of the run (0..1): used when a wall-clock budget, not a step count, sets the length.</summary>
    public static double OneCycleAt(double max, double fraction)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        return fraction < 0.3
            ? max / 25 + (max - max / 25) * fraction / 0.3
            : max - (max - max / 2500) * (fraction - 0.3) / 0.7;
    }

    public static (ReversibleNet Model, IReadOnlyList<EpochReport> Reports) Train(
        ImageSet train, ImageSet test, TrainingOptions options, Action<EpochReport>? onEpoch = null, Action<string>? log = null)
    {
        TorchRuntime.Initialize(options.Seed, options.Threads);
        if (options.TrainLimit is { } tl) train = train.Take(tl);
        if (options.TestLimit is { } sl) test = test.Take(sl);
        var arch = options.Architecture with { InputChannels = train.Channels, Classes = train.ClassNames.Count };
        var model = new ReversibleNet(arch);
        // Same network and gradients (up to float rounding), without the memory saving: the reversible backward
        // recomputes and inverts every layer, about 4-5× the forward's time against about 2× for stored activations.
        if (options.StoreActivations) model.Recompute = false;
        log?.Invoke($"{arch}: {model.ParameterCount:N0} parameters, {train.Count} training / {test.Count} test images");
        var (mean, std) = Batches.Statistics(train);
        var trainBatches = new Batches(train, options.ImageSize, options.Jitter, options.Flip, mean, std);
        var testBatches = new Batches(test, options.ImageSize, 0, false, mean, std);
        var statisticsBatches = new Batches(train, options.ImageSize, 0, false, mean, std);
        using var optimizer = new Sgd(model.parameters(), options.MaxLearningRate, options.Momentum, options.WeightDecay, nesterov: true);
        var random = new Random(options.Seed);
        var stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        var total = (long)stepsPerEpoch * options.Epochs;
        long step = 0;
        var reports = new List<EpochReport>();
        var run = Stopwatch.StartNew();
        // Under a budget the schedule runs on elapsed time; the last evaluation's cost is kept in reserve for the final one.
        var reserve = options.BudgetSeconds is { } b0 ? 0.02 * b0 : 0;
        var outOfTime = false;
        double? measuredEvaluation = null;
        var progressClock = Stopwatch.StartNew();
        // Under a budget --epochs still bounds the run: the schedule follows whichever of time and steps ends it first, so a
        // fast network that reaches its last epoch early still ends on an annealed learning rate.
        double Fraction() => options.BudgetSeconds is { } b ? Math.Max(run.Elapsed.TotalSeconds / Math.Max(1, b - reserve), (double)step / total) : (double)step / total;
        using var collector = new CollectorPause();
        for (var epoch = 1; epoch <= options.Epochs && !outOfTime; epoch++)
        {
            model.train();
            var order = Enumerable.Range(0, train.Count).ToArray();
            random.Shuffle(order);
            double lossSum = 0;
            long correct = 0;
            var clock = Stopwatch.StartNew();
            double lr = 0;
            var seen = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                if (options.BudgetSeconds is { } budget && seen >= 10 * options.BatchSize)
                {
                    // Until an evaluation was timed: a forward-only pass over the test images, in large batches, without
                    // recomputation, costs well under a fifth of a training step per image (7× faster measured on CIFAR-10,
                    // hybrid ÷4); then the last timed evaluation. Not a ratchet: an early, slow estimate must not cut the run short.
                    var estimate = 1.2 * test.Count / (5 * seen / clock.Elapsed.TotalSeconds);
                    reserve = Math.Min(0.5 * budget, measuredEvaluation ?? estimate);
                }
                if (options.BudgetSeconds is not null && Fraction() >= 1) { outOfTime = true; break; }
                collector.BeforeStep();
                using var scope = NewDisposeScope();
                var indices = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray();
                // Batch pooling divides the spatial size: keep every batch non-empty and the same shape.
                var (x, y) = trainBatches.Get(indices, random);
                lr = options.BudgetSeconds is null ? OneCycle(options.MaxLearningRate, step, total) : OneCycleAt(options.MaxLearningRate, Fraction());
                step++;
                optimizer.LearningRate = lr;
                optimizer.ZeroGrad();
                var logits = model.forward(x);
                var loss = nn.functional.cross_entropy(logits, y, label_smoothing: options.LabelSmoothing);
                loss.backward();
                optimizer.Step();
                lossSum += loss.item<float>() * indices.Length;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += indices.Length;
                if (log is not null && progressClock.Elapsed.TotalSeconds >= 60)
                {
                    progressClock.Restart();
                    log($"  epoch {epoch}: {seen:N0}/{order.Length:N0} images, loss {lossSum / seen:F4}, train acc {(double)correct / seen:P1}, {seen / clock.Elapsed.TotalSeconds:F0} images/s, lr {lr:G3}, {run.Elapsed.TotalMinutes:F1} min");
                }
            }
            collector.Release();
            if (seen == 0) break;
            if (options.BudgetSeconds is not null && Fraction() >= 1) outOfTime = true;
            var seconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var last = epoch == options.Epochs || outOfTime;
            double? accuracy = last || epoch % Math.Max(1, options.TestEvery) == 0 ? Evaluate(model, testBatches) : null;
            double? runningAverage = null;
            if (options.PreciseBatchNormImages > 0 && (options.PreciseBatchNormEveryEpoch || last))
            {
                runningAverage = accuracy;
                RecomputeBatchNormStatistics(model, statisticsBatches, options.PreciseBatchNormImages, options.BatchSize);
                accuracy = Evaluate(model, testBatches);
            }
            if (accuracy is not null)
            {
                measuredEvaluation = 1.2 * clock.Elapsed.TotalSeconds;
                reserve = measuredEvaluation.Value;
            }
            var report = new EpochReport(epoch, options.Epochs, lossSum / seen, (double)correct / seen, accuracy,
                seen / seconds, seconds, lr, runningAverage, clock.Elapsed.TotalSeconds, seen, run.Elapsed.TotalSeconds);
            reports.Add(report);
            onEpoch?.Invoke(report);
            if (options.CheckpointPath is { } path)
                SaveCheckpoint(model, path, new CheckpointInfo(arch.Kind, arch.Channels.ToArray(), arch.Pools.ToArray(), arch.BlocksPerStage,
                    arch.InputChannels, arch.Classes, arch.NegativeSlope, arch.GammaOffset, options.ImageSize, mean, std,
                    train.Name, train.ClassNames.ToArray(), epoch, accuracy));
        }
        if (reports.Count > 0 && reports[^1].TestAccuracy is null)
        {
            // The budget ran out exactly at an epoch boundary after an epoch without evaluation.
            var clock = Stopwatch.StartNew();
            var accuracy = Evaluate(model, testBatches);
            reports[^1] = reports[^1] with { TestAccuracy = accuracy, EvaluationSeconds = reports[^1].EvaluationSeconds + clock.Elapsed.TotalSeconds, ElapsedSeconds = run.Elapsed.TotalSeconds };
            onEpoch?.Invoke(reports[^1]);
        }
        return (model, reports);
    }

    public static double Evaluate(ReversibleNet model, Batches batches, int batchSize = 250)
    {
        model.eval();
        long correct = 0;
        using var collector = new CollectorPause();
        using (no_grad())
            for (var start = 0; start < batches.Count; start += batchSize)
            {
                collector.BeforeStep();
                using var scope = NewDisposeScope();
                var indices = Enumerable.Range(start, Math.Min(batchSize, batches.Count - start)).ToArray();
                var (x, y) = batches.Get(indices, null);
                correct += model.forward(x).argmax(1).eq(y).sum().item<long>();
            }
        model.train();
        return (double)correct / batches.Count;
    }

    /// <summary>
    /// "Precise" batch norm: replaces every batch-norm layer's running statistics (an exponential average over the last
    /// few dozen batches, taken while the weights were still moving) by the statistics of the current weights over the
    /// first <paramref name="images"/> training images (no augmentation), seen in training-mode batches of
    /// <paramref name="batchSize"/> exactly as during training. The weights do not change.
    /// </summary>
    public static void RecomputeBatchNormStatistics(ReversibleNet model, Batches batches, int images, int batchSize)
    {
        var layers = model.modules().OfType<InvertibleBatchNorm>().ToArray();
        foreach (var bn in layers) bn.BeginStatistics();
        model.train();
        var count = Math.Min(images, batches.Count);
        using var collector = new CollectorPause();
        using (no_grad())
            for (var start = 0; start < count; start += batchSize)
            {
                collector.BeforeStep();
                using var scope = NewDisposeScope();
                var indices = Enumerable.Range(start, Math.Min(batchSize, count - start)).ToArray();
                var (x, _) = batches.Get(indices, null);
                model.forward(x);
            }
        foreach (var bn in layers) bn.EndStatistics();
    }

    /// <summary>Weights then description, each written to a temporary file and moved into place.</summary>
    public static void SaveCheckpoint(ReversibleNet model, string path, CheckpointInfo info)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        model.save(tmp);
        File.Move(tmp, path, overwrite: true);
        var infoTmp = CheckpointInfo.InfoPath(path) + ".tmp";
        File.WriteAllText(infoTmp, JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(infoTmp, CheckpointInfo.InfoPath(path), overwrite: true);
    }
}

/// <summary>
/// Holds the garbage collector off while training steps run and collects (running finalizers) only between steps, when
/// no libtorch call is in flight. TorchSharp converts numbers to native Scalars implicitly, even inside tensor + tensor
/// (alpha = 1); a collection during the native call can finalize such a Scalar while libtorch reads it ("Unknown scalar
/// type", "toFloat ... Expected false to be true": two 14-epoch MNIST runs died of it after 10-12 epochs).
/// One no-GC region spans as many steps as its allocation budget allows (half of it is kept for the next step): a
/// region per step cost two full collections per step, 20 ms, a quarter of a small CNN's step on CIFAR-10.
/// </summary>
internal sealed class CollectorPause : IDisposable
{
    private const long Budget = 128L << 20;
    private const int MaxSteps = 200;
    private bool _started;
    private long _allocatedAtStart;
    private int _steps;

    /// <summary>Call before every step: keeps the current region while it has room for another step, else collects between steps and opens a new one.</summary>
    public void BeforeStep()
    {
        if (_started && _steps < MaxSteps && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion
            && GC.GetTotalAllocatedBytes() - _allocatedAtStart < Budget / 2)
        {
            _steps++;
            return;
        }
        Release();
        try { _started = GC.TryStartNoGCRegion(Budget); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException) { _started = false; }
        _allocatedAtStart = GC.GetTotalAllocatedBytes();
        _steps = 1;
    }

    /// <summary>Ends the region (if any) and collects, running pending finalizers: call when no step follows soon.</summary>
    public void Release()
    {
        if (_started && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            try { GC.EndNoGCRegion(); }
            catch (InvalidOperationException) { }
        _started = false;
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    public void Dispose() => Release();
}
