using System.ComponentModel;
using Spectre.Console.Cli;
using Zsl.RevNet.Layers;
using Zsl.RevNet.Models;
using Zsl.RevNet.Training;

namespace Zsl.Training.Cli.RevNet;

public sealed class RevNetSpeedSettings : CommandSettings
{
    [CommandOption("--arch <NAMES>"), Description("Architectures, comma-separated (resnet, revnet, irevnet, layerwise, hybrid)."), DefaultValue("hybrid,resnet")]
    public string Arch { get; init; } = "hybrid,resnet";

    [CommandOption("--data <NAME>"), Description("cifar10, tiny-imagenet or mnist (the images the steps train on)."), DefaultValue("cifar10")]
    public string Data { get; init; } = "cifar10";

    [CommandOption("--source <PATH>"), Description("Data files (as for 'revnet train').")]
    public string? Source { get; init; }

    [CommandOption("--cache <DIR>"), Description("Decoded image cache (as for 'revnet train')."), DefaultValue("data/images")]
    public string Cache { get; init; } = "data/images";

    [CommandOption("--batch-sizes <LIST>"), Description("Batch sizes, comma-separated."), DefaultValue("64,128,256")]
    public string BatchSizes { get; init; } = "64,128,256";

    [CommandOption("--warmup <N>"), Description("Untimed steps first."), DefaultValue(3)]
    public int Warmup { get; init; } = 3;

    [CommandOption("--steps <N>"), Description("Timed steps per configuration."), DefaultValue(10)]
    public int Steps { get; init; } = 10;

    [CommandOption("--width-divisor <N>"), Description("Divide table 3.1's channel counts by N."), DefaultValue(4)]
    public int WidthDivisor { get; init; } = 4;

    [CommandOption("--blocks <N>"), Description("Blocks per stage."), DefaultValue(1)]
    public int Blocks { get; init; } = 1;

    [CommandOption("--threads <N>"), Description("Torch threads (default: one per core).")]
    public int? Threads { get; init; }

    [CommandOption("--slice-elements <N>"), Description("Batch-separable recomputation on batch slices of at most N elements (0: whole batch, as 'revnet train')."), DefaultValue(0L)]
    public long SliceElements { get; init; }

    [CommandOption("--store-activations"), Description("Ordinary autograd (activations kept) instead of the reversible recomputation, as 'revnet train --store-activations'.")]
    public bool StoreActivations { get; init; }

    [CommandOption("--seed <N>"), Description("Random seed."), DefaultValue(1)]
    public int Seed { get; init; } = 1;
}

/// <summary>./zsl revnet speed: images per second of the training step, with the time of each stage.</summary>
public sealed class RevNetSpeedCommand : Command<RevNetSpeedSettings>
{
    public override int Execute(CommandContext context, RevNetSpeedSettings s, CancellationToken cancellation)
    {
        var (train, _) = Datasets.Load(s.Data, s.Source, s.Cache);
        BatchSlices.MaxElements = s.SliceElements;
        Console.WriteLine("arch | batch | threads | images/s | ms/step: data, forward, backward, optimizer, read-out, collector | CPU cores used");
        foreach (var name in s.Arch.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var arch = Architecture.Table31(Architecture.ParseKind(name), train.Channels, train.ClassNames.Count, s.Blocks);
            if (s.WidthDivisor > 1) arch = arch.Narrow(s.WidthDivisor);
            foreach (var batch in s.BatchSizes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
            {
                var r = StepTiming.Run(train, arch, batch, s.Warmup, s.Steps, s.Seed, s.Threads, storeActivations: s.StoreActivations);
                Console.WriteLine($"{r.Architecture} | {r.BatchSize} | {r.Threads} | {r.ImagesPerSecond:F0} | " +
                                  $"{1000 * r.DataSeconds:F1}, {1000 * r.ForwardSeconds:F1}, {1000 * r.BackwardSeconds:F1}, {1000 * r.OptimizerSeconds:F1}, " +
                                  $"{1000 * r.BookkeepingSeconds:F1}, {1000 * r.CollectorSeconds:F1} | {r.CpuCoresUsed:F2}");
            }
        }
        return 0;
    }
}
