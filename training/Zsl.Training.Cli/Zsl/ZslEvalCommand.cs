using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Evaluation;

namespace Zsl.Training.Cli.Zsl;

public sealed class ZslEvalCommand : AsyncCommand<ZslEvalCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <DIR>")] [Description("Model folder written by ./zsl zsl train.")]
        public string Model { get; init; } = "data/models/eszsl";

        [CommandOption("--features <FILE>")]
        [Description("Features of evaluation images (Parquet or .npz): test-class images, plus held-out training-class images for generalized ZSL.")]
        public string Features { get; init; } = "";

        [CommandOption("--db <PATH>")] [Description("WordNet SQLite database (error breakdown, structural ratio); 'none' to skip.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--class-stats <FILE>")] [Description("CSV or Parquet with a wnid column and numeric columns (population, word frequency, primary meaning...): sub-splits per column.")]
        public string? ClassStats { get; init; }

        [CommandOption("--subsplit-size <N>")] [Description("Classes per sub-split binned by a class statistic.")]
        public int SubSplitSize { get; init; } = 100;

        [CommandOption("--out <DIR>")] [Description("Report folder: report.json and PNG figures.")]
        public string Out { get; init; } = "data/reports/eszsl";

        [CommandOption("--no-plots")] [Description("Write report.json only.")]
        public bool NoPlots { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Features.Length == 0) throw new ArgumentException("--features is required");
        var report = await Evaluator.EvaluateAsync(new EvalOptions
        {
            Model = s.Model, Features = s.Features, Output = s.Out, Database = s.Db == "none" ? null : s.Db,
            ClassStats = s.ClassStats, SubSplitSize = s.SubSplitSize, Plots = !s.NoPlots,
        }, new LogProgress(), cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[green]evaluated[/] {report.Model}: {report.Zsl.Classes} test classes, {report.Zsl.Images:N0} images -> {s.Out}/report.json");
        AnsiConsole.MarkupLineInterpolated($"  ZSL  top-1 {100 * report.Zsl.Accuracy["1"]:F2}%  top-5 {100 * report.Zsl.Accuracy["5"]:F2}%");
        if (report.Generalized.Harmonic is { } h)
            AnsiConsole.MarkupLineInterpolated($"  GZSL top-1 unseen {100 * report.Generalized.Unseen.Accuracy["1"]:F2}%  seen {100 * report.Generalized.Seen!.Accuracy["1"]:F2}%  H {100 * h["1"]:F2}%");
        if (report.StructuralRatio is { } r) AnsiConsole.MarkupLineInterpolated($"  structural ratio R = {r:F3}");
        return 0;
    }
}
