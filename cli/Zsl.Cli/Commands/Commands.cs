using Spectre.Console.Cli;

namespace Zsl.Cli.Commands;

/// <summary>The command tree of <c>./zsl</c>. Each area adds its commands here; the work itself lives in the libraries.</summary>
public static class Commands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("etl", etl =>
        {
            etl.SetDescription("Load a knowledge source into the SQLite database.");
            etl.AddCommand<WordNetEtlCommand>("wordnet")
                .WithDescription("Parse WordNet 3.0 (Princeton WNDB files) into a new SQLite database.")
                .WithExample("etl", "wordnet", "--db", "data/zsl.sqlite");
            etl.AddCommand<ImageNetEtlCommand>("imagenet")
                .WithDescription("Load ImageNet class metadata (classes, ILSVRC-2012 training set, standard splits, populations, word counts).")
                .WithExample("etl", "imagenet", "--db", "data/zsl.sqlite");
        });
        config.AddBranch("export", export =>
        {
            export.SetDescription("Export the database to interchange formats.");
            export.AddCommand<ExportParquetCommand>("parquet")
                .WithDescription("Write one Parquet file per table (typed columns, readable by DuckDB, pandas, Spark).")
                .WithExample("export", "parquet", "--db", "data/zsl.sqlite", "--out", "data/parquet");
        });
        config.AddBranch("benchmark", benchmark =>
        {
            benchmark.SetDescription("The zero-shot benchmark of thesis chapter 2: class statistics, structural ratio, split generator.");
            benchmark.AddCommand<BenchmarkStatsCommand>("stats")
                .WithDescription("Build the class_stats table and answer chapter 2's questions (n-grams, polysemy, rare words).")
                .WithExample("benchmark", "stats", "--db", "data/zsl.sqlite");
            benchmark.AddCommand<BenchmarkRatioCommand>("ratio")
                .WithDescription("Structural ratio R (thesis eq. 2.5) and structural flaws of a test split.")
                .WithExample("benchmark", "ratio", "--db", "data/zsl.sqlite", "--split", "2-hops");
            benchmark.AddCommand<BenchmarkGenerateCommand>("generate")
                .WithDescription("Generate a structurally consistent test split of high structural ratio (greedy seeding + local search).")
                .WithExample("benchmark", "generate", "--db", "data/zsl.sqlite", "--size", "500", "--seed", "1", "--out", "data/split");
            benchmark.AddCommand<BenchmarkPublishCommand>("publish")
                .WithDescription("Publish a generated split: wnid lists, CSV, Parquet, PNG plots, manifest.json, data card, SHA256SUMS.")
                .WithExample("benchmark", "publish", "--db", "data/zsl.sqlite", "--split", "data/split", "--out", "data/goz-split");
        });
        config.AddCommand<QueryCommand>("query")
            .WithDescription("Run SQL against the database, opened read-only.")
            .WithExample("query", "--db", "data/zsl.sqlite", "--sql", "SELECT count(*) FROM synsets");
    }
}
