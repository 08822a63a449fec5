using Dapper;
using Zsl.LinkedData;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.Text;
using Zsl.Wikipedia;

namespace Zsl.Etl.Tests.Wikipedia;

public class SynsetArticleLinkerTests
{
    [Fact]
    public void Synsets_link_to_articles_through_titles_redirects_case_and_disambiguation_pages()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = WordNetDatabase.CopyTo(dir);
        WikipediaLoader.Load(db, [WikiFixtures.MiniDump]);
        var classes = new HashSet<string> { "n02084071", "n02096177", "n07273802", "n02128925", "n01519563", "n02121808" };
        var summary = SynsetArticleLinker.Link(db, classes);
        using var c = Database.OpenReadOnly(db);
        var links = c.Query<(string Wnid, string Title, string Method, double Score)>(
            "SELECT s.wnid, a.title, s.method, s.score FROM synset_articles s JOIN wiki_articles a USING (page_id) ORDER BY s.wnid")
            .ToDictionary(l => l.Wnid);
        Assert.Equal(("Dog", "title"), (links["n02084071"].Title, links["n02084071"].Method));               // dog, not frump/hotdog/andiron
        Assert.Equal("Cairn", links["n07273802"].Title);                                                      // cairn: the stone memorial
        Assert.Equal("Cairn Terrier", links["n02096177"].Title);                                              // cairn terrier, by case-insensitive title
        Assert.Equal(("Jaguar (animal)", "disambiguation"), (links["n02128925"].Title, links["n02128925"].Method));
        Assert.Equal("Cassowary", links["n01519563"].Title);
        Assert.False(links.ContainsKey("n02121808"));                                                         // domestic cat: no article
        Assert.Equal(links.Count, links.Values.Select(l => l.Title).Distinct().Count());                      // one synset per article
        Assert.All(links.Values, l => Assert.InRange(l.Score, 0, 1.000001));
        Assert.Equal((6, 5), (summary.Classes, summary.ClassesLinked));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Links_from_the_linked_open_data_stage_come_first_and_the_rest_falls_back_to_matching()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = WordNetDatabase.CopyTo(dir);
        WikipediaLoader.Load(db, [WikiFixtures.MiniDump]);
        var rdf = RdfStoreLoader.Load(db, [Path.Combine(WikiFixtures.Folder, "lod-links.nt")]);
        Assert.Equal(0, rdf.InvalidLines);
        var summary = SynsetArticleLinker.Link(db, new HashSet<string> { "n02084071", "n02128925", "n02096177", "n01519563", "n07273802" });
        using var c = Database.OpenReadOnly(db);
        var links = c.Query<(string Wnid, string Title, string Method)>(
            "SELECT s.wnid, a.title, s.method FROM synset_articles s JOIN wiki_articles a USING (page_id) ORDER BY s.wnid").ToList();
        var byWnid = links.ToDictionary(l => l.Wnid);
        Assert.Equal(("Dog", "lod"), (byWnid["n02084071"].Title, byWnid["n02084071"].Method));                 // via the redirect Domestic dog
        Assert.Equal(("Jaguar (animal)", "lod"), (byWnid["n02128925"].Title, byWnid["n02128925"].Method));     // not through the disambiguation page
        Assert.Equal(("Cairn Terrier", "lod"), (byWnid["n02096177"].Title, byWnid["n02096177"].Method));       // owl:sameAs to W3C WordNet RDF
        Assert.Equal(("Cassowary", "title"), (byWnid["n01519563"].Title, byWnid["n01519563"].Method));         // linked page missing: fallback
        Assert.Equal(("Cairn", "title"), (byWnid["n07273802"].Title, byWnid["n07273802"].Method));
        // "Dog" belongs to the dog synset by LOD: no other synset with the lemma "dog" (frump, hotdog, andiron, ...) gets it
        Assert.Single(links, l => l.Title == "Dog");
        Assert.Equal(3, summary.ByMethod["lod"]);
        Assert.Equal((5, 5), (summary.Classes, summary.ClassesLinked));
        Directory.Delete(dir, true);
    }
}
