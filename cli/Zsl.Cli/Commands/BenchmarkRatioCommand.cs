using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Benchmark;
using Zsl.Store;

namespace Zsl.Cli.Commands;

public sealed class BenchmarkRatioCommand : Command<BenchmarkRatioCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database with WordNet and the ImageNet tables (./zsl etl wordnet, ./zsl etl imagenet).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--split <NAME>")]
        [Description("A standard split of imagenet-testsets.json: 2-hops, 3-hops, all, ...")]
        public string? Split { get; init; }

        [CommandOption("--wnids <FILE>")]
        [Description("A test split as a file of wnids, one a line (e.g. test_wnids.txt of a generated split).")]
        public string? Wnids { get; init; }

        [CommandOption("--flaws <N>")]
        [Description("How many structural flaws to list (default 10).")]
        public int ShowFlaws { get; init; } = 10;

        [CommandOption("--graph <KIND>")]
        [Description("full (default: the WordNet 3.0 noun graph, the issue's definition), imagenet (induced on ImageNet's structure wnids) or imagenet-tree (that, one parent per node), split-tree (induced on the training and test classes only, one parent per node).")]
        public string Graph { get; init; } = "full";

        public override ValidationResult Validate()
            => (Split is null) == (Wnids is null) ? ValidationResult.Error("give exactly one of --split NAME or --wnids FILE")
            : Graph is not ("full" or "imagenet" or "imagenet-tree" or "split-tree") ? ValidationResult.Error($"--graph must be full, imagenet, imagenet-tree or split-tree, not '{Graph}'")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var connection = Database.OpenReadOnly(settings.Db);
        var graph = NounGraph.Load(connection);
        var training = ImageNetClasses.Training(connection);
        var test = settings.Split is { } split ? ImageNetClasses.Split(connection, split) : ImageNetClasses.ReadWnidFile(settings.Wnids!, graph);
        if (settings.Graph != "full")
        {
            // The structure wnids, plus every class of the split and the root, so that all classes are nodes of one graph.
            var keep = (settings.Graph == "split-tree" ? new HashSet<string>() : ImageNetClasses.Structure(connection)).Concat(training).Concat(test).Append(NounGraph.Root).ToHashSet(StringComparer.Ordinal);
            graph = graph.InducedOn(keep, tree: settings.Graph != "imagenet");
        }
        var report = StructuralRatio.Compute(graph, training, test);
        var name = settings.Split ?? settings.Wnids!;
        AnsiConsole.MarkupLineInterpolated($"split [bold]{name}[/]: {test.Count:N0} test classes, {training.Count:N0} training classes, {settings.Graph} graph {graph.NodeCount:N0} nouns / {graph.EdgeCount:N0} hypernym edges");
        AnsiConsole.MarkupLineInterpolated($"structural ratio R = [bold]{report.R:F4}[/]");
        AnsiConsole.MarkupLineInterpolated($"r(c): min {report.Quantile(0):F3}, p10 {report.Quantile(0.1):F3}, median {report.Quantile(0.5):F3}, p90 {report.Quantile(0.9):F3}, max {report.Quantile(1):F3}");
        var histogram = RatioHistogram.Bins(report.Classes.Select(c => c.Ratio));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("r(c)").AddColumn(new TableColumn("classes").RightAligned()).AddColumn("");
        var widest = Math.Max(1, histogram.Max(b => b.Count));
        foreach (var bin in histogram)
            table.AddRow(new Spectre.Console.Text(bin.Label), new Spectre.Console.Text(bin.Count.ToString("N0")), new Spectre.Console.Text(new string('#', (int)Math.Ceiling(40.0 * bin.Count / widest))));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"d(c, training): mean {report.Classes.Average(c => c.TrainDistance):F2}; d(c, other test): mean {report.Classes.Average(c => c.TestDistance):F2}");
        AnsiConsole.MarkupLineInterpolated($"structural flaws: {report.Flaws.Count:N0} ({report.FlawCount(RatioReport.TestAncestorOfTest):N0} test-test, {report.FlawCount(RatioReport.TrainAncestorOfTest):N0} training ancestor of test, {report.FlawCount(RatioReport.TestAncestorOfTrain):N0} test ancestor of training)");
        foreach (var flaw in report.Flaws.Take(settings.ShowFlaws))
            AnsiConsole.MarkupLineInterpolated($"  {flaw.Kind}: {flaw.Ancestor} > {flaw.Descendant}");
        AnsiConsole.MarkupLineInterpolated($"[grey]{clock.Elapsed.TotalSeconds:F2} s[/]");
        return 0;
    }
}
