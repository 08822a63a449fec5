using Dapper;
using Zsl.ImageNet;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.Text;
using Zsl.Wikipedia;

namespace Zsl.Benchmark.Tests;

public sealed class LabelCountRuleTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("zsl-label-counts");

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_counted_wikipedia_dump_gives_every_label_its_count_only_when_it_is_a_full_dump()
    {
        var db = WordNetDatabase.CopyTo(_dir);
        var mirror = ImageNetSources.FromMirror(TestPaths.SharedData);
        ImageNetLoader.Load(db, mirror);
        WikipediaLoader.Load(db, [Path.Combine(TestPaths.SharedData, "wikipedia", "enwiki-sample-pages-articles.xml.bz2")]);
        var counts = LemmaCounter.Count(Corpora.Open("wikipedia", [], db), LemmaCounter.NounLemmas(db, LemmaCounter.ReadWnids(mirror.Universe)));
        StageDatabase.Run(db, (connection, transaction) => LemmaCounter.SaveWordCounts(connection, transaction, counts, "wikipedia"));
        long Scalar(string sql) { using var c = Database.OpenReadOnly(db); return c.ExecuteScalar<long>(sql); }

        // The 206-page sample is not a dump of Wikipedia: the single-word lists decide, and the report names the sample.
        var sample = ClassStats.Build(db);
        Assert.Equal(["enwiki-2019-mlang", "enwiki-2012-iitis"], sample.LabelCountSources);
        Assert.Contains(sample.SmallDumps, d => d.StartsWith("wikipedia ("));
        Assert.Equal(0, Scalar("SELECT count(*) FROM class_stats WHERE is_ngram = 1 AND word_count IS NOT NULL"));
        Assert.Equal(0, sample.UnknownMultiWord - Scalar("SELECT count(*) FROM class_stats WHERE is_ngram = 1"));

        // Taken as a full dump, its n-gram counts come first, for multi-word labels too.
        var dump = ClassStats.Build(db, minDumpTokens: 0);
        Assert.Equal(["wikipedia", "enwiki-2019-mlang", "enwiki-2012-iitis"], dump.LabelCountSources);
        Assert.Equal(0, dump.UnknownMultiWord);
        Assert.Equal(Scalar("SELECT count(*) FROM class_stats"), Scalar("SELECT count(*) FROM class_stats WHERE word_count_source = 'wikipedia'"));
        Assert.Equal(counts.Counts["dog"], Scalar("SELECT word_count FROM class_stats WHERE wnid = 'n02084071'"));

        // One named source overrides the rule.
        var subtlex = ClassStats.Build(db, "subtlex-us");
        Assert.Equal(["subtlex-us"], subtlex.LabelCountSources);
        Assert.Throws<ArgumentException>(() => ClassStats.Build(db, "no-such-source"));
    }
}
