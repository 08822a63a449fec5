using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>
/// What <see cref="ClassStats.Build"/> wrote: <see cref="LabelCountSources"/> are the word_counts sources asked for
/// label counts, in order; <see cref="SmallDumps"/> the Wikipedia corpora counted by text count but too small to be
/// used; the unknown counts are the labels no source lists.
/// </summary>
public sealed record ClassStatsSummary(long Classes, long WithPopulation, long WithWordCount, IReadOnlyList<string> LabelCountSources,
    IReadOnlyList<string> SmallDumps, long UnknownMultiWord, long UnknownSingleWord)
{
    /// <summary>The first source asked (the one that gives most counts), or null when none is loaded.</summary>
    public string? WordCountSource => LabelCountSources.Count > 0 ? LabelCountSources[0] : null;
}

/// <summary>One answer table of a chapter-2 query (sql/benchmark/chapter2-*.sql).</summary>
public sealed record StatsTable(string Title, QueryResult Result);

/// <summary>
/// Builds the <c>class_stats</c> table (sql/benchmark/class-stats-schema.sql): lemma, polysemy, depth, lexname,
/// population, word frequency and distance to the training set of every ImageNet class.
/// </summary>
public static class ClassStats
{
    public static readonly IReadOnlyList<(string Title, string Script)> Chapter2Queries =
    [
        ("n-gram labels (thesis: 54.2%)", "benchmark/chapter2-ngram-share.sql"),
        ("polysemy (thesis: ~50% ambiguous labels, 38% of classes share a label)", "benchmark/chapter2-polysemy.sql"),
        ("rare labels (thesis: 33.7% under 50 Wikipedia occurrences, 9.7% under 10)", "benchmark/chapter2-rare-words.sql"),
        ("lexnames of the non-training classes", "benchmark/chapter2-lexnames.sql"),
    ];

    /// <summary>A counted Wikipedia corpus with fewer tokens than this is a sample, not a dump (English Wikipedia has ~3 billion).</summary>
    public const long FullWikipediaTokens = 1_000_000_000;

    /// <summary>Single-word Wikipedia occurrence lists, in the order they are asked.</summary>
    public static readonly IReadOnlyList<string> WikipediaLists = ["enwiki-2019-mlang", "enwiki-2012-iitis"];

    public const string LabelCountRule =
        "the label's count comes from the n-gram counts of a full English Wikipedia dump (text count --corpus wikipedia, " +
        "at least 1e9 tokens) when one was counted; else, for single-word labels, from the Wikipedia occurrence lists " +
        "(enwiki-2019-mlang, then enwiki-2012-iitis); a multi-word label without a dump count, or a word in no list, is unknown";

    /// <summary>
    /// (Re)builds class_stats in one transaction. The label counts follow <see cref="LabelCountRule"/>, unless
    /// <paramref name="wordCountSource"/> names the one source to use for every label.
    /// </summary>
    public static ClassStatsSummary Build(string databasePath, string? wordCountSource = null, IProgress<StageProgress>? progress = null,
                                          long minDumpTokens = FullWikipediaTokens)
    {
        ClassStatsSummary? summary = null;
        Database.UpdateAtomically(databasePath, (connection, transaction) =>
        {
            var conn = (SqliteConnection)connection;
            var tx = (SqliteTransaction)transaction;
            ImageNetClasses.RequireImageNet(conn);
            connection.ExecuteScript("corpus/word-counts-schema.sql", tx);
            var sources = connection.Query<string>(SqlScripts.Get("benchmark/word-count-sources.sql"), transaction: tx).AsList();
            if (wordCountSource is not null && !sources.Contains(wordCountSource))
                throw new ArgumentException($"word_counts has no source '{wordCountSource}' (sources: {(sources.Count == 0 ? "none" : string.Join(", ", sources))})");
            var dumps = connection.TableExists("word_count_corpora")
                ? connection.Query<(string Source, long Tokens)>(SqlScripts.Get("benchmark/wikipedia-dumps.sql"), transaction: tx).AsList()
                : [];
            var labelSources = new List<(string Source, bool Ngrams)>();
            if (wordCountSource is not null) labelSources.Add((wordCountSource, true));
            else
            {
                if (dumps.FirstOrDefault(d => d.Tokens >= minDumpTokens) is { Source: not null } dump) labelSources.Add((dump.Source, true));
                labelSources.AddRange(WikipediaLists.Where(sources.Contains).Select(l => (l, false)));
            }
            var smallDumps = wordCountSource is null ? dumps.Where(d => d.Tokens < minDumpTokens).Select(d => $"{d.Source} ({d.Tokens:N0} tokens)").ToArray() : [];

            progress?.Report(new StageProgress("graph", 0, 1, "steps"));
            var graph = NounGraph.Load(conn);
            var classes = connection.Query<string>(SqlScripts.Get("benchmark/class-wnids.sql"), transaction: tx).AsList();
            var training = connection.Query<string>(SqlScripts.Get("benchmark/training-wnids.sql"), transaction: tx).Select(graph.IndexOf).ToArray();
            var depth = graph.Depths();
            var trainDistance = graph.DistancesFrom(training);
            progress?.Report(new StageProgress("graph", 1, 1, "steps"));

            connection.ExecuteScript("benchmark/class-stats-schema.sql", tx);
            using (var insert = new PreparedStatement(conn, "benchmark/insert-label-key.sql", tx))
                foreach (var (wnid, lemma) in connection.Query<(string, string)>(SqlScripts.Get("benchmark/class-labels.sql"), transaction: tx).AsList())
                    insert.Execute(wnid, Zsl.Text.Tokenizer.Key(lemma));
            using (var insert = new PreparedStatement(conn, "benchmark/insert-label-count-source.sql", tx))
                for (var i = 0; i < labelSources.Count; i++) insert.Execute(i, labelSources[i].Source, labelSources[i].Ngrams ? 1 : 0);
            using (var insert = new PreparedStatement(conn, "benchmark/insert-class-graph.sql", tx))
                foreach (var wnid in classes)
                {
                    var i = graph.IndexOf(wnid);
                    insert.Execute(wnid, depth[i], trainDistance[i]);
                }
            connection.Execute(SqlScripts.Get("benchmark/insert-class-stats.sql"), transaction: tx);
            var (count, population, words, unknownMulti, unknownSingle) =
                connection.QuerySingle<(long, long, long, long, long)>(SqlScripts.Get("benchmark/class-stats-count.sql"), transaction: tx);
            if (count != classes.Count)
                throw new InvalidDataException($"class_stats has {count} rows for {classes.Count} ImageNet classes: some class has no lemma in WordNet");
            progress?.Report(new StageProgress("class_stats", count, count, "classes"));
            summary = new ClassStatsSummary(count, population, words, labelSources.Select(l => l.Source).ToArray(), smallDumps, unknownMulti, unknownSingle);
        });
        return summary!;
    }

    /// <summary>Runs the chapter-2 queries on class_stats.</summary>
    public static IReadOnlyList<StatsTable> Chapter2(string databasePath)
        => Chapter2Queries.Select(q => new StatsTable(q.Title, QueryRunner.Run(databasePath, SqlScripts.Get(q.Script)))).ToArray();
}
