using System.ComponentModel;
using Spectre.Console.Cli;
using Zsl.RevNet.Data;

namespace Zsl.Training.Cli.RevNet;

/// <summary>Where the images of a revnet command come from: shared by train, features and baseline.</summary>
public class ImageDataSettings : CommandSettings
{
    [CommandOption("--source <PATH>"), Description("Data files: the MNIST directory (default $ZSL_MIRROR/mnist or ../shared/data/mnist), or the image archive (default $ZSL_MIRROR/images/... or ../shared/data/images/...; for cifar10 also a cifar-10-batches-bin directory).")]
    public string? Source { get; init; }

    [CommandOption("--cache <DIR>"), Description("Where decoded image archives are cached (uint8 files, decoded once)."), DefaultValue("data/images")]
    public string Cache { get; init; } = "data/images";

    [CommandOption("--skip-invalid"), Description("Leave undecodable images of an archive out (counted and listed) instead of failing.")]
    public bool SkipInvalid { get; init; }

    [CommandOption("--per-class <N>"), Description("Image archives: only the first N training and test images of each class.")]
    public int? PerClass { get; init; }

    public ImageArchiveOptions ArchiveOptions => new(SkipInvalid, PerClass);
}
