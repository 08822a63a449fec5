using System.Diagnostics;
using Zsl.RevNet.Data;
using Zsl.RevNet.Models;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.RevNet.Training;

/// <summary>Seconds per training step spent in each stage, and images per second over the timed steps.</summary>
public sealed record StepTimingResult(
    string Architecture, int BatchSize, int Threads, int Steps, double ImagesPerSecond,
    double DataSeconds, double ForwardSeconds, double BackwardSeconds, double OptimizerSeconds, double BookkeepingSeconds, double CollectorSeconds,
    double CpuCoresUsed)
{
    public double StepSeconds => DataSeconds + ForwardSeconds + BackwardSeconds + OptimizerSeconds + BookkeepingSeconds + CollectorSeconds;
}

/// <summary>
/// Times the training step of <see cref="Trainer"/> (batch preparation with augmentation, forward, backward, SGD step,
/// loss/accuracy read-out, the collector's pause and collections between steps) on real images, after warm-up steps that are not timed.
/// </summary>
public static class StepTiming
{
    public static StepTimingResult Run(ImageSet train, Architecture architecture, int batchSize, int warmup, int steps, int seed = 1, int? threads = null, int jitter = 4, bool flip = true, bool storeActivations = false)
    {
        TorchRuntime.Initialize(seed, threads);
        var arch = architecture with { InputChannels = train.Channels, Classes = train.ClassNames.Count };
        using var model = new ReversibleNet(arch);
        model.Recompute = !storeActivations && model.Recompute;
        model.train();
        var (mean, std) = Batches.Statistics(train.Take(Math.Min(train.Count, 5000)));
        var batches = new Batches(train, Math.Max(32, train.Height), jitter, flip, mean, std);
        var optimizer = optim.SGD(model.parameters(), 0.05, 0.9, weight_decay: 5e-4, nesterov: true);
        var random = new Random(seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        random.Shuffle(order);
        var stage = new double[6];
        var watch = new Stopwatch();
        var process = Process.GetCurrentProcess();
        var total = Stopwatch.StartNew();
        var cpuStart = process.TotalProcessorTime;
        var position = 0;
        using var collector = new CollectorPause();
        for (var i = 0; i < warmup + steps; i++)
        {
            if (i == warmup)
            {
                Array.Clear(stage);
                total.Restart();
                process.Refresh();
                cpuStart = process.TotalProcessorTime;
            }
            if (position + batchSize > order.Length) position = 0;
            var indices = order.AsSpan(position, batchSize).ToArray();
            position += batchSize;
            watch.Restart();
            collector.BeforeStep();
            Lap(5);
            using (var scope = NewDisposeScope())
            {
                var (x, y) = batches.Get(indices, random);
                Lap(0);
                optimizer.zero_grad();
                var logits = model.forward(x);
                var loss = nn.functional.cross_entropy(logits, y);
                Lap(1);
                loss.backward();
                Lap(2);
                optimizer.step();
                Lap(3);
                _ = loss.item<float>();
                _ = logits.argmax(1).eq(y).sum().item<long>();
            }
            Lap(4);
        }
        var seconds = total.Elapsed.TotalSeconds;
        process.Refresh();
        var cores = (process.TotalProcessorTime - cpuStart).TotalSeconds / seconds;
        return new StepTimingResult(arch + (storeActivations ? " (stored activations)" : ""), batchSize, get_num_threads(), steps, (double)steps * batchSize / seconds,
            stage[0] / steps, stage[1] / steps, stage[2] / steps, stage[3] / steps, stage[4] / steps, stage[5] / steps, cores);

        void Lap(int index)
        {
            stage[index] += watch.Elapsed.TotalSeconds;
            watch.Restart();
        }
    }
}
