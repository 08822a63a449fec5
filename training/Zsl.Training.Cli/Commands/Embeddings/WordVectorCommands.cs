using System.ComponentModel;
using Spectre.Console.Cli;
using Zsl.WordVectors;

namespace Zsl.Training.Cli.Commands.Embeddings;

public class WordVectorSettings : CommandSettings
{
    [CommandOption("--vectors <FILE>")]
    [Description("Pre-trained word vectors: GloVe text, word2vec text or binary (.bin), fastText .vec.")]
    public string Vectors { get; init; } = "";

    [CommandOption("--format <FORMAT>")]
    [Description("auto, glove, word2vec-text, word2vec-binary or fasttext (auto: .bin is binary, a 'count dim' header is word2vec/fastText text, else GloVe).")]
    public string Format { get; init; } = "auto";

    [CommandOption("--db <PATH>")]
    [Description("WordNet SQLite database.")]
    public string Db { get; init; } = "data/zsl.sqlite";

    [CommandOption("--pos <POS>")]
    [Description("Part of speech of the classes: n, v, a, r, or 'all'.")]
    public string Pos { get; init; } = "n";

    public override Spectre.Console.ValidationResult Validate()
    {
        if (Vectors.Length == 0) return Spectre.Console.ValidationResult.Error("--vectors is required");
        return base.Validate();
    }

    public string? PosFilter => Pos == "all" ? null : Pos;

    public void CheckFiles()
    {
        if (!File.Exists(Vectors)) throw new FileNotFoundException($"word-vector file {Vectors} does not exist", Vectors);
        if (!File.Exists(Db)) throw new FileNotFoundException($"database {Db} does not exist (run ./zsl etl wordnet)", Db);
    }

    /// <summary>The vectors of just these tokens, so that a multi-gigabyte vector file never has to fit in memory.</summary>
    public WordVectorTable LoadVectors(IEnumerable<string> tokens) =>
        WordVectorTable.Load(Vectors, WordVectorReader.Parse(Format), tokens.ToHashSet(StringComparer.Ordinal));

    /// <summary>Writes class vectors and a manifest naming this vector file, the database and the part of speech.</summary>
    public Task<string> WriteEmbeddingsAsync(string directory, string model, string what, IReadOnlyCollection<KeyedVector> rows,
        IReadOnlyDictionary<string, object?> metrics, CancellationToken cancellationToken) =>
        rows.Count == 0
            ? throw new InvalidDataException($"{Vectors}: not one of the {what} (pos {Pos}) has a word with a vector in this file; is it a word-vector file (format {Format})?")
            : ClassEmbeddingFile.WriteAsync(directory, rows, (count, dimension) => new EmbeddingManifest(
            model, $"{Path.GetFileName(Vectors)} + {Path.GetFileName(Db)} {what} (pos {Pos})",
            new Dictionary<string, object?> { ["format"] = WordVectorReader.Parse(Format).ToString(), ["pos"] = Pos }, null,
            metrics, count, dimension), cancellationToken);
}

/// <summary>./zsl train class-vectors: class vectors from lemmas, with a coverage report.</summary>
public sealed class ClassVectorsCommand : AsyncCommand<ClassVectorsCommand.Settings>
{
    public sealed class Settings : WordVectorSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Output folder for embeddings.parquet and manifest.json. Default: data/embeddings/lemma-vectors.")]
        public string Out { get; init; } = "data/embeddings/lemma-vectors";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        settings.CheckFiles();
        var lemmas = ClassVectors.LemmasFromDatabase(settings.Db, settings.PosFilter);
        var vectors = settings.LoadVectors(lemmas.SelectMany(l => ClassVectors.CandidateTokens(l.Lemma)));
        var (rows, coverage) = ClassVectors.Build(lemmas, vectors);
        var path = await settings.WriteEmbeddingsAsync(settings.Out, "lemma-average", "lemmas", rows, coverage.ToDictionary(), cancellationToken);
        Console.WriteLine($"lemmas: {coverage.CoveredLemmas:N0}/{coverage.Lemmas:N0} covered ({coverage.LemmaCoverage:P1}): " +
                          $"{coverage.ByMatch.GetValueOrDefault(LemmaMatch.Token):N0} as a token, {coverage.ByMatch.GetValueOrDefault(LemmaMatch.JoinedToken):N0} joined, " +
                          $"{coverage.ByMatch.GetValueOrDefault(LemmaMatch.WordAverage):N0} as word averages");
        Console.WriteLine($"classes: {coverage.CoveredClasses:N0}/{coverage.Classes:N0} covered ({coverage.ClassCoverage:P1})");
        Console.WriteLine($"wrote {path} ({rows.Count:N0} rows, dimension {vectors.Dimension}) and manifest.json");
        return 0;
    }
}

