using Dapper;
using Zsl.LinkedData;
using Zsl.Rdf;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Rdf.Tests.LinkedData;

public class RdfStoreLoaderTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory();
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
    private static readonly string[] Samples = [Fixture("babelnet-lemon-sample.nt"), Fixture("dbpedia-sample.nt")];

    public void Dispose() => Directory.Delete(_dir, true);

    private T Query<T>(string db, string script)
    {
        using var connection = Database.OpenReadOnly(db);
        return connection.ExecuteScalar<T>(SqlScripts.Get(script))!;
    }

    private static List<T> Rows<T>(string db, string table)
    {
        using var connection = Database.OpenReadOnly(db);
        return connection.Query<T>(SqlScripts.Get("store/select-table.sql").Replace("{table}", table)).ToList();
    }

    private static List<(string Wnid, string Language, string Title)> Pages(string db)
    {
        using var connection = Database.OpenReadOnly(db);
        return connection.Query<(string, string, string)>("SELECT wnid, language, title FROM wordnet_wikipedia_links ORDER BY wnid, language, title").AsList();
    }

    [Fact]
    public void Loads_dictionary_encoded_triples_and_extracts_babelnet_links()
    {
        var db = WordNetDatabase.CopyTo(_dir);
        var summary = RdfStoreLoader.Load(db, Samples, batchSize: 7);
        Assert.Equal(114 + 6, summary.Statements);
        Assert.Equal(0, summary.InvalidLines);

        var triples = Rows<(long S, long P, long O, long? G, long Source)>(db, "rdf_triples");
        Assert.Equal(120, triples.Count);
        var terms = Rows<(long Id, long Kind, string Value, string? Datatype, string? Language)>(db, "rdf_terms").ToDictionary(t => t.Id);
        Assert.Equal(summary.Terms, terms.Count);
        Assert.Equal(terms.Count, terms.Values.Select(t => (t.Kind, t.Value, t.Datatype, t.Language)).Distinct().Count());
        Assert.Contains(triples, t => terms[t.S].Value == "http://babelnet.org/rdf/s00015267n" && terms[t.P].Value == "http://www.w3.org/2004/02/skos/core#exactMatch"
                                      && terms[t.O].Value == "http://dbpedia.org/resource/Dog");

        var synsets = Rows<(string Id, string Iri, string? Type, string? Gloss)>(db, "babelnet_synsets");
        Assert.Equal(["bn:00015266n", "bn:00015267n", "bn:00016713n", "bn:00056932n", "bn:00075679n"], synsets.Select(s => s.Id));
        var dog = synsets.Single(s => s.Id == "bn:00015267n");
        Assert.Equal("Concept", dog.Type);
        Assert.StartsWith("A member of the genus Canis", dog.Gloss);
        Assert.Equal("NamedEntity", synsets.Single(s => s.Id == "bn:00056932n").Type);

        var wordnet = Rows<(string Synset, string? Wnid, string Iri)>(db, "babelnet_wordnet_links");
        Assert.Equal(5, wordnet.Count);
        Assert.Equal(["n02083346", "n02084071", "n11200276"], wordnet.Where(w => w.Wnid is not null).Select(w => w.Wnid!).Order());
        Assert.Equal(2, wordnet.Count(w => w.Wnid is null && w.Iri.Contains("/wn31/")));

        var external = Rows<(string Synset, string Kind, string Iri, string Language, string Title, string Via)>(db, "babelnet_external_links");
        Assert.Equal(6, external.Count);
        Assert.Contains(("bn:00015267n", "wikipedia", "http://de.wikipedia.org/wiki/Haushund", "de", "Haushund", "sense"), external);
        Assert.Contains(("bn:00015267n", "dbpedia", "http://dbpedia.org/resource/Dog", "en", "Dog", "synset"), external);

        var edges = Rows<(string Source, string Relation, string Target)>(db, "babelnet_edges");
        Assert.Equal(3, edges.Count);
        Assert.Contains(("bn:00015267n", "http://www.w3.org/2004/02/skos/core#broader", "bn:00015266n"), edges);

        var pages = Pages(db);
        Assert.Equal([("n02083346", "en", "Canidae"), ("n02084071", "de", "Haushund"), ("n02084071", "en", "Dog"),
                      ("n02121620", "en", "Cat"), ("n11200276", "en", "Napoleon")], pages.OrderBy(p => p.Wnid).ThenBy(p => p.Language));
    }

    [Fact]
    public void Coverage_counts_classes_reaching_babelnet_and_wikipedia()
    {
        var db = WordNetDatabase.CopyTo(_dir);
        RdfStoreLoader.Load(db, Samples);
        var classes = Path.Combine(_dir, "classes.txt");
        File.WriteAllLines(classes, ["n02084071", "n02083346", "n02121620", "n02123045", "n11200276", "n02121808"]);
        var coverage = LinkCoverage.Compute(db, classes);
        Assert.Equal(new LinkCoverageReport(6, 3, 4), coverage);
    }

    [Fact]
    public void Links_chain_across_sources_from_a_WordNet_RDF_synset_to_a_Wikipedia_page()
    {
        // tabby (n02122878) only has a W3C WordNet RDF owl:sameAs to DBpedia's Tabby_cat, whose Wikipedia page
        // the DBpedia sample and a BabelNet sense (whose synset only has a WordNet 3.1 link) both name.
        var db = WordNetDatabase.CopyTo(_dir);
        RdfStoreLoader.Load(db, [.. Samples, Fixture("wordnet-rdf-sample.nt")]);
        var pages = Pages(db);
        Assert.Contains(("n02122878", "en", "Tabby_cat"), pages);
        Assert.Equal(6, pages.Count);
        var classes = Path.Combine(_dir, "classes.txt");
        File.WriteAllLines(classes, ["n02084071", "n02122878", "n02121808"]);
        Assert.Equal(new LinkCoverageReport(3, 1, 2), LinkCoverage.Compute(db, classes));
    }

    [Fact]
    public void Rerunning_replaces_the_tables_and_a_failed_load_leaves_them_intact()
    {
        var db = WordNetDatabase.CopyTo(_dir);
        var first = RdfStoreLoader.Load(db, Samples);
        var second = RdfStoreLoader.Load(db, Samples);
        Assert.Equal(first with { Elapsed = default, FirstErrors = [] }, second with { Elapsed = default, FirstErrors = [] });
        Assert.Equal(120, Rows<(long, long, long, long?, long)>(db, "rdf_triples").Count);

        var error = Assert.Throws<RdfSyntaxException>(() => RdfStoreLoader.Load(db, [Fixture("babelnet-lemon-sample.nt"), Fixture("dirty.nq")], batchSize: 2));
        Assert.Equal(4, error.Line);
        Assert.Equal(120, Rows<(long, long, long, long?, long)>(db, "rdf_triples").Count);
        using var connection = Database.OpenReadOnly(db);
        Assert.False(connection.TableExists("rdf_triples_loading"));
    }

    [Fact]
    public void Skip_invalid_loads_the_valid_statements_of_a_dirty_file()
    {
        var db = Path.Combine(_dir, "fresh.sqlite");
        var summary = RdfStoreLoader.Load(db, [Fixture("dirty.nq")], new RdfReaderOptions { SkipInvalid = true });
        Assert.Equal(5, summary.Statements);
        Assert.Equal(3, summary.InvalidLines);
        Assert.Equal(3, summary.FirstErrors.Count);
        var triples = Rows<(long S, long P, long O, long? G, long Source)>(db, "rdf_triples");
        Assert.Equal(2, triples.Count(t => t.G is not null));
    }

    [Fact]
    public async Task Rdf_tables_export_to_parquet()
    {
        var db = Path.Combine(_dir, "fresh.sqlite");
        RdfStoreLoader.Load(db, Samples);
        var written = await ParquetExporter.ExportDatabaseAsync(db, Path.Combine(_dir, "parquet"), ["rdf_terms", "rdf_triples", "babelnet_edges"]);
        Assert.Equal([120L, 3L], written.Where(w => w.Table != "rdf_terms").Select(w => w.Rows));
        Assert.All(written, w => Assert.True(new FileInfo(w.Path).Length > 0));
    }
}
