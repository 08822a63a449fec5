using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.ImageNet;

namespace Zsl.Cli.Commands;

public sealed class ImageNetEtlCommand : Command<ImageNetEtlCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("WordNet database to add the ImageNet tables to (built by ./zsl etl wordnet); updated in one transaction.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--mirror <DIR>")]
        [Description("Data mirror with imagenet/ (imagenet21k_wnids.txt, ilsvrc2012_wnids.txt, imagenet-testsets.json, imagenet-xml-wnids.json) and corpora/subtlex-us-word-frequencies.json. Default: $ZSL_MIRROR, else ../shared/data.")]
        public string? Mirror { get; init; }

        [CommandOption("--release-status <FILE>")]
        [Description("Image populations from ImageNet's ReleaseStatus.xml (<synset wnid=.. numImages=../> elements).")]
        public string? ReleaseStatus { get; init; }

        [CommandOption("--urls <FILE>")]
        [Description("Image populations from an image-URL list (fall11_urls.txt: 'n01440764_10026<TAB>url' lines).")]
        public string? Urls { get; init; }

        [CommandOption("--images <DIR>")]
        [Description("Image populations from an image folder ROOT/wnid/*.JPEG.")]
        public string? Images { get; init; }

        [CommandOption("--word-counts <FILE>")]
        [Description("Word frequencies as a JSON array of {word, count} (default: the mirror's corpora/subtlex-us-word-frequencies.json).")]
        public string? WordCounts { get; init; }

        [CommandOption("--word-count-source <NAME>")]
        [Description("Name of the word-count source in table word_counts (default subtlex-us).")]
        public string WordCountSource { get; init; } = "subtlex-us";
    }

    public static string DefaultMirror => Environment.GetEnvironmentVariable("ZSL_MIRROR") is { Length: > 0 } m ? m : Path.Combine("..", "shared", "data");

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var mirror = ImageNetSources.FromMirror(settings.Mirror ?? DefaultMirror);
        var explicitPopulation = settings.ReleaseStatus is not null || settings.Urls is not null || settings.Images is not null;
        var sources = mirror with
        {
            ReleaseStatus = explicitPopulation ? settings.ReleaseStatus : mirror.ReleaseStatus,
            UrlList = explicitPopulation ? settings.Urls : mirror.UrlList,
            ImageFolder = explicitPopulation ? settings.Images : mirror.ImageFolder,
            WordCounts = settings.WordCounts ?? mirror.WordCounts,
            WordCountSource = settings.WordCountSource,
        };
        var s = ProgressReporter.Run("imagenet", progress => ImageNetLoader.Load(settings.Db, sources, progress));
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {settings.Db}: {s.Classes:N0} classes ({s.Training:N0} training), {s.StructureWnids:N0} structure wnids in {s.Elapsed.TotalSeconds:F2} s");
        AnsiConsole.MarkupLineInterpolated($"  splits: {string.Join(", ", s.Splits.Select(p => $"{p.Key} {p.Value:N0}"))}");
        AnsiConsole.WriteLine(s.Populations is { } n
            ? $"  populations: {n:N0} classes from {s.PopulationSource}{(s.PopulationsOutsideUniverse > 0 ? $" ({s.PopulationsOutsideUniverse:N0} listed wnids outside the class universe skipped)" : "")}"
            : $"  populations: unknown (no ReleaseStatus.xml, URL list or image folder given): population filters will be skipped");
        AnsiConsole.WriteLine(s.WordCounts is { } w ? $"  word counts: {w:N0} words from {s.WordCountSource}" : $"  word counts: none loaded");
        return 0;
    }
}
