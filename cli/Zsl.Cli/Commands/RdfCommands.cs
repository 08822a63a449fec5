using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.LinkedData;
using Zsl.Rdf;

namespace Zsl.Cli.Commands;

public class RdfReadSettings : CommandSettings
{
    [CommandOption("--skip-invalid")]
    [Description("Skip invalid lines (counting them and printing the first errors) instead of stopping at the first one.")]
    public bool SkipInvalid { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("nt (N-Triples: no graph labels) or nq (N-Quads). Default: from the file name (.nt, .nt.gz, .nt.bz2 = nt, else nq).")]
    public string? Format { get; init; }

    [CommandOption("--max-errors <N>")]
    [Description("How many of the skipped lines' errors to print (default 10).")]
    public int MaxErrors { get; init; } = 10;

    public RdfReaderOptions ReaderOptions() => new()
    {
        SkipInvalid = SkipInvalid,
        MaxErrorsKept = MaxErrors,
        Syntax = Format?.ToLowerInvariant() switch
        {
            null => null,
            "nt" or "ntriples" or "n-triples" => RdfSyntax.NTriples,
            "nq" or "nquads" or "n-quads" => RdfSyntax.NQuads,
            var other => throw new ArgumentException($"--format {other}: expected nt or nq"),
        },
    };

    internal static void PrintSkipped(long invalid, IReadOnlyList<RdfSyntaxError> errors)
    {
        if (invalid == 0) return;
        AnsiConsole.MarkupLineInterpolated($"[yellow]skipped[/] {invalid:N0} invalid lines; first errors:");
        foreach (var error in errors) AnsiConsole.WriteLine($"  {error}");
    }
}

public sealed class RdfCheckCommand : Command<RdfCheckCommand.Settings>
{
    public sealed class Settings : RdfReadSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("N-Triples / N-Quads files, plain, gzip or bzip2.")]
        public string[] Files { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.ReaderOptions();
        foreach (var file in settings.Files)
        {
            var report = ProgressReporter.Run("rdf check", progress => RdfInspector.Check(file, options, progress));
            // Plain output (no wrapping): scripts read the rate from this line.
            Console.WriteLine($"ok {file}: {report.Statements:N0} statements ({report.Syntax}) in {report.Elapsed.TotalSeconds:F2} s, {report.StatementsPerSecond:N0} statements/s");
            RdfReadSettings.PrintSkipped(report.InvalidLines, report.FirstErrors);
        }
        return 0;
    }
}

public sealed class RdfStatsCommand : Command<RdfStatsCommand.Settings>
{
    public sealed class Settings : RdfReadSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("An N-Triples / N-Quads file, plain, gzip or bzip2.")]
        public string File { get; init; } = "";

        [CommandOption("--top <N>")]
        [Description("How many predicates and languages to list (default 20).")]
        public int Top { get; init; } = 20;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var r = ProgressReporter.Run("rdf stats", progress => RdfInspector.Stats(settings.File, settings.ReaderOptions(), settings.Top, progress));
        AnsiConsole.MarkupLineInterpolated($"[green]{settings.File}[/] ({r.Syntax}): {r.Statements:N0} statements in {r.Elapsed.TotalSeconds:F2} s");
        AnsiConsole.WriteLine($"terms: {r.Iris:N0} IRIs, {r.BlankNodes:N0} blank nodes, {r.Literals:N0} literals ({r.LanguageLiterals:N0} language-tagged, {r.TypedLiterals:N0} typed); {r.WithGraph:N0} statements with a graph label");
        var predicates = new Table().AddColumn("predicate").AddColumn(new TableColumn("statements").RightAligned());
        foreach (var (p, n) in r.TopPredicates) predicates.AddRow(Markup.Escape(p), n.ToString("N0"));
        AnsiConsole.WriteLine($"{r.DistinctPredicates:N0} distinct predicates:");
        AnsiConsole.Write(predicates);
        if (r.Languages.Count > 0)
            AnsiConsole.WriteLine("languages: " + string.Join(", ", r.Languages.Select(l => $"{l.Language} {l.Count:N0}")));
        RdfReadSettings.PrintSkipped(r.InvalidLines, r.FirstErrors);
        return 0;
    }
}

