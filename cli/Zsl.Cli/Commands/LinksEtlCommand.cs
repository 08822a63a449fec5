using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.LinkedData;

namespace Zsl.Cli.Commands;

public sealed class LinksEtlCommand : Command<LinksEtlCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database to add the link tables to (babelnet_*, wordnet_wikipedia_links, ili, class_articles); they are replaced, in one transaction.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--mirror <DIR>")]
        [Description("Data mirror whose links/ folder gives every file not named below (babelnet-2.0.1/, fernando-2013/, cili/). Default: $ZSL_MIRROR, else ../shared/data.")]
        public string? Mirror { get; init; }

        [CommandOption("--babelnet <FILE>")]
        [Description("BabelNet extract: 'bn:id<TAB>[[offsets]]<TAB>Concept|Named Entity<TAB>lemma#n#1<TAB>WIKI:EN:Title<TAB>WIKIRED:EN:Redirect...' lines (plain or .bz2).")]
        public string? BabelNet { get; init; }

        [CommandOption("--fernando <FILE>")]
        [Description("Fernando's mapping: 'offset<TAB>lemma<TAB>pageid#Title#confidence' lines (plain or .bz2).")]
        public string? Fernando { get; init; }

        [CommandOption("--cili-30 <FILE>")]
        [Description("CILI's ili-map-pwn30.tab ('i46360<TAB>02084071-n').")]
        public string? Cili30 { get; init; }

        [CommandOption("--cili-31 <FILE>")]
        [Description("CILI's ili-map-pwn31.tab: with --cili-30 maps WordNet 3.1 synsets to 3.0 wnids.")]
        public string? Cili31 { get; init; }

        [CommandOption("--babelnet-wordnet <VERSION>")]
        [Description("WordNet version of the BabelNet file's offsets: 3.0 (BabelNet up to 3.x, default) or 3.1 (BabelNet 4+), mapped through CILI.")]
        public string BabelNetWordNet { get; init; } = "3.0";

        [CommandOption("--fernando-wordnet <VERSION>")]
        [Description("WordNet version of the Fernando file's offsets: 3.0 (default) or 3.1, mapped through CILI.")]
        public string FernandoWordNet { get; init; } = "3.0";

        [CommandOption("--skip-invalid")]
        [Description("Skip bad lines (counting them and printing the first errors) instead of stopping at the first one.")]
        public bool SkipInvalid { get; init; }

        [CommandOption("--max-errors <N>")]
        [Description("How many skipped lines' errors to print per file (default 10).")]
        public int MaxErrors { get; init; } = 10;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var links = Path.Combine(settings.Mirror ?? ImageNetEtlCommand.DefaultMirror, "links");
        string? Pick(string? given, params string[] parts) => given ?? (Path.Combine([links, .. parts]) is var p && File.Exists(p) ? p : null);
        var files = new LinkFiles
        {
            BabelNet = Pick(settings.BabelNet, "babelnet-2.0.1", "babelnet-2.0.1-wordnet-wikipedia.txt.bz2"),
            BabelNetWordNet31 = Version(settings.BabelNetWordNet, "--babelnet-wordnet"),
            Fernando = Pick(settings.Fernando, "fernando-2013", "fernando-2013-wordnet-wikipedia.txt.bz2"),
            FernandoWordNet31 = Version(settings.FernandoWordNet, "--fernando-wordnet"),
            Cili30 = Pick(settings.Cili30, "cili", "ili-map-pwn30.tab"),
            Cili31 = Pick(settings.Cili31, "cili", "ili-map-pwn31.tab"),
        };
        var options = new LinkReadOptions { SkipInvalid = settings.SkipInvalid, MaxErrorsKept = settings.MaxErrors };
        var s = ProgressReporter.Run("etl links", progress => LinkLoader.Load(settings.Db, files, options, progress));
        foreach (var f in s.Files)
        {
            AnsiConsole.WriteLine($"{f.Source}: {f.Records:N0} records from {f.Lines:N0} lines of {f.Path}" +
                                  (f.Unmapped > 0 ? $", {f.Unmapped:N0} WordNet 3.1 synsets without a 3.0 counterpart" : ""));
            if (f.Skipped == 0) continue;
            AnsiConsole.MarkupLineInterpolated($"  [yellow]skipped[/] {f.Skipped:N0} invalid lines; first errors:");
            foreach (var error in f.FirstErrors) AnsiConsole.WriteLine($"    {error}");
        }
        var c = s.Choice;
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {settings.Db}: {s.WordNetWikipediaLinks:N0} WordNet-Wikipedia links, one article for {c.Synsets:N0} synsets in {s.Elapsed.TotalSeconds:F2} s");
        AnsiConsole.WriteLine($"  sources agree on {c.Agreements:N0} synsets, disagree on {c.Disagreements:N0} (SELECT * FROM link_disagreements); decided by: " +
                              string.Join(", ", c.ByRule.Select(r => $"{r.Key} {r.Value:N0}")));
        return 0;
    }

    private static bool Version(string value, string option) => value switch
    {
        "3.0" => false,
        "3.1" => true,
        _ => throw new ArgumentException($"{option} {value}: expected 3.0 or 3.1"),
    };
}
