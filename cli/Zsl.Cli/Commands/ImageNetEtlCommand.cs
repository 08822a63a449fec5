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
        [Description("Data mirror with imagenet/ (imagenet21k_wnids.txt, ilsvrc2012_wnids.txt, imagenet-testsets.json, imagenet-xml-wnids.json, fall11-image-counts.tsv, goz-v1/test_wnids.txt) and corpora/ (subtlex-us-word-frequencies.json, wikipedia-word-counts/). Default: $ZSL_MIRROR, else ../shared/data.")]
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

        [CommandOption("--image-counts <FILE>")]
        [Description("Image populations from a TSV of 'wnid<TAB>count' lines, header optional (fall11-image-counts.tsv: the numbers of ReleaseStatus.xml). Default: the mirror's imagenet/fall11-image-counts.tsv when no other population source is given.")]
        public string? ImageCounts { get; init; }

        [CommandOption("--word-counts <[NAME=]FILE>")]
        [Description("A word-frequency list loaded into word_counts under source NAME (default: the file name): JSON [[{word, count}]], 'COUNT WORD' lines or 'WORD<TAB>COUNT' lines. Repeatable; replaces the mirror's lists (subtlex-us, enwiki-2019-mlang, enwiki-2012-iitis).")]
        public string[] WordCounts { get; init; } = [];

        [CommandOption("--reference-split <NAME=FILE>")]
        [Description("A published test split (one wnid a line) stored beside the standard splits as NAME, for benchmark ratio/compare. Repeatable; replaces the mirror's goz-v1 (imagenet/goz-v1/test_wnids.txt).")]
        public string[] ReferenceSplits { get; init; } = [];

        public override ValidationResult Validate()
            => new[] { ReleaseStatus, Urls, Images, ImageCounts }.Count(s => s is not null) > 1
                ? ValidationResult.Error("give at most one of --release-status, --image-counts, --urls, --images")
                : ReferenceSplits.FirstOrDefault(r => !r.Contains('=')) is { } bad
                    ? ValidationResult.Error($"--reference-split expects NAME=FILE, got '{bad}'")
                    : ValidationResult.Success();
    }

    public static string DefaultMirror => Environment.GetEnvironmentVariable("ZSL_MIRROR") is { Length: > 0 } m ? m : Path.Combine("..", "shared", "data");

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var mirror = ImageNetSources.FromMirror(settings.Mirror ?? DefaultMirror);
        var explicitPopulation = settings.ReleaseStatus is not null || settings.Urls is not null || settings.Images is not null || settings.ImageCounts is not null;
        var sources = mirror with
        {
            ReleaseStatus = explicitPopulation ? settings.ReleaseStatus : mirror.ReleaseStatus,
            UrlList = explicitPopulation ? settings.Urls : mirror.UrlList,
            ImageFolder = explicitPopulation ? settings.Images : mirror.ImageFolder,
            ImageCounts = explicitPopulation ? settings.ImageCounts : mirror.ImageCounts,
            WordCounts = settings.WordCounts.Length > 0
                ? settings.WordCounts.Select(w => w.IndexOf('=') is var eq and > 0 ? new WordCountList(w[..eq], w[(eq + 1)..]) : new WordCountList(Path.GetFileNameWithoutExtension(w), w)).ToArray()
                : mirror.WordCounts,
            ReferenceSplits = settings.ReferenceSplits.Length > 0
                ? settings.ReferenceSplits.Select(r => new ReferenceSplit(r[..r.IndexOf('=')], r[(r.IndexOf('=') + 1)..])).ToArray()
                : mirror.ReferenceSplits,
        };
        var s = ProgressReporter.Run("imagenet", progress => ImageNetLoader.Load(settings.Db, sources, progress));
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {settings.Db}: {s.Classes:N0} classes ({s.Training:N0} training), {s.StructureWnids:N0} structure wnids in {s.Elapsed.TotalSeconds:F2} s");
        AnsiConsole.MarkupLineInterpolated($"  splits: {string.Join(", ", s.Splits.Select(p => $"{p.Key} {p.Value:N0}"))}");
        AnsiConsole.WriteLine(s.Populations is { } n
            ? $"  populations: {n:N0} classes from {s.PopulationSource}{(s.PopulationsOutsideUniverse > 0 ? $" ({s.PopulationsOutsideUniverse:N0} listed wnids outside the class universe skipped)" : "")}"
            : $"  populations: unknown (no ReleaseStatus.xml, image counts, URL list or image folder given): population filters will be skipped");
        AnsiConsole.WriteLine(s.WordCounts.Count > 0 ? $"  word counts: {string.Join(", ", s.WordCounts.Select(w => $"{w.Key} {w.Value:N0} words"))}" : $"  word counts: none loaded");
        return 0;
    }
}