public sealed class ExportRdfCommand : Command<ExportRdfCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("SQLite database with the WordNet tables, or the link tables for --content links (opened read-only).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--content <WHAT>")]
        [Description("wordnet (synsets, lemmas, relations; default) or links (BabelNet synsets and every WordNet-Wikipedia link, in the shape ./zsl etl rdf reads back).")]
        public string Content { get; init; } = "wordnet";

        [CommandOption("--out <FILE>")]
        [Description("N-Triples file to write, gzip-compressed when it ends in .gz (written to a temporary file, then moved into place). Default data/wordnet.nt.gz or data/links.nt.gz.")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Content == "links")
        {
            var output = settings.Out ?? "data/links.nt.gz";
            var l = ProgressReporter.Run("export rdf", progress => LinkRdfExporter.Export(settings.Db, output, progress));
            AnsiConsole.MarkupLineInterpolated(
                $"[green]wrote[/] {output}: {l.Triples:N0} triples ({l.Synsets:N0} BabelNet synsets, {l.Links:N0} other links) in {l.Elapsed.TotalSeconds:F2} s");
            return 0;
        }
        if (settings.Content != "wordnet") throw new ArgumentException($"--content {settings.Content}: expected wordnet or links");
        var outPath = settings.Out ?? "data/wordnet.nt.gz";
        var r = ProgressReporter.Run("export rdf", progress => WordNetRdfExporter.Export(settings.Db, outPath, progress));
        AnsiConsole.MarkupLineInterpolated(
            $"[green]wrote[/] {outPath}: {r.Triples:N0} triples ({r.Synsets:N0} synsets, {r.Senses:N0} senses, {r.Relations:N0} relations) in {r.Elapsed.TotalSeconds:F2} s");
        return 0;
    }
}

public sealed class RdfEtlCommand : Command<RdfEtlCommand.Settings>
{
    public sealed class Settings : RdfReadSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("SQLite database to add the rdf_* and babelnet_* tables to (they are replaced on a rerun).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandArgument(0, "<FILE>")]
        [Description("N-Triples / N-Quads files (plain, .gz, .bz2). Blank nodes are scoped to their file.")]
        public string[] Files { get; init; } = [];

        [CommandOption("--batch <N>")]
        [Description("Statements per transaction while loading (default 100000).")]
        public int Batch { get; init; } = 100_000;

        [CommandOption("--classes <FILE>")]
        [Description("A class list (wnids, one a line, e.g. imagenet21k_wnids.txt): report the share reaching a BabelNet synset and a Wikipedia page.")]
        public string? Classes { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Classes is { } classes && !File.Exists(classes)) throw new FileNotFoundException($"{classes} does not exist", classes);
        var r = ProgressReporter.Run("etl rdf", progress => RdfStoreLoader.Load(settings.Db, settings.Files, settings.ReaderOptions(), settings.Batch, progress));
        AnsiConsole.MarkupLineInterpolated(
            $"[green]loaded[/] {r.Statements:N0} statements from {r.Files} files ({r.Terms:N0} distinct terms) into {settings.Db} in {r.Elapsed.TotalSeconds:F2} s");
        RdfReadSettings.PrintSkipped(r.InvalidLines, r.FirstErrors);
        var x = r.Extraction;
        AnsiConsole.WriteLine($"babelnet: {x.Synsets:N0} synsets, {x.WordNetLinks:N0} WordNet links ({x.MappedWordNetLinks:N0} to WordNet 3.0 wnids), {x.ExternalLinks:N0} Wikipedia/DBpedia links, {x.Edges:N0} typed edges");
        AnsiConsole.WriteLine($"wordnet_wikipedia_links: {x.WordNetWikipediaLinks:N0}");
        if (settings.Classes is not null)
        {
            var c = LinkCoverage.Compute(settings.Db, settings.Classes);
            AnsiConsole.WriteLine($"coverage of {settings.Classes}: {c.Classes:N0} classes, {c.WithBabelNet:N0} ({c.BabelNetShare:P1}) reach a BabelNet synset, {c.WithWikipedia:N0} ({c.WikipediaShare:P1}) a Wikipedia page");
        }
        return 0;
    }
}
