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
            etl.AddCommand<RdfEtlCommand>("rdf")
                .WithDescription("Load N-Triples / N-Quads files (BabelNet, WordNet RDF, DBpedia) into rdf_terms / rdf_triples and extract BabelNet synsets and WordNet-Wikipedia links.")
                .WithExample("etl", "rdf", "--db", "data/zsl.sqlite", "babelnet.nt.gz");
        });
        config.AddBranch("export", export =>
        {
            export.SetDescription("Export the database to interchange formats.");
            export.AddCommand<ExportParquetCommand>("parquet")
                .WithDescription("Write one Parquet file per table (typed columns, readable by DuckDB, pandas, Spark).")
                .WithExample("export", "parquet", "--db", "data/zsl.sqlite", "--out", "data/parquet");
            export.AddCommand<ExportRdfCommand>("rdf")
                .WithDescription("Write WordNet (synsets, lemmas, glosses, relations) as N-Triples in the OntoLex / GWA wn vocabulary (docs/rdf.md).")
                .WithExample("export", "rdf", "--db", "data/zsl.sqlite", "--out", "data/wordnet.nt.gz");
        });
        config.AddBranch("rdf", rdf =>
        {
            rdf.SetDescription("Validate and summarise N-Triples / N-Quads files (plain, .gz, .bz2).");
            rdf.AddCommand<RdfCheckCommand>("check")
                .WithDescription("Parse files strictly; report the first error with file, line and column (or skip and count invalid lines).")
                .WithExample("rdf", "check", "data/wordnet.nt.gz");
            rdf.AddCommand<RdfStatsCommand>("stats")
                .WithDescription("Count statements, term kinds, literal forms, predicates and languages.")
                .WithExample("rdf", "stats", "data/wordnet.nt.gz");
        });
        config.AddCommand<FetchCommand>("fetch")
            .WithDescription("Download external sources (sources.json) into the cache, resuming and verifying SHA-256; --mirror copies from a folder instead.")
            .WithExample("fetch", "--list")
            .WithExample("fetch", "wn18rr", "brown-corpus")
            .WithExample("fetch", "--all", "--mirror", "../shared/data");
        config.AddCommand<QueryCommand>("query")
            .WithDescription("Run SQL against the database, opened read-only.")
            .WithExample("query", "--db", "data/zsl.sqlite", "--sql", "SELECT count(*) FROM synsets");
    }
}
