using Dapper;
using Spectre.Console.Cli;
using Zsl.Cli.Commands;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Wikipedia;

/// <summary>The commands as registered in the CLI (examples validated), run end to end on the fixtures.</summary>
public class WikipediaCommandsTests
{
    private static Task<int> Run(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.PropagateExceptions();
            config.ValidateExamples();
            Commands.Register(config);
        });
        return app.RunAsync(args);
    }

    [Fact]
    public async Task Etl_link_count_cooccur_and_tfidf_commands_chain_on_one_database()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = WordNetDatabase.CopyTo(dir);
        var classes = Path.Combine(dir, "classes.txt");
        File.WriteAllLines(classes, ["n02084071", "n01519563", "n02121808"]);
        Assert.Equal(0, await Run("etl", "wikipedia", "--db", db, "--dump", WikiFixtures.MiniDump, "--parquet", Path.Combine(dir, "parquet")));
        Assert.True(File.Exists(Path.Combine(dir, "parquet", "wiki_links.parquet")));
        Assert.Equal(0, await Run("wikipedia", "link", "--db", db, "--classes", classes));
        Assert.Equal(0, await Run("text", "count", "--db", db, "--corpus", "wikipedia", "--wnids", classes));
        Assert.Equal(0, await Run("text", "cooccur", "--db", db, "--corpus", "wikipedia", "--lemmas", "cassowary,dog", "--words", "wings,bird,wolf"));
        var features = Path.Combine(dir, "tfidf.parquet");
        Assert.Equal(0, await Run("text", "tfidf", "--db", db, "--documents", "articles", "--out", features, "--wnids", classes));
        Assert.True(File.Exists(features) && File.Exists(Path.Combine(dir, "tfidf.vocabulary.parquet")));
        using var c = Database.OpenReadOnly(db);
        Assert.Equal(2, c.ExecuteScalar<long>("SELECT count FROM word_counts WHERE source = 'wikipedia' AND word = 'cassowary'"));
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT count FROM word_counts WHERE source = 'wikipedia' AND word = 'house cat'"));
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT cooccurrences FROM word_cooccurrence WHERE lemma = 'cassowary' AND word = 'wings'"));
        Assert.Equal(2, c.ExecuteScalar<long>("SELECT count(*) FROM synset_articles WHERE wnid IN ('n02084071', 'n01519563')"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_truncated_dump_fails_the_command_and_changes_nothing()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "w.sqlite");
        var bytes = File.ReadAllBytes(WikiFixtures.SampleDump);
        var truncated = WikiFixtures.WriteTemp(dir, "cut.xml.bz2", bytes[..(bytes.Length / 3)]);
        var error = await Assert.ThrowsAsync<DataFormatException>(() => Run("etl", "wikipedia", "--db", db, "--dump", truncated));
        Assert.Contains("cut.xml.bz2", error.Message);
        Assert.False(File.Exists(db));
        Directory.Delete(dir, true);
    }
}
