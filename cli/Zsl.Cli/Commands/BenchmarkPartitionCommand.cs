using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Benchmark;
using Zsl.Store;

namespace Zsl.Cli.Commands;

public sealed class BenchmarkPartitionCommand : Command<BenchmarkPartitionCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database with WordNet (./zsl etl wordnet).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--universe <FILE>")]
        [Description("The classes to partition: wnids, one a line (e.g. Tiny ImageNet's wnids.txt).")]
        public string Universe { get; init; } = "";

        [CommandOption("--unseen <N>")]
        [Description("Unseen (test) classes per partition; the rest are seen (default 50).")]
        public int Unseen { get; init; } = 50;

        [CommandOption("--partitions <N>")]
        [Description("Partitions from the lowest to the highest structural ratio R, at evenly spaced R (default 5).")]
        public int Partitions { get; init; } = 5;

        [CommandOption("--seed <N>")]
        [Description("Seed of the search (default 1): same seed and universe, same partitions.")]
        public ulong Seed { get; init; } = 1;

        [CommandOption("--steps <N>")]
        [Description("Swap proposals of the search per partition (default 20000).")]
        public int Steps { get; init; } = 20_000;

        [CommandOption("--out <DIR>")]
        [Description("Output: partition-K/train_wnids.txt (seen), partition-K/test_wnids.txt (unseen), partitions.json.")]
        public string Out { get; init; } = "data/partitions";

        public override ValidationResult Validate()
            => Universe.Length == 0 ? ValidationResult.Error("--universe FILE is required")
            : Steps < 1 ? ValidationResult.Error("--steps must be positive")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var connection = Database.OpenReadOnly(settings.Db);
        var graph = NounGraph.Load(connection);
        var universe = ImageNetClasses.ReadWnidFile(settings.Universe, graph);
        var partitions = UniversePartitioner.Partition(graph, universe, settings.Unseen, settings.Partitions, settings.Seed, settings.Steps,
            line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"));
        UniversePartitioner.Write(settings.Out, partitions, settings.Universe, settings.Seed, settings.Steps);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("partition").AddColumn(new TableColumn("target R").RightAligned())
            .AddColumn(new TableColumn("R").RightAligned()).AddColumn(new TableColumn("seen / unseen").RightAligned())
            .AddColumn(new TableColumn("flaws: test-test").RightAligned()).AddColumn(new TableColumn("seen > unseen").RightAligned()).AddColumn(new TableColumn("unseen > seen").RightAligned());
        foreach (var p in partitions)
            table.AddRow($"partition-{p.Index}", p.TargetR.ToString("F4"), p.Report.R.ToString("F4"), $"{p.Seen.Count} / {p.Unseen.Count}",
                p.Report.FlawCount(RatioReport.TestAncestorOfTest).ToString(), p.Report.FlawCount(RatioReport.TrainAncestorOfTest).ToString(),
                p.Report.FlawCount(RatioReport.TestAncestorOfTrain).ToString());
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"wrote {partitions.Count} partitions to {settings.Out}");
        return 0;
    }
}
