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
            etl.AddCommand<WikipediaEtlCommand>("wikipedia")
                .WithDescription("Stream MediaWiki dumps (.xml.bz2, multistream, .xml) into wiki_articles/redirects/links/categories + FTS5.")
                .WithExample("etl", "wikipedia", "--db", "data/zsl.sqlite", "--dump", "enwiki-latest-pages-articles.xml.bz2");
        });
        config.AddBranch("export", export =>
        {
            export.SetDescription("Export the database to interchange formats.");
            export.AddCommand<ExportParquetCommand>("parquet")
                .WithDescription("Write one Parquet file per table (typed columns, readable by DuckDB, pandas, Spark).")
                .WithExample("export", "parquet", "--db", "data/zsl.sqlite", "--out", "data/parquet");
        });
        config.AddCommand<QueryCommand>("query")
            .WithDescription("Run SQL against the database, opened read-only.")
            .WithExample("query", "--db", "data/zsl.sqlite", "--sql", "SELECT count(*) FROM synsets");
    }
}
