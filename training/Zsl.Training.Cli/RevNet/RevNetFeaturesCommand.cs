using System.ComponentModel;
using Spectre.Console.Cli;
using Zsl.RevNet.Training;

namespace Zsl.Training.Cli.RevNet;

public sealed class RevNetFeaturesSettings : ImageDataSettings
{
    [CommandOption("--checkpoint <FILE>"), Description("Weights written by 'revnet train' (with its .json beside it)."), DefaultValue("data/revnet/model.pt")]
    public string Checkpoint { get; init; } = "data/revnet/model.pt";

    [CommandOption("--out <FILE>"), Description("Parquet file to write (visual-feature layout: image_id, wnid, feature list<float>)."), DefaultValue("data/revnet/features.parquet")]
    public string Out { get; init; } = "data/revnet/features.parquet";

    [CommandOption("--data <NAME>"), Description("mnist, cifar10 or tiny-imagenet (default: the checkpoint's dataset).")]
    public string? Data { get; init; }

    [CommandOption("--split <NAME>"), Description("train or test."), DefaultValue("test")]
    public string Split { get; init; } = "test";
}

public sealed class RevNetFeaturesCommand : AsyncCommand<RevNetFeaturesSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RevNetFeaturesSettings s, CancellationToken cancellation)
    {
        var info = CheckpointInfo.Read(s.Checkpoint);
        var data = s.Data ?? (info.Dataset.StartsWith("cifar10") ? "cifar10" : info.Dataset.StartsWith("tiny-imagenet") ? "tiny-imagenet" : "mnist");
        var (train, test) = Datasets.Load(data, s.Source, s.Cache, s.ArchiveOptions);
        var set = s.Split switch
        {
            "train" => train,
            "test" => test,
            _ => throw new ArgumentException($"--split must be train or test, got '{s.Split}'"),
        };
        // A checkpoint trained with --downscale records the shrunk size: shrink the images the same way.
        if (set.Height > info.ImageSize)
        {
            if (set.Height % info.ImageSize != 0)
                throw new ArgumentException($"{set.Name}: {set.Height}×{set.Width} images do not shrink to the checkpoint's {info.ImageSize}×{info.ImageSize} by a whole factor");
            var factor = set.Height / info.ImageSize;
            set = set.Downscale(factor);
            Console.WriteLine($"images shrunk by {factor} to {set.Height}×{set.Width}, as the checkpoint was trained");
        }
        var count = await FeatureExporter.ExportAsync(s.Checkpoint, set, s.Out, cancellation);
        Console.WriteLine($"wrote {count:N0} feature vectors ({set.Name}) to {s.Out}");
        return 0;
    }
}
