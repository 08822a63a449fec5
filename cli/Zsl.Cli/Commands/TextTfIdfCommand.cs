using System.ComponentModel;
using Dapper;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Store;
using Zsl.Text;
using Zsl.WordVectors;

namespace Zsl.Cli.Commands;

public sealed class TextTfIdfCommand : AsyncCommand<TextTfIdfCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database (read-only) with synset_articles (./zsl wikipedia link) or WordNet glosses.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--documents <KIND>")]
        [Description("articles: the linked Wikipedia article of each synset; glosses: each noun synset's WordNet definition.")]
        public string Documents { get; init; } = "articles";

        [CommandOption("--out <FILE>")]
        [Description("Sparse features as Parquet rows (wnid, term_index, term, weight); the vocabulary goes beside it as NAME.vocabulary.parquet.")]
        public string Out { get; init; } = "data/parquet/tfidf-articles.parquet";

        [CommandOption("--wnids <FILE>")]
        [Description("Keep only these synsets (one wnid a line).")]
        public string? Wnids { get; init; }

        [CommandOption("--max-terms <N>")]
        [Description("Vocabulary size: the N terms found in most documents.")]
        public int MaxTerms { get; init; } = 50_000;

        [CommandOption("--min-df <N>")]
        [Description("Leave out terms found in fewer than N documents.")]
        public int MinDf { get; init; } = 1;

        [CommandOption("--max-df <SHARE>")]
        [Description("Leave out terms found in more than this share of the documents (0..1).")]
        public double MaxDf { get; init; } = 1.0;

        [CommandOption("--embeddings <DIR>")]
        [Description("Also write dense class embeddings for ./zsl zsl train: DIR/embeddings.parquet (wnid, vector list<float>: " +
                     "the L2-normalised TF-IDF weights over the whole vocabulary) and DIR/manifest.json. Meant for small class sets (--wnids).")]
        public string? Embeddings { get; init; }

        [CommandOption("--keep-stop-words")]
        [Description("Keep English function words (the, of, ...) in the vocabulary.")]
        public bool KeepStopWords { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var script = settings.Documents switch
        {
            "articles" => "wikilink/linked-documents.sql",
            "glosses" => "wikilink/glosses.sql",
            _ => throw new ArgumentException($"--documents must be articles or glosses, got '{settings.Documents}'"),
        };
        var wnids = settings.Wnids is null ? null : LemmaCounter.ReadWnids(settings.Wnids);
        List<(string Wnid, string Text)> documents;
        using (var connection = Database.OpenReadOnly(settings.Db))
        {
            if (settings.Documents == "articles" && !connection.TableExists("synset_articles"))
                throw new InvalidDataException($"{settings.Db} has no synset_articles (run ./zsl wikipedia link --db {settings.Db} first)");
            documents = connection.Query<(string Wnid, string Text)>(SqlScripts.Get(script))
                .Where(d => wnids is null || wnids.Contains(d.Wnid)).ToList();
        }
        if (documents.Count == 0) throw new InvalidDataException($"no {settings.Documents} documents to describe");
        var model = TfIdfModel.Fit(documents.Select(d => d.Text), new TfIdfOptions(settings.MaxTerms, settings.MinDf, settings.MaxDf, !settings.KeepStopWords));
        var (features, vocabulary) = await model.WriteParquetAsync(documents.Select(d => (d.Wnid, model.Transform(d.Text))), settings.Out, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {features.Path}: {documents.Count:N0} synsets, {features.Rows:N0} non-zero weights");
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {vocabulary.Path}: {vocabulary.Rows:N0} terms");
        if (settings.Embeddings is { } directory)
        {
            var dense = await TfIdfEmbeddings.WriteAsync(directory, model, documents, settings.Documents, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {dense.Path}: {dense.Rows:N0} class vectors of dimension {model.Terms.Count:N0}, {dense.Empty:N0} without any vocabulary term (all zero)");
        }
        return 0;
    }
}
