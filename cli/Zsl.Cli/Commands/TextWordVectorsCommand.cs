using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Text;
using Zsl.WordVectors;

namespace Zsl.Cli.Commands;

/// <summary>./zsl text word-vectors: skip-gram word vectors trained on the corpora at hand, in the fastText .vec format.</summary>
public sealed class TextWordVectorsCommand : Command<TextWordVectorsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database with WordNet (read-only), for the 'glosses' corpus.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--corpus <KIND[:PATH]>")]
        [Description("A training corpus (repeatable): glosses (every WordNet definition of --db, one document each), brown:FOLDER (the Brown corpus), text:FILE (plain text, one document a line). Default: glosses.")]
        public string[] Corpora { get; init; } = [];

        [CommandOption("--out <FILE>")]
        [Description("Word vectors to write, fastText/word2vec text format (header 'count dim'), most frequent word first; for ./zsl train gloss-vectors --vectors.")]
        public string Out { get; init; } = "data/vectors/skipgram.vec";

        [CommandOption("--dim <N>")]
        [Description("Vector dimension (default 100).")]
        public int Dimension { get; init; } = 100;

        [CommandOption("--window <N>")]
        [Description("Largest context distance; each word draws its window in 1..N (default 5).")]
        public int Window { get; init; } = 5;

        [CommandOption("--negatives <N>")]
        [Description("Negative samples per context word (default 5).")]
        public int Negatives { get; init; } = 5;

        [CommandOption("--epochs <N>")]
        [Description("Passes over the corpora (default 5).")]
        public int Epochs { get; init; } = 5;

        [CommandOption("--min-count <N>")]
        [Description("Words seen fewer times are left out (default 3).")]
        public int MinCount { get; init; } = 3;

        [CommandOption("--subsample <T>")]
        [Description("Frequent-word subsampling threshold (default 1e-4; 0 = off).")]
        public double Subsample { get; init; } = 1e-4;

        [CommandOption("--lr <F>")]
        [Description("Start learning rate, falling linearly to 0 (default 0.025).")]
        public float LearningRate { get; init; } = 0.025f;

        [CommandOption("--seed <N>")]
        [Description("Seed; the same corpora, options and seed give the same file, byte for byte (default 1).")]
        public ulong Seed { get; init; } = 1;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var corpora = (settings.Corpora.Length == 0 ? ["glosses"] : settings.Corpora).Select(spec => Open(spec, settings.Db)).ToArray();
        var options = new SkipGramOptions
        {
            Dimension = settings.Dimension, Window = settings.Window, Negatives = settings.Negatives, Epochs = settings.Epochs,
            MinCount = settings.MinCount, Subsample = settings.Subsample, LearningRate = settings.LearningRate, Seed = settings.Seed,
        };
        var vectors = SkipGram.Train(corpora.SelectMany(c => c.Documents()), options, message => AnsiConsole.WriteLine(message));
        vectors.WriteVec(settings.Out);
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {settings.Out}: {vectors.Words.Count:N0} words of dimension {vectors.Dimension} from {string.Join(", ", corpora.Select(c => c.Name))} ({vectors.Tokens:N0} tokens), {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static ICorpus Open(string spec, string db)
    {
        var colon = spec.IndexOf(':');
        var (kind, path) = colon < 0 ? (spec, null) : (spec[..colon], spec[(colon + 1)..]);
        return kind switch
        {
            "glosses" when path is null => new GlossCorpus(db),
            "brown" or "text" when !string.IsNullOrEmpty(path) => Zsl.Text.Corpora.Open(kind, [path], db),
            _ => throw new ArgumentException($"--corpus expects glosses, brown:FOLDER or text:FILE, got '{spec}'"),
        };
    }
}
