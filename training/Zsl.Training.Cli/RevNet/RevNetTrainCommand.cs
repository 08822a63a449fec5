using System.ComponentModel;
using Spectre.Console.Cli;
using Zsl.RevNet.Data;
using Zsl.RevNet.Layers;
using Zsl.RevNet.Models;
using Zsl.RevNet.Training;

namespace Zsl.Training.Cli.RevNet;

public sealed class RevNetTrainSettings : ImageDataSettings
{
    [CommandOption("--arch <NAME>"), Description("resnet, revnet, irevnet, layerwise or hybrid."), DefaultValue("hybrid")]
    public string Arch { get; init; } = "hybrid";

    [CommandOption("--data <NAME>"), Description("mnist (IDX files), cifar10 (the JPEG archive, or a cifar-10-batches-bin directory as --source) or tiny-imagenet."), DefaultValue("mnist")]
    public string Data { get; init; } = "mnist";

    [CommandOption("--classes <FILE>"), Description("Train and test on these classes only (names or wnids, one a line; e.g. the seen classes of a zero-shot partition, train_wnids.txt): images of other classes are never read into the model.")]
    public string? Classes { get; init; }

    [CommandOption("--budget-minutes <M>"), Description("Wall-clock budget of the training (evaluations included): the learning-rate schedule runs on elapsed time and training stops in time for the final evaluation; --epochs is then an upper bound.")]
    public double? BudgetMinutes { get; init; }

    [CommandOption("--curve <FILE>"), Description("Write the learning curve (train and test accuracy against minutes) as PNG, and its points as CSV beside it.")]
    public string? Curve { get; init; }

    [CommandOption("--jitter <N>"), Description("Random-crop padding in pixels (default: 4 for colour images, 2 for MNIST).")]
    public int? Jitter { get; init; }

    [CommandOption("--weight-decay <W>"), Description("L2 weight decay of SGD."), DefaultValue(5e-4)]
    public double WeightDecay { get; init; } = 5e-4;

    [CommandOption("--epochs <N>"), Description("Training epochs."), DefaultValue(8)]
    public int Epochs { get; init; } = 8;

    [CommandOption("--batch-size <N>"), Description("Images per SGD step."), DefaultValue(64)]
    public int BatchSize { get; init; } = 64;

    [CommandOption("--lr <RATE>"), Description("Peak learning rate of the one-cycle schedule."), DefaultValue(0.1)]
    public double LearningRate { get; init; } = 0.1;

    [CommandOption("--width-divisor <N>"), Description("Divide table 3.1's channel counts by N (4: 8-32-128-128 for the hybrid)."), DefaultValue(1)]
    public int WidthDivisor { get; init; } = 1;

    [CommandOption("--blocks <N>"), Description("Blocks per stage (2 = ResNet-18 depth)."), DefaultValue(2)]
    public int Blocks { get; init; } = 2;

    [CommandOption("--slope <N>"), Description("Negative slope n of the invertible leaky ReLU (eq. 3.24)."), DefaultValue(0.5)]
    public double Slope { get; init; } = 0.5;

    [CommandOption("--gamma-offset <EPS>"), Description("ε_i of the invertible batch norm (eq. 3.23)."), DefaultValue(0.1)]
    public double GammaOffset { get; init; } = 0.1;

    [CommandOption("--checkpoint <FILE>"), Description("Where to write the weights after every epoch (+ .json description)."), DefaultValue("data/revnet/model.pt")]
    public string Checkpoint { get; init; } = "data/revnet/model.pt";

    [CommandOption("--seed <N>"), Description("Random seed (weights, shuffling, augmentation)."), DefaultValue(1)]
    public int Seed { get; init; } = 1;

    [CommandOption("--threads <N>"), Description("Torch threads (default: one per core).")]
    public int? Threads { get; init; }

    [CommandOption("--slice-elements <N>"), Description("Batch-separable recomputation on batch slices of at most N elements: bounds workspace memory, costs a little time (0: whole batch)."), DefaultValue(0L)]
    public long SliceElements { get; init; }

    [CommandOption("--store-activations"), Description("Train the same network with ordinary autograd (all activations kept) instead of the memory-saving reversible backward: faster on CPU when memory is not the limit (see 'revnet speed').")]
    public bool StoreActivations { get; init; }

    [CommandOption("--train-limit <N>"), Description("Use only the first N training images.")]
    public int? TrainLimit { get; init; }

    [CommandOption("--precise-bn <N>"), Description("After the last epoch, replace the batch-norm running statistics by the statistics of the final weights over the first N training images (0: keep the running averages)."), DefaultValue(0)]
    public int PreciseBatchNorm { get; init; }

    [CommandOption("--precise-bn-every-epoch"), Description("Recompute the precise batch-norm statistics after every epoch, not only the last.")]
    public bool PreciseBatchNormEveryEpoch { get; init; }

    [CommandOption("--label-smoothing <EPS>"), Description("Label smoothing of the cross-entropy loss."), DefaultValue(0.0)]
    public double LabelSmoothing { get; init; }

    [CommandOption("--test-every <N>"), Description("Evaluate on the test images after every N-th epoch (and always after the last)."), DefaultValue(1)]
    public int TestEvery { get; init; } = 1;

    [CommandOption("--test-limit <N>"), Description("Use only the first N test images.")]
    public int? TestLimit { get; init; }

    [CommandOption("--downscale <N>"), Description("Shrink every image by N (box filter) before training: e.g. 2 trains Tiny ImageNet at 32×32, four times faster per image. 'revnet features' applies the same factor from the checkpoint's image size."), DefaultValue(1)]
    public int Downscale { get; init; } = 1;
}

