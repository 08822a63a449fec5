using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.Text;

namespace Zsl.Cli.Commands;

public class TextCorpusSettings : CommandSettings
{
    [CommandOption("--db <PATH>")]
    [Description("Database: WordNet lemmas are read from it, results written to it (and the 'wikipedia' corpus read from it).")]
    public string Db { get; init; } = "data/zsl.sqlite";

    [CommandOption("--corpus <KIND>")]
    [Description("wikipedia (wiki_articles of --db, or of the database given by --input), brown (--input = the Brown corpus folder of word/tag files), text (--input = plain-text files, one document a line).")]
    public string Corpus { get; init; } = "wikipedia";

    [CommandOption("--input <PATH>")]
    [Description("Corpus files or folder (repeatable), see --corpus.")]
    public string[] Inputs { get; init; } = [];

    [CommandOption("--source <NAME>")]
    [Description("Name stored in the source column (default: the corpus kind). Only rows of this source are replaced.")]
    public string? Source { get; init; }
}

public sealed class TextCountCommand : Command<TextCountCommand.Settings>
{
    public sealed class Settings : TextCorpusSettings
    {
        [CommandOption("--wnids <FILE>")]
        [Description("Count the lemmas of these synsets (one wnid a line, e.g. imagenet21k_wnids.txt). Default: every WordNet noun lemma.")]
        public string? Wnids { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var wnids = settings.Wnids is null ? null : LemmaCounter.ReadWnids(settings.Wnids);
        var lemmas = LemmaCounter.NounLemmas(settings.Db, wnids);
        var corpus = Corpora.Open(settings.Corpus, settings.Inputs, settings.Db);
        var source = settings.Source ?? corpus.Name;
        var counts = ProgressReporter.Run("count", progress => LemmaCounter.Count(corpus, lemmas, null, progress));
        StageDatabase.Run(settings.Db, (connection, transaction) => LemmaCounter.SaveWordCounts(connection, transaction, counts, source));
        var present = counts.Counts.Count(c => c.Value > 0);
        AnsiConsole.MarkupLineInterpolated(
            $"[green]wrote[/] word_counts (source '{source}'): {counts.Counts.Count:N0} lemmas, {present:N0} seen at least once, in {counts.Documents:N0} documents / {counts.Tokens:N0} tokens, {counts.Elapsed.TotalSeconds:F2} s");
        foreach (var (word, count) in counts.Counts.OrderByDescending(c => c.Value).Take(10))
            AnsiConsole.MarkupLineInterpolated($"  {word}: {count:N0}");
        return 0;
    }
}

public sealed class TextCooccurCommand : Command<TextCooccurCommand.Settings>
{
    public sealed class Settings : TextCorpusSettings
    {
        [CommandOption("--lemmas <LIST>")]
        [Description("Comma-separated lemmas (columns of thesis table 4.1).")]
        public string Lemmas { get; init; } = "car,truck,bird,cassowary";

        [CommandOption("--words <LIST>")]
        [Description("Comma-separated context words (rows of thesis table 4.1).")]
        public string Words { get; init; } = "wheel,drive,wings,beak";

        [CommandOption("--window <N>")]
        [Description("Words on each side of a lemma occurrence.")]
        public int Window { get; init; } = 5;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var corpus = Corpora.Open(settings.Corpus, settings.Inputs, settings.Db);
        var source = settings.Source ?? corpus.Name;
        var spec = new CooccurrenceSpec(Split(settings.Lemmas), Split(settings.Words), settings.Window);
        var counts = ProgressReporter.Run("cooccur", progress => LemmaCounter.Count(corpus, [], spec, progress));
        StageDatabase.Run(settings.Db, (connection, transaction) => LemmaCounter.SaveCooccurrences(connection, transaction, counts, source));
        var table = new Table().AddColumn($"p(w|lemma), ±{settings.Window}");
        var lemmas = counts.Cooccurrences.Select(c => c.Lemma).Distinct().ToArray();
        foreach (var lemma in lemmas) table.AddColumn(lemma);
        foreach (var word in counts.Cooccurrences.Select(c => c.Word).Distinct())
            table.AddRow([word, .. lemmas.Select(l => counts.Cooccurrences.First(c => c.Lemma == l && c.Word == word).P.ToString("0.0e+0"))]);
        table.AddRow(["occ.", .. lemmas.Select(l => counts.Cooccurrences.First(c => c.Lemma == l).LemmaOccurrences.ToString("N0"))]);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] word_cooccurrence (source '{source}'): {counts.Cooccurrences.Count:N0} pairs from {counts.Documents:N0} documents / {counts.Tokens:N0} tokens");
        return 0;
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
