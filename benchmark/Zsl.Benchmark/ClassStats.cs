using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>What <see cref="ClassStats.Build"/> wrote.</summary>
public sealed record ClassStatsSummary(long Classes, long WithPopulation, long WithWordCount, string? WordCountSource);

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
        ("rare labels (thesis: 33.7% under 50 Wikipedia occurrences)", "benchmark/chapter2-rare-words.sql"),
        ("lexnames of the non-training classes", "benchmark/chapter2-lexnames.sql"),
    ];

    /// <summary>(Re)builds class_stats in one transaction. <paramref name="wordCountSource"/> defaults to the first source in word_counts.</summary>
    public static ClassStatsSummary Build(string databasePath, string? wordCountSource = null, IProgress<StageProgress>? progress = null)
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
            var source = wordCountSource ?? sources.FirstOrDefault();

            progress?.Report(new StageProgress("graph", 0, 1, "steps"));
            var graph = NounGraph.Load(conn);
            var classes = connection.Query<string>(SqlScripts.Get("benchmark/class-wnids.sql"), transaction: tx).AsList();
            var training = connection.Query<string>(SqlScripts.Get("benchmark/training-wnids.sql"), transaction: tx).Select(graph.IndexOf).ToArray();
            var depth = graph.Depths();
            var trainDistance = graph.DistancesFrom(training);
            progress?.Report(new StageProgress("graph", 1, 1, "steps"));

            connection.ExecuteScript("benchmark/class-stats-schema.sql", tx);
            using (var insert = new PreparedStatement(conn, "benchmark/insert-class-graph.sql", tx))
                foreach (var wnid in classes)
                {
                    var i = graph.IndexOf(wnid);
                    insert.Execute(wnid, depth[i], trainDistance[i]);
                }
            connection.Execute(SqlScripts.Get("benchmark/insert-class-stats.sql"), new { source }, tx);
            var (count, population, words) = connection.QuerySingle<(long, long, long)>(SqlScripts.Get("benchmark/class-stats-count.sql"), transaction: tx);
            if (count != classes.Count)
                throw new InvalidDataException($"class_stats has {count} rows for {classes.Count} ImageNet classes: some class has no lemma in WordNet");
            progress?.Report(new StageProgress("class_stats", count, count, "classes"));
            summary = new ClassStatsSummary(count, population, words, source);
        });
        return summary!;
    }

    /// <summary>Runs the chapter-2 queries on class_stats.</summary>
    public static IReadOnlyList<StatsTable> Chapter2(string databasePath)
        => Chapter2Queries.Select(q => new StatsTable(q.Title, QueryRunner.Run(databasePath, SqlScripts.Get(q.Script)))).ToArray();
}
