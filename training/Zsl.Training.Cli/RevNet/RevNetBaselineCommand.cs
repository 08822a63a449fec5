using System.ComponentModel;
using System.Text.Json;
using Spectre.Console.Cli;
using Zsl.RevNet.Data;

namespace Zsl.Training.Cli.RevNet;

public sealed class RevNetBaselineSettings : ImageDataSettings
{
    [CommandOption("--data <NAME>"), Description("mnist, cifar10 or tiny-imagenet."), DefaultValue("cifar10")]
    public string Data { get; init; } = "cifar10";

    [CommandOption("--classes <FILE>"), Description("Only these classes (names or wnids, one a line), as 'revnet train --classes'.")]
    public string? Classes { get; init; }

    [CommandOption("--downscale <N>"), Description("Shrink every image by N first, as 'revnet train --downscale'."), DefaultValue(1)]
    public int Downscale { get; init; } = 1;

    [CommandOption("--out <FILE>"), Description("Also write the result as JSON (e.g. beside a partition's CNN checkpoint).")]
    public string? Out { get; init; }
}

/// <summary>./zsl revnet baseline: nearest class mean on raw pixels, the floor a trained CNN's test accuracy is read against.</summary>
public sealed class RevNetBaselineCommand : Command<RevNetBaselineSettings>
{
    public override int Execute(CommandContext context, RevNetBaselineSettings s, CancellationToken cancellation)
    {
        var (train, test) = Datasets.Load(s.Data, s, s.Classes, s.Downscale);
        var accuracy = NearestClassMean.Fit(train).Accuracy(test);
        var classes = train.ClassNames.Count;
        Console.WriteLine($"nearest class mean on {train.Height}×{train.Width} pixels: test accuracy {accuracy:P2} on {test.Count:N0} images of {classes} classes " +
                          $"(chance {1.0 / classes:P2}), {train.Count:N0} training images");
        if (s.Out is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var json = JsonSerializer.Serialize(new
            {
                baseline = "nearest class mean on raw pixels", data = s.Data, classes, size = train.Height, trainImages = train.Count,
                testImages = test.Count, testAccuracy = accuracy,
            }, new JsonSerializerOptions { WriteIndented = true });
            File.WriteAllText(path + ".tmp", json + "\n");
            File.Move(path + ".tmp", path, overwrite: true);
        }
        return 0;
    }
}
