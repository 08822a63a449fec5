using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Benchmark;

namespace Zsl.Cli.Commands;

public sealed class BenchmarkPublishCommand : Command<BenchmarkPublishCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database with WordNet, the ImageNet tables and class_stats.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--split <DIR>")]
        [Description("Split folder written by ./zsl benchmark generate.")]
        public string Split { get; init; } = "data/split";

        [CommandOption("--out <DIR>")]
        [Description("Artifact folder to write (replaced atomically): wnid lists, classes.csv/.parquet, PNG plots, manifest.json, README.md, SHA256SUMS.")]
        public string Out { get; init; } = "data/zsl-split-500";

        [CommandOption("--compare <SPLIT>")]
        [Description("Splits the data card compares with (stored names, split folders or wnid files; repeatable). Default: goz-v1, 2-hops, 3-hops and all, those the database has.")]
        public string[] Compare { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var summary = SplitPublisher.Publish(settings.Db, settings.Split, settings.Out, settings.Compare.Length > 0 ? settings.Compare : null);
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {summary.Directory}: {summary.TestClasses} test / {summary.TrainingClasses:N0} training classes, R = {summary.R:F4}");
        AnsiConsole.WriteLine("  " + string.Join(", ", summary.Files));
        return 0;
    }
}
