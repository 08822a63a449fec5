using Dapper;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.Wikipedia;

namespace Zsl.Etl.Tests.Wikipedia;

public class WikipediaFetcherTests
{
    private static FetchOptions Options(LoopbackWikiServer server, double rate = 50) => new()
    {
        BaseUrl = server.BaseUrl, RequestsPerSecond = rate, MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public void Parsoid_html_gives_the_same_kind_of_text_links_and_categories_as_wikitext()
    {
        var f = ArticleHtml.Parse(File.ReadAllText(Path.Combine(WikiFixtures.HtmlFolder, "Dog.html")), "Dog");
        Assert.Equal((4269567L, "Dog", (long?)1187654321), (f.PageId, f.Title, f.RevisionId));
        Assert.Equal("The dog (Canis familiaris) is a domesticated descendant of the wolf. Dogs were the first species to be domesticated, by hunter-gatherers, and occur in many breeds.", f.Article.Lead);
        Assert.Equal(f.Article.Lead + "\nAnatomy\nDogs have a tail and four legs; some run at .\na wolf-like skull\nstrong teeth\nReferences", f.Article.Text);
        Assert.Equal(["Canis familiaris", "Wolf", "Hunter-gatherer", "Dog breed", "Tail", "Wolf"], f.Article.Links.Select(l => l.Target));
        Assert.Equal(["Articles with short description", "Dogs", "Domesticated animals"], f.Article.Categories);
        Assert.False(f.Article.IsDisambiguation);
        var jaguar = ArticleHtml.Parse(File.ReadAllText(Path.Combine(WikiFixtures.HtmlFolder, "Jaguar_(disambiguation).html")), "Jaguar");
        Assert.True(jaguar.Article.IsDisambiguation);
        Assert.Equal("Jaguar (disambiguation)", jaguar.Title);
        Assert.DoesNotContain("This disambiguation page", jaguar.Article.Text);
    }

    [Fact]
    public void Html_without_a_page_id_is_refused()
        => Assert.Contains("mw:pageId", Assert.Throws<InvalidDataException>(() => ArticleHtml.Parse("<html><body><p>x</p></body></html>", "X")).Message);

    [Fact]
    public async Task Fetch_from_a_loopback_server_with_redirects_404_retries_and_resume()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "w.sqlite");
        using var server = new LoopbackWikiServer(WikiFixtures.HtmlFolder);
        server.Redirects["Domestic_dog"] = "Dog";
        server.Redirects["Jaguar"] = "Jaguar_(disambiguation)";
        server.Failures["Cassowary"] = (503, 1);
        server.Failures["Jaguar_(disambiguation)"] = (429, 1);
        server.Failures["Broken"] = (500, 10);
        server.Failures["Dog"] = (503, 1);
        var titles = new[] { "Dog", "Domestic dog", "Cassowary", "Jaguar", "No such article", "Broken" };

        var first = await new WikipediaFetcher(Options(server)).FetchAsync(db, titles);
        Assert.Equal((4, 1, 1), (first.Fetched, first.Missing, first.Failed));
        using (var c = Database.OpenReadOnly(db))
        {
            Assert.Equal(["Cassowary", "Dog", "Jaguar (disambiguation)"], c.Query<string>("SELECT title FROM wiki_articles ORDER BY title"));
            Assert.Equal("Dog", c.ExecuteScalar<string>("SELECT target FROM wiki_redirects WHERE title = 'Domestic dog'"));
            Assert.Equal("rest", c.ExecuteScalar<string>("SELECT DISTINCT origin FROM wiki_articles"));
            Assert.Equal(3, c.ExecuteScalar<long>("SELECT count(*) FROM wiki_links WHERE page_id = 202470"));
            Assert.Equal(202470, c.ExecuteScalar<long>("SELECT rowid FROM wiki_articles_fts WHERE wiki_articles_fts MATCH 'flightless'"));
            Assert.Equal(3, c.ExecuteScalar<long>("SELECT attempts FROM wiki_fetch_log WHERE title = 'Broken'"));
            Assert.Equal("missing", c.ExecuteScalar<string>("SELECT status FROM wiki_fetch_log WHERE title = 'No such article'"));
        }
        // Dog: 503 then 200; the 302 of Domestic dog; Cassowary: 503 then 200; Jaguar: 302 then 429, then 302 + 200; 404; 3 x 500
        Assert.Equal(2 + 2 + 2 + 4 + 1 + 3, server.Requests.Count);

        // a second run asks only for what failed
        server.Failures["Broken"] = (500, 0);
        var before = server.Requests.Count;
        var second = await new WikipediaFetcher(Options(server)).FetchAsync(db, titles);
        Assert.Equal((5, 0, 1, 0), (second.AlreadyDone, second.Fetched, second.Missing, second.Failed));
        Assert.Equal(["Broken"], server.Requests.Skip(before).Select(r => r.Title).Distinct());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Requests_are_spaced_by_the_rate_limit()
    {
        var dir = TestPaths.NewTempDirectory();
        using var server = new LoopbackWikiServer(WikiFixtures.HtmlFolder);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await new WikipediaFetcher(Options(server, rate: 10)).FetchAsync(Path.Combine(dir, "w.sqlite"), ["A", "B", "C", "D", "E"]);
        clock.Stop();
        Assert.Equal(5, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(404, r.Status));
        // 10 requests a second: the client must wait at least 4 intervals of 100 ms between its 5 requests.
        // (Server arrival times are not compared: a slow first connection would shrink their span.)
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(395), $"5 requests were sent within {clock.Elapsed.TotalMilliseconds} ms");
        Directory.Delete(dir, true);
    }
}
