using System.Text;
using Dapper;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.Wikipedia;

namespace Zsl.Etl.Tests.Wikipedia;

public class WikipediaLoaderTests
{
    [Fact]
    public void The_real_dump_loads_into_articles_redirects_links_categories_and_fts()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "w.sqlite");
        var s = WikipediaLoader.Load(db, [WikiFixtures.SampleDump]);
        Assert.Equal((206L, 106L, 99L, 1L), (s.Pages, s.Articles, s.Redirects, s.OtherNamespaces));
        using var c = Database.OpenReadOnly(db);
        Assert.Equal(106, c.ExecuteScalar<long>("SELECT count(*) FROM wiki_articles"));
        Assert.Equal(s.Links, c.ExecuteScalar<long>("SELECT count(*) FROM wiki_links"));
        Assert.Equal("Computer accessibility", c.ExecuteScalar<string>("SELECT target FROM wiki_redirects WHERE title = 'AccessibleComputing'"));
        var lead = c.ExecuteScalar<string>("SELECT lead FROM wiki_articles WHERE title = 'Anarchism'")!;
        Assert.StartsWith("Anarchism is a political philosophy that advocates self-governed societies", lead);
        Assert.DoesNotContain("{{", c.ExecuteScalar<string>("SELECT group_concat(text) FROM wiki_articles")!);
        Assert.Contains("Political ideologies", c.Query<string>("SELECT category FROM wiki_categories c JOIN wiki_articles a USING (page_id) WHERE a.title = 'Anarchism'"));
        var hits = c.Query<(long PageId, string Title, double Rank)>(SqlScripts.Get("wikipedia/search.sql"), new { query = "albedo", limit = 3 }).ToList();
        Assert.Equal("Albedo", hits[0].Title);
        Assert.True(c.ExecuteScalar<long>("SELECT count(*) FROM wiki_articles WHERE is_disambiguation = 1") >= 5);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Fixture_articles_become_clean_text_and_a_rerun_gives_the_same_tables()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "w.sqlite");
        WikipediaLoader.Load(db, [WikiFixtures.MiniDump]);
        string Dump()
        {
            using var c = Database.OpenReadOnly(db);
            return string.Join("\n", c.Query<string>("SELECT page_id || '|' || title || '|' || is_disambiguation || '|' || lead || '|' || text FROM wiki_articles ORDER BY page_id"))
                + string.Join("\n", c.Query<string>("SELECT page_id || '|' || position || '|' || target || '|' || anchor FROM wiki_links ORDER BY page_id, position"));
        }
        var first = Dump();
        WikipediaLoader.Load(db, [WikiFixtures.MiniDump]);
        Assert.Equal(first, Dump());
        using var c = Database.OpenReadOnly(db);
        var dog = c.QuerySingle<(string Lead, string Text)>("SELECT lead, text FROM wiki_articles WHERE page_id = 100");
        Assert.Equal("The dog (Canis familiaris) is a domesticated descendant of the wolf. Dogs were the first species to be domesticated by man, by hunter-gatherers, and occur in many breeds.", dog.Lead);
        Assert.Equal(dog.Lead + "\nAnatomy\nDogs have a tail and four legs; some run at 45 km/h.\na wolf-like skull\nstrong teeth\nSenses\nDogs rely on smell.[citation needed]", dog.Text);
        Assert.Equal(["Canis familiaris", "Wolf", "Hunter-gatherer", "Dog breed", "Tail", "Wolf"], c.Query<string>("SELECT target FROM wiki_links WHERE page_id = 100 ORDER BY position"));
        Assert.Equal(["Dogs", "Domesticated animals"], c.Query<string>("SELECT category FROM wiki_categories WHERE page_id = 100 ORDER BY category"));
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT is_disambiguation FROM wiki_articles WHERE title = 'Jaguar'"));
        Assert.Equal("Dog", c.ExecuteScalar<string>("SELECT target FROM wiki_redirects WHERE title = 'Domestic dog'"));
        Assert.Null(c.ExecuteScalar<string>("SELECT title FROM wiki_articles WHERE page_id = 107")); // Talk:Dog is not an article
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_failing_load_keeps_nothing_and_leaves_the_previous_tables()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "w.sqlite");
        WikipediaLoader.Load(db, [WikiFixtures.MiniDump]);
        var bytes = File.ReadAllBytes(WikiFixtures.SampleDump);
        var truncated = WikiFixtures.WriteTemp(dir, "truncated.xml.bz2", bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<DataFormatException>(() => WikipediaLoader.Load(db, [truncated]));
        Assert.Contains("truncated.xml.bz2", error.Message);
        using (var c = Database.OpenReadOnly(db))
            Assert.Equal(8, c.ExecuteScalar<long>("SELECT count(*) FROM wiki_articles") + c.ExecuteScalar<long>("SELECT count(*) FROM wiki_redirects"));
        Assert.Equal(["w.sqlite"], Directory.GetFiles(dir, "w.sqlite*").Select(Path.GetFileName)); // no side index left behind
        var fresh = Path.Combine(dir, "new.sqlite");
        Assert.Throws<DataFormatException>(() => WikipediaLoader.Load(fresh, [truncated]));
        Assert.False(File.Exists(fresh));
        Assert.Empty(Directory.GetFiles(dir, "new.sqlite*"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Duplicate_pages_across_dumps_stop_the_load_unless_skipped()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "w.sqlite");
        var error = Assert.Throws<DataFormatException>(() => WikipediaLoader.Load(db, [WikiFixtures.MiniDump, WikiFixtures.MiniDump]));
        Assert.Contains("'Dog' (id 100)", error.Message);
        var s = WikipediaLoader.Load(db, [WikiFixtures.MiniDump, WikiFixtures.MiniDump], new WikipediaLoadOptions(SkipInvalidPages: true));
        Assert.Equal(8, s.Skipped.Count);
        Assert.Equal(7, s.Articles);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Wiki_tables_export_to_parquet()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "w.sqlite");
        WikipediaLoader.Load(db, [WikiFixtures.MiniDump]);
        var written = await ParquetExporter.ExportDatabaseAsync(db, Path.Combine(dir, "parquet"), ["wiki_articles", "wiki_links"]);
        Assert.Equal([7L, 17L], written.Select(w => w.Rows).ToArray());
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var cmd = duck.CreateCommand();
        cmd.CommandText = $"SELECT title FROM read_parquet('{Path.Combine(dir, "parquet", "wiki_articles.parquet")}') WHERE page_id = 105";
        Assert.Equal("Jaguar (animal)", cmd.ExecuteScalar());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void The_side_built_full_text_index_matches_the_articles_and_a_rebuilt_index()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "w.sqlite");
        WikipediaLoader.Load(db, [WikiFixtures.SampleDump]);
        var rebuilt = Path.Combine(dir, "rebuilt.sqlite");
        File.Copy(db, rebuilt);
        using (var c = Database.OpenReadWrite(rebuilt))
            c.ExecuteScript("wikipedia/fts-rebuild.sql");
        using var side = Database.OpenReadWrite(db);
        side.ExecuteScript("wikipedia/fts-integrity-check.sql"); // throws unless the index holds exactly the articles' terms
        using var reference = Database.OpenReadOnly(rebuilt);
        var words = side.Query<string>("SELECT title FROM wiki_articles ORDER BY page_id").SelectMany(t => t.Split(' ', '-', '(', ')', ',', '.', '\''))
            .Where(w => w.Length > 2 && w.All(char.IsAsciiLetter)).Distinct().Take(150).ToList();
        Assert.True(words.Count > 100);
        foreach (var query in words.Append("political philosophy").Append("\"liquid water\"").Append("title:anarchism"))
        {
            var sql = SqlScripts.Get("wikipedia/search.sql");
            var expected = reference.Query<(long PageId, string Title, double Rank)>(sql, new { query, limit = 20 }).ToList();
            Assert.Equal(expected, side.Query<(long PageId, string Title, double Rank)>(sql, new { query, limit = 20 }).ToList());
        }
        // the copied index keeps working for later single-article updates (./zsl wikipedia fetch)
        using (var tx = side.BeginTransaction())
        {
            var albedo = side.QuerySingle<(long PageId, string Title)>("SELECT page_id, title FROM wiki_articles WHERE title = 'Albedo'", transaction: tx);
            side.Execute(SqlScripts.Get("wikipedia/fts-delete.sql"), new { page_id = albedo.PageId, title = albedo.Title }, tx);
            side.Execute("UPDATE wiki_articles SET text = 'zyzzyva reflectivity' WHERE page_id = @id", new { id = albedo.PageId }, tx);
            side.Execute(SqlScripts.Get("wikipedia/fts-insert.sql"), new { page_id = albedo.PageId, title = albedo.Title, text = "zyzzyva reflectivity" }, tx);
            tx.Commit();
        }
        side.ExecuteScript("wikipedia/fts-integrity-check.sql");
        Assert.Equal("Albedo", side.Query<(long PageId, string Title, double Rank)>(SqlScripts.Get("wikipedia/search.sql"), new { query = "zyzzyva", limit = 5 }).Single().Title);
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, true);
    }
}