public sealed class RevNetTrainCommand : Command<RevNetTrainSettings>
{
    public override int Execute(CommandContext context, RevNetTrainSettings s, CancellationToken cancellation)
    {
        var (train, test) = Datasets.Load(s.Data, s, s.Classes, s.Downscale);
        BatchSlices.MaxElements = s.SliceElements;
        var kind = Architecture.ParseKind(s.Arch);
        var arch = Architecture.Table31(kind, train.Channels, train.ClassNames.Count, s.Blocks) with { NegativeSlope = s.Slope, GammaOffset = s.GammaOffset };
        if (s.WidthDivisor > 1) arch = arch.Narrow(s.WidthDivisor);
        var colour = train.Channels == 3;
        var options = new TrainingOptions(arch, s.Epochs, s.BatchSize, s.LearningRate, WeightDecay: s.WeightDecay, Seed: s.Seed, Threads: s.Threads,
            ImageSize: Math.Max(32, train.Height), Jitter: s.Jitter ?? (colour ? 4 : 2), Flip: colour, CheckpointPath: s.Checkpoint, TrainLimit: s.TrainLimit, TestLimit: s.TestLimit,
            PreciseBatchNormImages: s.PreciseBatchNorm, PreciseBatchNormEveryEpoch: s.PreciseBatchNormEveryEpoch, LabelSmoothing: s.LabelSmoothing, TestEvery: s.TestEvery,
            BudgetSeconds: s.BudgetMinutes * 60, StoreActivations: s.StoreActivations);
        var (_, reports) = Trainer.Train(train, test, options,
            r => Console.WriteLine($"epoch {r.Epoch}/{r.Epochs}: loss {r.TrainLoss:F4}, train acc {r.TrainAccuracy:P2}, test acc {(r.TestAccuracy is { } t ? t.ToString("P2") : "-")}" +
                                   (r.RunningAverageTestAccuracy is { } ra ? $" (running-average BN {ra:P2})" : "") + ", " +
                                   $"{r.ImagesPerSecond:F0} images/s, {r.Seconds:F0} s (+{r.EvaluationSeconds:F0} s evaluation), lr {r.LearningRate:G3}"),
            Console.WriteLine);
        var last = reports[^1];
        Console.WriteLine($"final test accuracy {last.TestAccuracy:P2} ({s.Data}, {arch}) after {reports.Sum(r => r.Seconds + r.EvaluationSeconds) / 60:F1} min; checkpoint {s.Checkpoint}");
        if (s.Curve is { } curve)
        {
            LearningCurve.Write(curve, $"{s.Data}: {arch}", reports);
            Console.WriteLine($"learning curve {curve}");
        }
        return 0;
    }

    /// <summary>Class names or wnids, one a line; blank lines and # comments skipped.</summary>
    internal static string[] ReadClassList(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"class list not found: {file}", file);
        return File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
    }
}

internal static class Datasets
{
    /// <summary>Training and test images of <paramref name="data"/>, only the classes listed in <paramref name="classes"/> when given, shrunk by <paramref name="downscale"/>.</summary>
    public static (ImageSet Train, ImageSet Test) Load(string data, ImageDataSettings s, string? classes, int downscale)
    {
        var (train, test) = Load(data, s.Source, s.Cache, s.ArchiveOptions);
        if (classes is not null)
        {
            var names = RevNetTrainCommand.ReadClassList(classes);
            (train, test) = (train.OnlyClasses(names), test.OnlyClasses(names));
            Console.WriteLine($"{names.Length} classes of {classes}: {train.Count:N0} training / {test.Count:N0} test images");
        }
        if (downscale != 1)
        {
            (train, test) = (train.Downscale(downscale), test.Downscale(downscale));
            Console.WriteLine($"images shrunk by {downscale} to {train.Height}×{train.Width}");
        }
        return (train, test);
    }

    public static (ImageSet Train, ImageSet Test) Load(string data, string? source, string cache = "data/images", ImageArchiveOptions? options = null)
    {
        switch (data)
        {
            case "mnist":
                var dir = source ?? DefaultMnist();
                return (MnistReader.Load(dir, "train"), MnistReader.Load(dir, "test"));
            case "cifar10" when source is not null && Directory.Exists(source):
                return (Cifar10Reader.Load(source, "train"), Cifar10Reader.Load(source, "test"));
            case "cifar10" or "tiny-imagenet":
                var archive = source ?? ImageDatasets.DefaultArchive(data, DataRoot());
                var (train, test, _) = ImageDatasets.Load(data, archive, cache, options, Console.WriteLine);
                return (train, test);
            default:
                throw new ArgumentException($"--data must be mnist, cifar10 or tiny-imagenet, got '{data}'");
        }
    }

    /// <summary>$ZSL_MIRROR, else ../shared/data.</summary>
    public static string DataRoot() => Environment.GetEnvironmentVariable("ZSL_MIRROR") is { Length: > 0 } mirror ? mirror : "../shared/data";

    private static string DefaultMnist()
    {
        var mirror = Environment.GetEnvironmentVariable("ZSL_MIRROR");
        var candidates = new[] { mirror is null ? null : Path.Combine(mirror, "mnist"), "../shared/data/mnist" };
        return candidates.FirstOrDefault(c => c is not null && Directory.Exists(c))
               ?? throw new DirectoryNotFoundException("MNIST directory not found: pass --source DIR (IDX files train-images-idx3-ubyte, ...)");
    }
}
