using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Benchmark;

namespace Zsl.Cli.Commands;

public sealed class BenchmarkGenerateCommand : Command<BenchmarkGenerateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database with WordNet, the ImageNet tables and class_stats (./zsl benchmark stats).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--size <N>")]
        [Description("Number of test classes (default 500).")]
        public int Size { get; init; } = 500;

        [CommandOption("--seed <N>")]
        [Description("Seed of the local search; same inputs and seed give byte-identical files (default 1).")]
        public ulong Seed { get; init; } = 1;

        [CommandOption("--out <DIR>")]
        [Description("Split folder to write (replaced atomically): train_wnids.txt, test_wnids.txt, split.json.")]
        public string Out { get; init; } = "data/split";

        [CommandOption("--min-population <N>")]
        [Description("Minimum images per class, applied when populations are known (default 300, thesis 2.4.3.1).")]
        public long MinPopulation { get; init; } = 300;

        [CommandOption("--min-word-count <N>")]
        [Description("Minimum occurrences of the class label in the word counts (off by default; labels without a count are dropped when set).")]
        public long? MinWordCount { get; init; }

        [CommandOption("--max-word-count <N>")]
        [Description("Maximum occurrences of the class label in the word counts (off by default).")]
        public long? MaxWordCount { get; init; }

        [CommandOption("--all-meanings")]
        [Description("Keep classes whose label is a secondary meaning of its word (the primary-meaning filter is on by default).")]
        public bool AllMeanings { get; init; }

        [CommandOption("--vocabulary <FILE>")]
        [Description("Keep only classes whose label is in this word-vector vocabulary (fastText .vec, or one word a line).")]
        public string? Vocabulary { get; init; }

        [CommandOption("--entropy-weight <W>")]
        [Description("Weight w of the lexname entropy in the objective R + w·H (default 1).")]
        public double EntropyWeight { get; init; } = 1.0;

        [CommandOption("--max-lexname-share <F>")]
        [Description("At most this share of the test classes in one lexname (default 0.2).")]
        public double MaxLexnameShare { get; init; } = 0.2;

        [CommandOption("--iterations <N>")]
        [Description("Swap proposals of the local search (default 300000).")]
        public int Iterations { get; init; } = 300_000;

        [CommandOption("--horizon <D>")]
        [Description("Distances tracked during the search (default 6); the reported R is always exact.")]
        public int Horizon { get; init; } = 6;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var options = new GeneratorOptions
        {
            Size = settings.Size, Seed = settings.Seed, MinPopulation = settings.MinPopulation,
            MinWordCount = settings.MinWordCount, MaxWordCount = settings.MaxWordCount,
            PrimaryMeaningOnly = !settings.AllMeanings, Vocabulary = settings.Vocabulary,
            EntropyWeight = settings.EntropyWeight, MaxLexnameShare = settings.MaxLexnameShare,
            Iterations = settings.Iterations, DistanceHorizon = settings.Horizon,
        };
        var split = SplitGenerator.Generate(settings.Db, options, p =>
            Console.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] {p.Phase,-12} step {p.Step,7:N0}: objective {p.Objective:F4}  R~{p.R:F4}  H {p.Entropy:F3}  lexnames {p.Lexnames}  size {p.Size}"));
        foreach (var f in split.Filters)
            AnsiConsole.WriteLine($"filter {f.Filter} ({f.Setting}): {(f.Applied ? "" : "not applied, ")}{f.Remaining:N0} candidates{(f.Note.Length > 0 ? " - " + f.Note : "")}");
        SplitFiles.Write(split, SplitFiles.Inputs(settings.Db), settings.Out);
        var r = split.Ratio;
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {settings.Out}: {split.Test.Count} test classes, R = [bold]{r.R:F4}[/] (median r {r.Quantile(0.5):F2}), {split.LexnameCount} lexnames, lexname entropy {split.LexnameEntropy:F3}, {r.Flaws.Count} structural flaws, {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
