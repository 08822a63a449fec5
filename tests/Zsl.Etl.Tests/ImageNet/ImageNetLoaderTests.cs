using Dapper;
using Zsl.ImageNet;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.ImageNet;

public sealed class ImageNetLoaderTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("zsl-imagenet");
    private readonly string _db;

    public ImageNetLoaderTests() => _db = WordNetDatabase.CopyTo(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    internal static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Zsl.Etl.Tests", "ImageNet", "Fixtures", name);

    private static ImageNetSources Mirror => ImageNetSources.FromMirror(TestPaths.SharedData);

    /// <summary>The mirror without its population source (fall11-image-counts.tsv), to try another one.</summary>
    private static ImageNetSources MirrorWithoutPopulations => Mirror with { ImageCounts = null };

    private long Count(string sql, object? args = null)
    {
        using var connection = Database.OpenReadOnly(_db);
        return connection.ExecuteScalar<long>(sql, args);
    }

    [Fact]
    public void Loads_the_embedded_default()
    {
        var summary = ImageNetLoader.Load(_db, Mirror);

        Assert.Equal(21_842, summary.Classes);
        Assert.Equal(1_000, summary.Training);
        Assert.Equal(1_549, summary.Splits["2-hops"]);
        Assert.Equal(7_860, summary.Splits["3-hops"]);
        Assert.Equal(20_842, summary.Splits["all"]);
        Assert.Equal(32_295, summary.StructureWnids);
        Assert.Equal(21_841, summary.Populations); // every class of fall11-image-counts.tsv; ILSVRC's teddy bear n04399382 is not listed there
        Assert.Equal("image-counts", summary.PopulationSource);
        Assert.Equal(500, summary.Splits[ImageNetSources.GozV1]);
        Assert.Equal(74_286, summary.WordCounts[ImageNetSources.SubtlexUs]);
        Assert.Equal(70_678, summary.WordCounts[ImageNetSources.WikipediaMlang]);
        Assert.Equal(105_966, summary.WordCounts[ImageNetSources.WikipediaIitis]);
        Assert.Equal(21_842, Count("SELECT count(*) FROM imagenet_classes"));
        Assert.Equal(1_000, Count("SELECT count(*) FROM imagenet_classes WHERE is_train = 1"));
        // The standard test splits never contain a training class.
        Assert.Equal(0, Count("SELECT count(*) FROM imagenet_splits s JOIN imagenet_classes c USING (wnid) WHERE s.split <> 'train' AND c.is_train = 1"));
        Assert.Equal(0, Count("SELECT count(*) FROM imagenet_splits s JOIN imagenet_classes c USING (wnid) WHERE s.split = 'goz-v1' AND c.is_train = 1"));
        // The published fall11 total, and dog.
        Assert.Equal(14_197_122, Count("SELECT sum(images) FROM imagenet_populations"));
        Assert.Equal(1_603, Count("SELECT images FROM imagenet_populations WHERE wnid = 'n02084071'"));
        Assert.Equal(2_134_713, Count("SELECT count FROM word_counts WHERE word = 'you' AND source = 'subtlex-us'"));
        Assert.Equal(89_992, Count("SELECT count FROM word_counts WHERE word = 'dog' AND source = 'enwiki-2019-mlang'"));
        Assert.Equal(167, Count("SELECT count FROM word_counts WHERE word = 'cassowary' AND source = 'enwiki-2012-iitis'"));
        Assert.Equal(9, Count("SELECT count(*) FROM imagenet_inputs"));
    }

    [Fact]
    public void A_rerun_replaces_its_tables_and_keeps_the_same_content()
    {
        ImageNetLoader.Load(_db, Mirror);
        ImageNetLoader.Load(_db, MirrorWithoutPopulations with { ReleaseStatus = Fixture("ReleaseStatus.xml") });
        Assert.Equal(21_842, Count("SELECT count(*) FROM imagenet_classes"));
        Assert.Equal(74_286, Count("SELECT count(*) FROM word_counts WHERE source = 'subtlex-us'"));
        Assert.Equal(4, Count("SELECT count(*) FROM imagenet_populations"));
    }

    [Fact]
    public void Populations_from_ReleaseStatus_xml()
    {
        var summary = ImageNetLoader.Load(_db, MirrorWithoutPopulations with { ReleaseStatus = Fixture("ReleaseStatus.xml") });
        // n00001740 (entity) is not one of the 21,842 classes: listed, but outside the universe.
        Assert.Equal(4, summary.Populations);
        Assert.Equal(1, summary.PopulationsOutsideUniverse);
        Assert.Equal(1300, Count("SELECT images FROM imagenet_populations WHERE wnid = 'n01440764'"));
        Assert.Equal(121, Count("SELECT images FROM imagenet_populations WHERE wnid = 'n03220095'"));
    }

    [Fact]
    public void Populations_from_a_url_list_and_an_image_folder_agree()
    {
        ImageNetLoader.Load(_db, MirrorWithoutPopulations with { UrlList = Fixture("urls.txt") });
        Assert.Equal(2, Count("SELECT images FROM imagenet_populations WHERE wnid = 'n01440764'"));
        Assert.Equal(3, Count("SELECT count(*) FROM imagenet_populations WHERE source = 'url-list'"));

        var images = Path.Combine(_dir, "images");
        foreach (var (wnid, n) in new[] { ("n01440764", 2), ("n01443537", 1), ("n03220095", 1) })
        {
            Directory.CreateDirectory(Path.Combine(images, wnid));
            for (var i = 0; i < n; i++) File.WriteAllBytes(Path.Combine(images, wnid, $"{wnid}_{i}.JPEG"), [0xFF, 0xD8, 0xFF]);
        }
        File.WriteAllText(Path.Combine(images, "n01443537", "notes.txt"), "not an image");
        ImageNetLoader.Load(_db, MirrorWithoutPopulations with { ImageFolder = images });
        Assert.Equal(2, Count("SELECT images FROM imagenet_populations WHERE wnid = 'n01440764'"));
        Assert.Equal(1, Count("SELECT images FROM imagenet_populations WHERE wnid = 'n01443537'"));
        Assert.Equal(3, Count("SELECT count(*) FROM imagenet_populations WHERE source = 'image-folder'"));
    }

    [Fact]
    public void An_unknown_wnid_is_an_error_naming_it_and_leaves_the_database_unchanged()
    {
        ImageNetLoader.Load(_db, Mirror);
        var error = Assert.Throws<DataFormatException>(() => ImageNetLoader.Load(_db, Mirror with { Training = Fixture("training-unknown.txt") }));
        Assert.Contains("n99999999", error.Message);
        Assert.Contains("training-unknown.txt", error.Message);
        Assert.Equal(1_000, Count("SELECT count(*) FROM imagenet_classes WHERE is_train = 1"));
    }

    [Fact]
    public void Two_population_sources_are_refused()
        => Assert.Throws<ArgumentException>(() => ImageNetLoader.Load(_db, Mirror with { ReleaseStatus = Fixture("ReleaseStatus.xml") }));

    [Fact]
    public void Populations_from_an_image_count_table()
    {
        var summary = ImageNetLoader.Load(_db, Mirror with { ImageCounts = Fixture("image-counts.tsv") });
        Assert.Equal(3, summary.Populations);
        Assert.Equal(1_603, Count("SELECT images FROM imagenet_populations WHERE wnid = 'n02084071'"));
        Assert.Equal(3, Count("SELECT count(*) FROM imagenet_populations WHERE source = 'image-counts'"));
    }

    [Theory]
    [InlineData("image-counts-unknown.tsv", 4, "n99999999")]
    [InlineData("image-counts-duplicate.tsv", 4, "listed twice")]
    [InlineData("image-counts-bad-count.tsv", 2, "non-negative integer")]
    public void A_bad_image_count_table_names_file_and_line_and_writes_nothing(string fixture, long line, string expected)
    {
        ImageNetLoader.Load(_db, Mirror);
        var error = Assert.Throws<DataFormatException>(() => ImageNetLoader.Load(_db, Mirror with { ImageCounts = Fixture(fixture) }));
        Assert.Equal(line, error.Line);
        Assert.Contains(fixture, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Equal(21_841, Count("SELECT count(*) FROM imagenet_populations")); // the previous load is intact
    }

    [Fact]
    public void A_class_outside_the_universe_in_an_image_count_table_is_an_error()
    {
        var table = Path.Combine(_dir, "counts.tsv");
        File.WriteAllText(table, "n01440764\t1300\nn00001740\t3\n"); // entity: a WordNet noun, not an ImageNet class
        var error = Assert.Throws<DataFormatException>(() => ImageNetLoader.Load(_db, Mirror with { ImageCounts = table }));
        Assert.Equal(2, error.Line);
        Assert.Contains("n00001740", error.Message);
    }

    [Fact]
    public void The_url_list_reader_counts_the_published_goz_v1_url_list()
    {
        var goz = Path.Combine(TestPaths.SharedData, "imagenet", "goz-v1");
        var populations = ImageNetReaders.ReadUrlList(Path.Combine(goz, "test_urls.txt")).ToList();
        Assert.Equal(500, populations.Count);
        Assert.All(populations, p => Assert.Equal(100, p.Images));
        Assert.Equal(File.ReadAllLines(Path.Combine(goz, "test_wnids.txt")).Order(StringComparer.Ordinal), populations.Select(p => p.Wnid));
    }

    [Fact]
    public void Word_count_lists_in_every_format_of_the_mirror()
    {
        Assert.Equal([new WordCount("the", 154_702_179), new WordCount("cassowary", 792), new WordCount("zwieback", 12)],
            ImageNetReaders.ReadWordCountList(Fixture("word-counts-mlang.txt")));
        Assert.Equal([new WordCount("the", 143_524_480), new WordCount("cassowary", 167)], ImageNetReaders.ReadWordCountList(Fixture("word-counts-iitis.tsv")));
        var bad = Assert.Throws<DataFormatException>(() => ImageNetReaders.ReadWordCountList(Fixture("word-counts-bad.tsv")));
        Assert.Equal(3, bad.Line);
        Assert.Contains("many", bad.Message);
        Assert.Equal(74_286, ImageNetReaders.ReadWordCountList(Path.Combine(TestPaths.SharedData, "corpora", "subtlex-us-word-frequencies.json")).Count);
    }

    [Fact]
    public void Bad_input_names_file_and_line()
    {
        var dtd = Assert.Throws<DataFormatException>(() => ImageNetReaders.ReadReleaseStatus(Fixture("ReleaseStatus-dtd.xml")).ToList());
        Assert.Contains("malformed XML", dtd.Message);
        var count = Assert.Throws<DataFormatException>(() => ImageNetReaders.ReadReleaseStatus(Fixture("ReleaseStatus-bad-count.xml")).ToList());
        Assert.Equal(4, count.Line);
        Assert.Contains("numImages", count.Message);
        var urls = Assert.Throws<DataFormatException>(() => ImageNetReaders.ReadUrlList(Fixture("urls-bad.txt")).ToList());
        Assert.Equal(2, urls.Line);
        var json = Assert.Throws<DataFormatException>(() => ImageNetReaders.ReadTestSets(Fixture("testsets-truncated.json")));
        Assert.Contains("testsets-truncated.json", json.Message);
        var words = Assert.Throws<DataFormatException>(() => ImageNetReaders.ReadWordCounts(Fixture("word-counts-missing-count.json")));
        Assert.Contains("record 2", words.Message);
        var missing = Assert.Throws<DataFormatException>(() => ImageNetLoader.Load(_db, Mirror with { TestSets = Fixture("testsets-truncated.json") }));
        Assert.False(new Func<bool>(() => { using var c = Database.OpenReadOnly(_db); return c.TableExists("imagenet_classes"); })());
        Assert.NotNull(missing);
    }

    [Fact]
    public void A_database_without_wordnet_is_refused()
    {
        var empty = Path.Combine(_dir, "empty.sqlite");
        using (Database.OpenReadWrite(empty)) { }
        Assert.Throws<InvalidDataException>(() => ImageNetLoader.Load(empty, Mirror));
    }
}
