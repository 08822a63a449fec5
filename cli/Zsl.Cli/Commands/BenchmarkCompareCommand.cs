using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Benchmark;

namespace Zsl.Cli.Commands;

public sealed class BenchmarkCompareCommand : Command<BenchmarkCompareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SPLIT>")]
        [Description("Splits to compare: a stored split name (2-hops, 3-hops, all, goz-v1, ...), a split folder (test_wnids.txt and, if there, train_wnids.txt) or a wnid file.")]
        public string[] Splits { get; init; } = [];

        [CommandOption("--db <PATH>")]
        [Description("Database with WordNet, the ImageNet tables and class_stats (./zsl benchmark stats).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--format <FORMAT>")]
        [Description("markdown (default: one table, splits as columns) or json.")]
        public string Format { get; init; } = "markdown";

        [CommandOption("--out <FILE>")]
        [Description("Write the table to this file (atomically) instead of the terminal.")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
            => Format is not ("markdown" or "json") ? ValidationResult.Error($"--format must be markdown or json, not '{Format}'")
            : Splits.Length == 0 ? ValidationResult.Error("name at least one split") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var comparison = SplitComparison.Compare(settings.Db, settings.Splits);
        var text = settings.Format == "json" ? SplitComparison.Json(comparison) : SplitComparison.Markdown(comparison)
            + $"\nCandidate pool: the {comparison.PoolSize:N0} classes that pass the generator's default filters; TVD = total variation distance of the lexname shares.\n";
        if (settings.Out is null) { Console.Write(text); return 0; }
        ArtifactDirectory.WriteFileAtomically(settings.Out, text);
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {settings.Out}: {comparison.Splits.Count} splits");
        return 0;
    }
}