/// <summary>./zsl train gloss-vectors: mean word vector of each definition.</summary>
public sealed class GlossVectorsCommand : AsyncCommand<GlossVectorsCommand.Settings>
{
    public sealed class Settings : WordVectorSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Output folder for embeddings.parquet and manifest.json. Default: data/embeddings/gloss-vectors.")]
        public string Out { get; init; } = "data/embeddings/gloss-vectors";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        settings.CheckFiles();
        var definitions = GlossVectors.DefinitionsFromDatabase(settings.Db, settings.PosFilter);
        var vectors = settings.LoadVectors(definitions.SelectMany(d => GlossVectors.CandidateTokens(d.Definition)));
        var (rows, count) = GlossVectors.Build(definitions, vectors);
        var path = await settings.WriteEmbeddingsAsync(settings.Out, "gloss-average", "definitions", rows,
            new Dictionary<string, object?> { ["definitions"] = count, ["covered"] = rows.Count, ["coverage"] = count == 0 ? 0.0 : rows.Count / (double)count },
            cancellationToken);
        Console.WriteLine($"definitions: {rows.Count:N0}/{count:N0} with at least one known word");
        Console.WriteLine($"wrote {path} ({rows.Count:N0} rows, dimension {vectors.Dimension}) and manifest.json");
        return 0;
    }
}

/// <summary>./zsl train primary-meaning: which sense of each polysemous lemma its word vector stands for.</summary>
public sealed class PrimaryMeaningCommand : Command<PrimaryMeaningCommand.Settings>
{
    public sealed class Settings : WordVectorSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Tab-separated output: lemma, sense_rank, wnid, similarity, primary. Default: data/embeddings/primary-meaning.tsv.")]
        public string Out { get; init; } = "data/embeddings/primary-meaning.tsv";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        settings.CheckFiles();
        var pos = settings.PosFilter ?? "n";
        var lemmas = ClassVectors.LemmasFromDatabase(settings.Db, pos);
        var senses = PrimaryMeaning.SensesFromDatabase(settings.Db, pos);
        var vectors = settings.LoadVectors(lemmas.SelectMany(l => ClassVectors.CandidateTokens(l.Lemma)));
        var classVectors = ClassVectors.Build(lemmas, vectors).Vectors.ToDictionary(v => v.Key, v => v.Vector, StringComparer.Ordinal);
        var scores = PrimaryMeaning.Score(senses, PrimaryMeaning.NeighboursFromDatabase(settings.Db), classVectors, vectors).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.Out))!);
        var rows = PrimaryMeaning.WriteTsv(settings.Out, scores);
        var lemmaCount = scores.Select(s => s.Lemma).Distinct().Count();
        var firstSense = scores.Count(s => s.IsPrimary && s.SenseRank == 1);
        var decided = scores.Count(s => s.IsPrimary);
        Console.WriteLine($"{lemmaCount:N0} polysemous lemmas with a vector; the primary sense is WordNet's first sense for {firstSense:N0} of {decided:N0}");
        Console.WriteLine($"wrote {settings.Out} ({rows:N0} senses)");
        return 0;
    }
}
