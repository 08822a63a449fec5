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

        [CommandOption("--rare-below <N>")]
        [Description("Drop classes whose label is known to be rare: a label count (class_stats.word_count) under N (default 50, thesis 2.4.2.1; 0 = off). Labels of unknown count stay.")]
        public long RareBelow { get; init; } = 50;

        [CommandOption("--require-label-count")]
        [Description("Also drop classes whose label count is unknown (multi-word labels without a Wikipedia dump count, words in no list).")]
        public bool RequireLabelCount { get; init; }

        [CommandOption("--exclude-subtree <SYNSET>")]
        [Description("Drop the classes under this synset, a wnid (n00007846) or a sense name (person.n.01). Repeatable. Default: person.n.01.")]
        public string[] ExcludeSubtrees { get; init; } = [];

        [CommandOption("--include-people")]
        [Description("Keep the classes under person.n.01 (excluded by default: ImageNet withdrew most of its person categories).")]
        public bool IncludePeople { get; init; }

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

        [CommandOption("--max-lexname-tvd <F>")]
        [Description("Representativeness: at most this total variation distance between the lexname shares of the split and of the filtered candidate pool (default 0.02: at most 10 of 500 classes away from the pool's shares); R is maximised within it.")]
        public double MaxLexnameTvd { get; init; } = 0.02;

        [CommandOption("--min-median-images <FLOORS>")]
        [Description("Representativeness of populations: the split's median images per class is at least the highest of these comma-separated floors: 'pool' (the filtered candidate pool's median), a number of images, or a stored split's name (its median). Default 'pool,goz-v1': at the pool's median and no lower than GOZ v1's, the published split the data card compares with (skipped, and said so, when the database does not store it). 0 = off.")]
        public string MinMedianImages { get; init; } = "pool,goz-v1";

        [CommandOption("--min-smallest-class <FLOORS>")]
        [Description("The split's smallest class has at least the highest of these comma-separated floors: a number of images, or a stored split's name (its smallest class), on top of --min-population. Default 'goz-v1': no smaller than GOZ v1's smallest class (skipped, and said so, when the database does not store it). 0 = off.")]
        public string MinSmallestClass { get; init; } = "goz-v1";

        [CommandOption("--max-unknown-label-share <SHARE>")]
        [Description("Checkable labels: at most this share of the split has a label of unknown count (no Wikipedia count). 'pool' (default) = the pool's share; 1 = off.")]
        public string MaxUnknownLabelShare { get; init; } = "pool";

        [CommandOption("--max-multi-word-share <SHARE>")]
        [Description("At most this share of the split has a multi-word label. 'pool' (default) = the pool's share; 1 = off.")]
        public string MaxMultiWordShare { get; init; } = "pool";

        [CommandOption("--show <N>")]
        [Description("Print N classes of the split (label, lexname, images, gloss), evenly spread in wnid order, to judge them by eye (default 12; 0 = none).")]
        public int Show { get; init; } = 12;

        [CommandOption("--iterations <N>")]
        [Description("Swap proposals of the local search, per chain (default 40000000).")]
        public int Iterations { get; init; } = 40_000_000;

        [CommandOption("--chains <N>")]
        [Description("Independent annealing chains, run in parallel; the split of highest R is kept. The result depends on N and the seed, never on the number of cores (default 2).")]
        public int Chains { get; init; } = 2;

        [CommandOption("--temperature <T>")]
        [Description("Start temperature of the local search's annealing, in units of R, falling linearly to 0 (default 0.002).")]
        public double Temperature { get; init; } = 0.002;

        [CommandOption("--horizon <D>")]
        [Description("Distances tracked during the annealing (default 3, fast); the final steepest ascent tracks them to 6 and the reported R is always exact.")]
        public int Horizon { get; init; } = 3;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var options = new GeneratorOptions
        {
            Size = settings.Size, Seed = settings.Seed, MinPopulation = settings.MinPopulation,
            MinWordCount = settings.MinWordCount, MaxWordCount = settings.MaxWordCount, RareBelow = settings.RareBelow, RequireLabelCount = settings.RequireLabelCount,
            PrimaryMeaningOnly = !settings.AllMeanings, Vocabulary = settings.Vocabulary,
            ExcludeSubtrees = ExcludedSubtrees(settings), MaxLexnameTvd = settings.MaxLexnameTvd,
            MedianFloors = Floors(settings.MinMedianImages),
            SmallestClassFloors = Floors(settings.MinSmallestClass),
            MaxUnknownLabelShare = ParseShare("--max-unknown-label-share", settings.MaxUnknownLabelShare),
            MaxMultiWordShare = ParseShare("--max-multi-word-share", settings.MaxMultiWordShare),
            Iterations = settings.Iterations, DistanceHorizon = settings.Horizon, Temperature = settings.Temperature, Chains = settings.Chains,
        };
        var split = SplitGenerator.Generate(settings.Db, options, p =>
            Console.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] {p.Phase,-12} step {p.Step,7:N0}: R~{p.R:F4}  lexname TVD {p.LexnameTvd:F3}  H {p.Entropy:F3}  lexnames {p.Lexnames}  size {p.Size}"));
        foreach (var f in split.Filters)
            AnsiConsole.WriteLine($"filter {f.Filter} ({f.Setting}): {(f.Applied ? "" : "not applied, ")}{f.Remaining:N0} candidates{(f.Note.Length > 0 ? " - " + f.Note : "")}");
        foreach (var b in split.ShareBounds)
            AnsiConsole.WriteLine($"bound {b.Option}: {b.Name}: split {b.SplitCount} ({b.SplitShare:P1}), pool {b.PoolShare:P1}, " +
                                  (b.Applied ? $"at most {b.Cap} ({b.Note})" : b.Note));
        SplitFiles.Write(split, SplitFiles.Inputs(settings.Db), settings.Out);
        if (settings.Show > 0 && split.TestClasses.Count > 0)
        {
            AnsiConsole.WriteLine($"a sample of the test classes ({Math.Min(settings.Show, split.TestClasses.Count)} of {split.TestClasses.Count}):");
            var step = Math.Max(1, split.TestClasses.Count / settings.Show);
            foreach (var c in split.TestClasses.Where((_, i) => i % step == 0).Take(settings.Show))
                AnsiConsole.WriteLine($"  {c.FirstLemma} ({c.Lexname.Replace("noun.", "")}, {c.Population?.ToString("N0") ?? "?"} images): {(c.Definition.Length > 70 ? c.Definition[..67] + "..." : c.Definition)}");
        }
        var r = split.Ratio;
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {settings.Out}: {split.Test.Count} test classes, R = [bold]{r.R:F4}[/] (median r {r.Quantile(0.5):F2}), {split.LexnameCount} lexnames (entropy {split.LexnameEntropy:F3}, TVD to the candidate pool {split.LexnameTvd:F3}), {r.Flaws.Count} structural flaws, {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>Comma-separated floors; "0" alone switches the bound off.</summary>
    private static IReadOnlyList<string> Floors(string value) => value.Trim() == "0" ? [] : value.Split(',', StringSplitOptions.TrimEntries);

    /// <summary>A share bound: 'pool' (null: the pool's own share) or a number in [0, 1].</summary>
    public static double? ParseShare(string option, string value)
    {
        if (value.Equals("pool", StringComparison.OrdinalIgnoreCase)) return null;
        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1) return share;
        throw new ArgumentException($"{option} expects 'pool' or a share in [0, 1], got '{value}'");
    }

    /// <summary>The --exclude-subtree list (person.n.01 when none is given), without person.n.01 under --include-people.</summary>
    public static IReadOnlyList<string> ExcludedSubtrees(Settings settings)
    {
        var list = settings.ExcludeSubtrees.Length > 0 ? settings.ExcludeSubtrees.ToList() : ["person.n.01"];
        if (settings.IncludePeople) list.RemoveAll(s => s is GeneratorOptions.Person or "person.n.01");
        return list;
    }
}
