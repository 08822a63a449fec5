using Dapper;
using Zsl.LinkedData;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Rdf.Tests.LinkedData;

/// <summary>The three real link sources loaded once into a copy of the WordNet database.</summary>
public sealed class RealLinksDatabase : IDisposable
{
    public string Folder { get; } = TestPaths.NewTempDirectory("zsl-links");
    public string Path { get; }
    public LinkLoadSummary Summary { get; }

    public static LinkFiles Files => new()
    {
        BabelNet = TestPaths.Shared("links", "babelnet-2.0.1", "babelnet-2.0.1-wordnet-wikipedia.txt.bz2"),
        Fernando = TestPaths.Shared("links", "fernando-2013", "fernando-2013-wordnet-wikipedia.txt.bz2"),
        Cili30 = TestPaths.Shared("links", "cili", "ili-map-pwn30.tab"),
        Cili31 = TestPaths.Shared("links", "cili", "ili-map-pwn31.tab"),
    };

    public RealLinksDatabase()
    {
        Path = WordNetDatabase.CopyTo(Folder);
        Summary = LinkLoader.Load(Path, Files);
    }

    public void Dispose() => Directory.Delete(Folder, true);
}

public class LinkLoaderTests(RealLinksDatabase real) : IClassFixture<RealLinksDatabase>, IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, true);

    private static List<T> Query<T>(string db, string sql, object? parameters = null)
    {
        using var connection = Database.OpenReadOnly(db);
        return connection.Query<T>(sql, parameters).AsList();
    }

    [Fact]
    public void Loads_every_line_of_the_real_sources()
    {
        var byName = real.Summary.Files.ToDictionary(f => f.Source);
        Assert.Equal(50_968, byName["babelnet"].Records);
        Assert.Equal(36_677, byName["fernando"].Records);
        Assert.Equal(117_659, byName["cili wn30"].Records);
        Assert.All(real.Summary.Files, f => Assert.Equal(0, f.Skipped));
        Assert.Equal(50_968, Query<long>(real.Path, "SELECT count(*) FROM babelnet_synsets")[0]);
        // 44,328 lines have an article; a line with several WordNet synsets or articles gives several rows
        Assert.Equal(44_328, Query<long>(real.Path, "SELECT count(DISTINCT synset_id) FROM wordnet_wikipedia_links WHERE source = 'babelnet'")[0]);
        Assert.Equal(36_677, Query<long>(real.Path, "SELECT count(*) FROM wordnet_wikipedia_links WHERE source = 'fernando'")[0]);
        var dog = Query<(string Title, string SynsetId, string Lemma, string Redirects)>(real.Path,
            "SELECT title, synset_id, lemma, redirects FROM wordnet_wikipedia_links WHERE wnid = 'n02084071' AND source = 'babelnet'").Single();
        Assert.Equal(("Dog", "dog#n#1"), (dog.Title, dog.Lemma));
        Assert.Contains("\"Domestic_dog\"", dog.Redirects);
        var organism = Query<(string Title, long PageId, double Confidence)>(real.Path,
            "SELECT title, page_id, confidence FROM wordnet_wikipedia_links WHERE wnid = 'n00004475' AND source = 'fernando'").Single();
        Assert.Equal(("Organism", 19653842L, 1.0), organism);
    }

    [Fact]
    public void Covers_the_union_of_both_sources_on_every_split()
    {
        using var connection = Database.OpenReadOnly(real.Path);
        var ilsvrc = LinkCoverage.ReadWnids(TestPaths.Shared("imagenet", "ilsvrc2012_wnids.txt"));
        var goz = LinkCoverage.ReadWnids(TestPaths.Shared("imagenet", "goz-v1"));
        var coverage = LinkCoverage.BySplit(connection, null, [("ILSVRC-2012", ilsvrc), ("goz-v1", goz)]).ToDictionary(c => c.Split);
        Assert.Equal(new SplitCoverage("ILSVRC-2012", 1000, 745, 650, 858), coverage["ILSVRC-2012"]);
        Assert.Equal(new SplitCoverage("goz-v1", 500, 361, 327, 428), coverage["goz-v1"]);
    }

    [Fact]
    public void Chooses_one_article_by_the_documented_rule()
    {
        var chosen = Query<(string Wnid, string Title, string Source, string Rule)>(real.Path,
            "SELECT wnid, title, source, rule FROM wordnet_article_choices WHERE wnid IN ('n02127808', 'n04074963', 'n01608432', 'n02071294', 'n02084071')").ToDictionary(c => c.Wnid);
        // big cat: BabelNet names both Big_cat and Cat; Fernando names Big_cat
        Assert.Equal(("Big_cat", "babelnet+fernando", "both sources"), (chosen["n02127808"].Title, chosen["n02127808"].Source, chosen["n02127808"].Rule));
        // killer whale: Fernando's Killer_Whale is a case variant of BabelNet's Killer_whale (BabelNet also names Risso's dolphin)
        Assert.Equal(("Killer_whale", "babelnet+fernando"), (chosen["n02071294"].Title, chosen["n02071294"].Source));
        // remote control: BabelNet's Remote_administration names no lemma, Fernando's Remote_control does
        Assert.Equal(("Remote_control", "fernando", "lemma-title agreement"), (chosen["n04074963"].Title, chosen["n04074963"].Source, chosen["n04074963"].Rule));
        // kite (the bird): both titles agree with the lemma; BabelNet comes first
        Assert.Equal(("Kite_(bird)", "babelnet", "source order"), (chosen["n01608432"].Title, chosen["n01608432"].Source, chosen["n01608432"].Rule));
        Assert.Equal("Dog", chosen["n02084071"].Title);
        var sea = Query<(string Article, string ResolvedBy)>(real.Path,
            "SELECT article, resolved_by FROM wordnet_article_candidates WHERE wnid = 'n01751748' AND source = 'fernando'").Single();
        Assert.Equal(("Hydrophiinae", "source redirect"), sea); // Fernando's Sea_snake is a redirect BabelNet lists
        var kite = Query<(string Babelnet, string Fernando, string Chosen)>(real.Path,
            "SELECT babelnet, fernando, chosen FROM link_disagreements WHERE wnid = 'n01608432'").Single();
        Assert.Equal(("Kite_(bird)", "Kite", "Kite_(bird)"), kite);
        Assert.Equal(real.Summary.Choice.Disagreements, Query<long>(real.Path, "SELECT count(*) FROM link_disagreements")[0]);
    }

    [Fact]
    public void Round_trip_through_rdf_reproduces_the_link_tables()
    {
        var nt = Path.Combine(_dir, "links.nt.gz");
        var export = LinkRdfExporter.Export(real.Path, nt);
        Assert.Equal(50_968, export.Synsets);
        var copy = Path.Combine(_dir, "copy.sqlite");
        File.Copy(WordNetDatabase.Path, copy);
        var load = RdfStoreLoader.Load(copy, [nt]);
        Assert.Equal(export.Triples, load.Statements);
        foreach (var (table, order) in new[]
                 {
                     ("babelnet_synsets", "synset_id"), ("babelnet_wordnet_links", "synset_id, wordnet_iri"),
                     ("babelnet_external_links", "synset_id, iri, via"), ("wordnet_wikipedia_links", "wnid, source, language, title"),
                     ("wordnet_article_candidates", "wnid, source, title"), ("wordnet_article_choices", "wnid"),
                 })
        {
            var sql = $"SELECT * FROM {table} ORDER BY {order}";
            var expected = Query<dynamic>(real.Path, sql).Select(r => string.Join('\u0001', ((IDictionary<string, object?>)r).Values.Select(v => v?.ToString() ?? "NULL"))).ToList();
            var actual = Query<dynamic>(copy, sql).Select(r => string.Join('\u0001', ((IDictionary<string, object?>)r).Values.Select(v => v?.ToString() ?? "NULL"))).ToList();
            Assert.True(expected.Count > 0, table);
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void WordNet_31_identifiers_map_through_the_real_cili()
    {
        // dog is i46360: 02084071-n in WordNet 3.0, 02086723-n in 3.1; big cat i46635: 02127808-n, 02130460-n
        var ili = Query<(string Ili, string Wn30, string Wn31)>(real.Path, "SELECT ili, wn30, wn31 FROM ili WHERE ili IN ('i46360', 'i46635') ORDER BY ili");
        Assert.Equal([("i46360", "n02084071", "n02086723"), ("i46635", "n02127808", "n02130460")], ili);

        var db = Path.Combine(_dir, "wn31.sqlite");
        File.Copy(real.Path, db);
        var babelNet = Path.Combine(_dir, "babelnet-wn31.txt");
        File.WriteAllText(babelNet, "bn:00015267n\t[02086723n]\tConcept\tdog#n#1\tWIKI:EN:Dog\tWIKIRED:EN:Domestic_dog\n" +
                                    "bn:00009999n\t[99999999n]\tConcept\tnothing#n#1\tWIKI:EN:Nothing\n");
        var summary = LinkLoader.Load(db, new LinkFiles { BabelNet = babelNet, BabelNetWordNet31 = true });
        Assert.Equal(1, summary.Files.Single().Unmapped);
        Assert.Equal([("n02084071", "Dog")], Query<(string, string)>(db, "SELECT wnid, title FROM wordnet_wikipedia_links"));
        Assert.Equal("http://wordnet-rdf.princeton.edu/wn31/02086723-n", Query<string>(db, "SELECT wordnet_iri FROM babelnet_wordnet_links WHERE wnid = 'n02084071'").Single());

        // BabelNet 4+ / Wikidata style RDF names the 3.1 synset (Princeton's 3.1 IRIs carry a part-of-speech digit)
        var rdf = Path.Combine(_dir, "wn31.nt");
        File.WriteAllText(rdf,
            "<http://babelnet.org/rdf/s00015267n> <http://www.w3.org/2004/02/skos/core#exactMatch> <http://wordnet-rdf.princeton.edu/wn31/102130460-n> .\n" +
            "<http://babelnet.org/rdf/s00015267n> <http://babelnet.org/model/babelnet#wikipediaPage> <http://en.wikipedia.org/wiki/Big_cat> .\n");
        RdfStoreLoader.Load(db, [rdf]);
        Assert.Equal([("n02127808", "babelnet", "Big_cat")], Query<(string, string, string)>(db, "SELECT wnid, source, title FROM wordnet_wikipedia_links"));
    }

    [Theory]
    [InlineData("babelnet", "bn:00000002n\t[08950407n]\tNamed Entity\tThe_Hague#n#1\tWIKI:EN:The_Hague\nbn:00000003n\t[0450285n]\tConcept\ttwenty-two#n#2\n", 2, "field 2 (WordNet offsets)")]
    [InlineData("babelnet", "bn:00000002n\t[08950407n]\tThing\tThe_Hague#n#1\n", 1, "field 3 (synset type)")]
    [InlineData("babelnet", "bn:00000002n\t[08950407n]\tConcept\tThe_Hague#n#1\tWIKI:EN:\n", 1, "field 5 (Wikipedia page)")]
    [InlineData("fernando", "1740\tentity\t42176#Entity#100.0\n4258\tliving_thing\t21259835#Living_Thing\n", 2, "field 3 (page)")]
    [InlineData("fernando", "1740\tentity\t42176#Entity#100.0\nx4258\tliving_thing\t21259835#Living_Thing#83.33\n", 2, "field 1 (offset)")]
    [InlineData("cili", "i1\t00001740-a\ni2\t00002098a\n", 2, "field 2 (synset)")]
    public void Bad_lines_name_file_line_and_field(string source, string text, int line, string field)
    {
        var file = Path.Combine(_dir, $"{source}.txt");
        File.WriteAllText(file, text);
        var db = WordNetDatabase.CopyTo(_dir);
        var files = source switch
        {
            "babelnet" => new LinkFiles { BabelNet = file },
            "fernando" => new LinkFiles { Fernando = file },
            _ => new LinkFiles { Cili30 = file, Cili31 = file },
        };
        var error = Assert.Throws<DataFormatException>(() => LinkLoader.Load(db, files));
        Assert.StartsWith($"{file}:{line}: {field}", error.Message);
        using (var connection = Database.OpenReadOnly(db))
            Assert.False(connection.TableExists("wordnet_wikipedia_links") || connection.TableExists("ili")); // nothing half-written

        var skipped = LinkLoader.Load(db, files, new LinkReadOptions { SkipInvalid = true });
        var summary = skipped.Files[0];
        Assert.Equal(1, summary.Skipped);
        Assert.Equal(text.Count(c => c == '\n') - 1, summary.Records);
        Assert.StartsWith($"{file}:{line}: {field}", summary.FirstErrors.Single());
    }

    private sealed class FakeEvidence(Dictionary<string, string> redirects, Dictionary<string, double> similarity) : IArticleEvidence
    {
        public string? ResolveRedirect(string title) => redirects.GetValueOrDefault(title);
        public double? GlossSimilarity(string wnid, string title) => similarity.TryGetValue(title, out var s) ? s : null;
    }

    [Fact]
    public void Gloss_similarity_and_dump_redirects_settle_conflicts_when_the_text_is_loaded()
    {
        var db = WordNetDatabase.CopyTo(_dir);
        var babelNet = Path.Combine(_dir, "babelnet.txt");
        File.WriteAllText(babelNet, "bn:00049713n\t[01608432n]\tConcept\tkite#n#4\tWIKI:EN:Kite_(bird)\n");
        var fernando = Path.Combine(_dir, "fernando.txt");
        File.WriteAllText(fernando, "1608432\tkite\t16843#Kite#100.0\n");
        LinkLoader.Load(db, new LinkFiles { BabelNet = babelNet, Fernando = fernando });
        (string Title, string Rule) Choice(IArticleEvidence? evidence)
        {
            using var connection = Database.OpenReadWrite(db);
            using var transaction = connection.BeginTransaction();
            ArticleChoice.Compute(connection, transaction, evidence);
            transaction.Commit();
            return connection.QuerySingle<(string, string)>("SELECT title, rule FROM wordnet_article_choices WHERE wnid = 'n01608432'");
        }
        Assert.Equal(("Kite_(bird)", "source order"), Choice(null));
        // only one article's text loaded: similarity cannot compare, the rule goes on as without text
        Assert.Equal(("Kite_(bird)", "source order"), Choice(new FakeEvidence([], new() { ["Kite"] = 0.4 })));
        Assert.Equal(("Kite", "gloss similarity"), Choice(new FakeEvidence([], new() { ["Kite"] = 0.4, ["Kite_(bird)"] = 0.1 })));
        Assert.Equal(("Kite_(bird)", "gloss similarity"), Choice(new FakeEvidence([], new() { ["Kite"] = 0.1, ["Kite_(bird)"] = 0.3 })));
        // the dump says Fernando's title now redirects to BabelNet's article: the sources agree
        Assert.Equal(("Kite_(bird)", "only candidate"), Choice(new FakeEvidence(new() { ["Kite"] = "Kite_(bird)" }, [])));
    }

    [Fact]
    public void Reads_bzip2_directly_and_titles_round_trip_through_iris()
    {
        foreach (var title in new[] { "Dog", "100%_Pure", "C#", "What?", "Grahams_number`s", "Ōsaka", "A\"b" })
            Assert.Equal(title, LodIris.Wikipedia(WikipediaTitles.Iri("en", title))!.Title);
        var reader = new LinkSourceReader(RealLinksDatabase.Files.Fernando!);
        Assert.Equal(("n00001740", "entity", "Entity"), reader.Fernando().Select(f => (f.Synset, f.Lemma, f.Title)).First());
    }
}
