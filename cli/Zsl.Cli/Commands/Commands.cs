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
            etl.AddCommand<RdfEtlCommand>("rdf")
                .WithDescription("Load N-Triples / N-Quads files (BabelNet, WordNet RDF, DBpedia) into rdf_terms / rdf_triples and extract BabelNet synsets and WordNet-Wikipedia links.")
                .WithExample("etl", "rdf", "--db", "data/zsl.sqlite", "babelnet.nt.gz");
            etl.AddCommand<LinksEtlCommand>("links")
                .WithDescription("Load WordNet-Wikipedia links (BabelNet 2.0.1 extract, Fernando 2013, CILI) and choose one article per synset (class_articles).")
                .WithExample("etl", "links", "--db", "data/zsl.sqlite", "--mirror", "../shared/data");
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
            export.AddCommand<ExportRdfCommand>("rdf")
                .WithDescription("Write WordNet (synsets, lemmas, glosses, relations) as N-Triples in the OntoLex / GWA wn vocabulary, or with --content links the WordNet-Wikipedia links in BabelNet's lemon shape (docs/rdf.md).")
                .WithExample("export", "rdf", "--db", "data/zsl.sqlite", "--out", "data/wordnet.nt.gz")
                .WithExample("export", "rdf", "--content", "links", "--db", "data/zsl.sqlite", "--out", "data/links.nt.gz");
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
        config.AddBranch("wikipedia", wikipedia =>
        {
            wikipedia.SetDescription("Wikipedia articles: fetch over HTTP, link to WordNet synsets.");
            wikipedia.AddCommand<WikipediaFetchCommand>("fetch")
                .WithDescription("Fetch articles' HTML (REST API) for a list of titles into wiki_articles: rate limited, resumable, with retries.")
                .WithExample("wikipedia", "fetch", "--db", "data/zsl.sqlite", "--titles", "titles.txt");
            wikipedia.AddCommand<WikipediaBzcatCommand>("bzcat")
                .WithDescription("Decompress a bzip2 dump to standard output, blocks decompressed in parallel (like bzcat).")
                .WithExample("wikipedia", "bzcat", "enwiki-latest-pages-articles.xml.bz2");
            wikipedia.AddCommand<WikipediaLinkCommand>("link")
                .WithDescription("Link WordNet noun synsets to articles (lemma -> title via redirects, TF-IDF disambiguation) into synset_articles.")
                .WithExample("wikipedia", "link", "--db", "data/zsl.sqlite", "--classes", "imagenet21k_wnids.txt");
        });
        config.AddBranch("text", text =>
        {
            text.SetDescription("Corpus statistics: lemma counts, co-occurrence, TF-IDF features.");
            text.AddCommand<TextCountCommand>("count")
                .WithDescription("Count every WordNet noun lemma (or those of --wnids) in a corpus in one pass into word_counts.")
                .WithExample("text", "count", "--db", "data/zsl.sqlite", "--corpus", "brown", "--input", "../shared/data/corpora/brown");
            text.AddCommand<TextCooccurCommand>("cooccur")
                .WithDescription("p(word | lemma) in a ±N-word window (thesis table 4.1) into word_cooccurrence.")
                .WithExample("text", "cooccur", "--db", "data/zsl.sqlite", "--corpus", "wikipedia");
            text.AddCommand<TextTfIdfCommand>("tfidf")
                .WithDescription("TF-IDF vectors of linked articles or glosses as sparse Parquet keyed by wnid.")
                .WithExample("text", "tfidf", "--db", "data/zsl.sqlite", "--documents", "articles", "--out", "data/parquet/tfidf-articles.parquet");
            text.AddCommand<TextWordVectorsCommand>("word-vectors")
                .WithDescription("Skip-gram word vectors (word2vec, negative sampling) trained on WordNet glosses and the corpora at hand, as a fastText .vec file.")
                .WithExample("text", "word-vectors", "--db", "data/zsl.sqlite", "--corpus", "glosses", "--corpus", "brown:../shared/data/corpora/brown", "--out", "data/vectors/skipgram.vec");
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
                .WithDescription("Generate a filtered, representative, structurally consistent test split of high structural ratio (quotas, greedy seeding + local search).")
                .WithExample("benchmark", "generate", "--db", "data/zsl.sqlite", "--size", "500", "--seed", "1", "--out", "data/split");
            benchmark.AddCommand<BenchmarkCompareCommand>("compare")
                .WithDescription("Compare test splits side by side: R, flaws, lexname representativeness, image populations, label frequency, primary meaning, people.")
                .WithExample("benchmark", "compare", "data/split", "goz-v1", "2-hops", "3-hops", "all", "--db", "data/zsl.sqlite");
            benchmark.AddCommand<BenchmarkPublishCommand>("publish")
                .WithDescription("Publish a generated split: wnid lists, CSV, Parquet, PNG plots, manifest.json, data card, SHA256SUMS.")
                .WithExample("benchmark", "publish", "--db", "data/zsl.sqlite", "--split", "data/split", "--out", "data/zsl-split-500");
            benchmark.AddCommand<BenchmarkPartitionCommand>("partition")
                .WithDescription("Seen/unseen partitions of a class universe spanning the structural ratio R, each with R and its flaws.")
                .WithExample("benchmark", "partition", "--db", "data/zsl.sqlite", "--universe", "data/tiny-imagenet/wnids.txt", "--unseen", "50", "--partitions", "5", "--out", "data/partitions");
        });
        config.AddCommand<QueryCommand>("query")
            .WithDescription("Run SQL against the database, opened read-only.")
            .WithExample("query", "--db", "data/zsl.sqlite", "--sql", "SELECT count(*) FROM synsets");
    }
}
