using Dapper;
using Parquet;
using System.Security.Cryptography;
using System.Text.Json;
using Zsl.Benchmark;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Benchmark.Tests;

public sealed class BenchmarkOnImageNetTests(BenchmarkDatabase db) : IClassFixture<BenchmarkDatabase>
{
    private static GeneratorOptions Small => BenchmarkDatabase.Small;

    private T Scalar<T>(string sql)
    {
        using var connection = Database.OpenReadOnly(db.Path);
        return connection.ExecuteScalar<T>(sql)!;
    }

    [Fact]
    public void Class_stats_answer_chapter_2()
    {
        Assert.Equal(21_842, db.Stats.Classes);
        Assert.Equal(21_841, db.Stats.WithPopulation);
        // No full Wikipedia dump was counted: the labels' counts come from the two Wikipedia lists, single words only.
        Assert.Equal(["enwiki-2019-mlang", "enwiki-2012-iitis"], db.Stats.LabelCountSources);
        Assert.Equal(89_992, Scalar<long>("SELECT word_count FROM class_stats WHERE wnid = 'n02084071'"));
        Assert.Equal("enwiki-2019-mlang", Scalar<string>("SELECT word_count_source FROM class_stats WHERE wnid = 'n02084071'"));
        Assert.Equal(0, Scalar<long>("SELECT count(*) FROM class_stats WHERE is_ngram = 1 AND word_count IS NOT NULL"));
        Assert.Equal(db.Stats.UnknownMultiWord, Scalar<long>("SELECT count(*) FROM class_stats WHERE is_ngram = 1"));
        Assert.Equal(1_603, Scalar<long>("SELECT population FROM class_stats WHERE wnid = 'n02084071'"));
        var ngrams = ClassStats.Chapter2(db.Path)[0].Result.Rows[0];
        Assert.Equal(40_739L, ngrams[1]);
        Assert.InRange((double)ngrams[3]!, 53.5, 54.5); // the thesis reports 54.2%
        // The strict rule: 'dog' (42 SemCor tags, the most of its 7 noun senses) is primary; bass the fish is not.
        Assert.Equal(1, Scalar<long>("SELECT is_primary FROM class_stats WHERE wnid = 'n02084071'"));
        Assert.Equal(0, Scalar<long>("SELECT is_primary FROM class_stats WHERE wnid = 'n02565573'"));
        Assert.Equal(0, Scalar<long>("SELECT train_distance FROM class_stats WHERE wnid = 'n01440764'"));
        Assert.Equal(1_549, Scalar<long>("SELECT sum(in_2hops) FROM class_stats"));
        // "2-hops" is truly 1 hop: all but one class (n00015388, animal, 3 hops away in WordNet 3.0) touch a training class.
        Assert.Equal(1_548, Scalar<long>("SELECT count(*) FROM class_stats WHERE in_2hops = 1 AND train_distance = 1"));
        Assert.Equal(0, Scalar<long>("SELECT depth FROM class_stats WHERE depth < 1"));
    }

    [Theory]
    [InlineData("2-hops", 1_549, 0.6169)]
    [InlineData("3-hops", 7_860, 2.2905)]
    [InlineData("all", 20_842, 3.8633)]
    public void Structural_ratio_of_the_standard_splits_on_the_full_graph(string split, int size, double r)
    {
        using var connection = Database.OpenReadOnly(db.Path);
        var graph = NounGraph.Load(connection);
        var report = StructuralRatio.Compute(graph, ImageNetClasses.Training(connection), ImageNetClasses.Split(connection, split));
        Assert.Equal(size, report.Classes.Count);
        Assert.Equal(r, report.R, 4);
        Assert.NotEmpty(report.Flaws); // every standard split has ancestor/descendant pairs (thesis fig. 2.1)
        if (split == "2-hops") Assert.Equal(1_548, report.Classes.Count(c => c.TrainDistance == 1)); // "2-hops" is truly 1 hop
    }

    [Fact]
    public void The_default_500_class_split_meets_the_targets()
    {
        var split = SplitGenerator.Generate(db.Path, new GeneratorOptions { Seed = 20191 });
        Assert.Equal(500, split.Test.Count);
        Assert.True(split.Ratio.R >= 3.3, $"R = {split.Ratio.R}");
        Assert.True(split.LexnameTvd <= 0.02, $"lexname TVD {split.LexnameTvd}");
        Assert.Empty(split.Ratio.Flaws);
        Assert.All(split.Filters, f => Assert.True(f.Applied || f.Filter is "word frequency", $"filter {f.Filter} not applied"));
        Assert.Empty(split.Test.Intersect(split.Training));
        var folder = System.IO.Path.Combine(db.Directory, "default-split");
        SplitFiles.Write(split, SplitFiles.Inputs(db.Path), folder);
        var comparison = SplitComparison.Compare(db.Path, [folder, "goz-v1"]);
        var (ours, goz) = (comparison.Splits[0], comparison.Splits[1]);
        Assert.Equal(0, ours.ClassesUnder300);
        Assert.Equal(0, ours.PopulationUnknown);
        Assert.Equal(0.0, ours.KnownRareShare);
        Assert.Equal(1.0, ours.PrimaryShare);
        Assert.Equal(0.0, ours.PeopleShare);
        Assert.Equal(0, ours.StructuralFlaws);
        Assert.Equal(split.Ratio.R, ours.R, 9);
        // Beside GOZ v1: a higher R, and no worse on populations, rare labels, primary meaning and representativeness.
        Assert.Equal(2.21, goz.R, 2);
        Assert.True(ours.R >= 3.3, $"R {ours.R} beside GOZ v1's {goz.R}"); // the issue's target, 1.5 x 2.21 rounded
        Assert.True(ours.KnownRareShare <= goz.KnownRareShare && ours.PrimaryShare >= goz.PrimaryShare && ours.LexnameTvd <= goz.LexnameTvd);
        Assert.True(ours.MinImages >= 300 && goz.MinImages >= 300);
        // Representative of the candidate pool beyond lexnames: median population, checkable and single-word labels.
        Assert.Equal(1_004, comparison.PoolMedianImages);
        Assert.Equal(split.PoolMedianImages, comparison.PoolMedianImages);
        Assert.True(ours.MedianImages >= comparison.PoolMedianImages, $"median {ours.MedianImages}");
        // No worse than GOZ v1 on populations: its median is the default's highest floor.
        Assert.Equal(1_182.5, goz.MedianImages);
        Assert.True(ours.MedianImages >= goz.MedianImages, $"median {ours.MedianImages} below GOZ v1's {goz.MedianImages}");
        Assert.Contains("the highest floor, goz-v1, of: pool 1,004, goz-v1 1,182.5", split.ShareBounds[0].Note);
        Assert.Equal(309, goz.MinImages);
        Assert.True(ours.MinImages >= goz.MinImages, $"smallest class {ours.MinImages} below GOZ v1's {goz.MinImages}");
        Assert.True(ours.UnknownCountShare <= comparison.PoolUnknownCountShare, $"unknown {ours.UnknownCountShare} > pool {comparison.PoolUnknownCountShare}");
        Assert.True(ours.MultiWordShare <= comparison.PoolMultiWordShare, $"multi-word {ours.MultiWordShare} > pool {comparison.PoolMultiWordShare}");
        Assert.All(split.ShareBounds, b => Assert.True(b.Applied && b.SplitCount <= b.Cap, $"{b.Option}: {b.SplitCount} > {b.Cap}"));
    }

    [Fact]
    public void Population_and_label_bounds_hold_when_set_and_cost_nothing_when_off()
    {
        var bounded = SplitGenerator.Generate(db.Path, Small with { MedianFloors = ["1183"], MaxUnknownLabelShare = 0.1, MaxMultiWordShare = 0.1 });
        var classes = bounded.TestClasses;
        Assert.Equal(60, classes.Count);
        Assert.True(SplitGenerator.Median(classes.Select(c => c.Population!.Value)) >= 1_183);
        Assert.True(classes.Count(c => c.Population < 1_183) <= 29);
        Assert.True(classes.Count(c => c.WordCount is null) <= 6);
        Assert.True(classes.Count(c => c.IsNgram != 0) <= 6);
        Assert.Equal([29, 0, 6, 6], bounded.ShareBounds.Select(b => b.Cap));
        Assert.Equal(bounded.ShareBounds.Select(b => b.SplitCount), [classes.Count(c => c.Population < 1_183), 0, classes.Count(c => c.WordCount is null), classes.Count(c => c.IsNgram != 0)]);
        // The smallest class: no smaller than GOZ v1's (309 images) by default.
        Assert.Equal("fewer images than 309 (smallest class at least that)", bounded.ShareBounds[1].Name);
        Assert.True(classes.Min(c => c.Population) >= 309);
        Assert.Empty(bounded.Ratio.Flaws);
        // Off, the same search picks far more labels of unknown count: the bounds are what keeps them out.
        var free = SplitGenerator.Generate(db.Path, Small with { MedianFloors = [], SmallestClassFloors = [], MaxUnknownLabelShare = 1, MaxMultiWordShare = 1 });
        Assert.All(free.ShareBounds, b => Assert.False(b.Applied));
        Assert.True(free.TestClasses.Count(c => c.WordCount is null) > 20, $"{free.TestClasses.Count(c => c.WordCount is null)} unknown");
        Assert.True(free.Ratio.R >= bounded.Ratio.R, $"free R {free.Ratio.R} < bounded R {bounded.Ratio.R}");
        // Floors by name: a stored split's median counts, one the database does not store is skipped and said so.
        var named = SplitGenerator.Generate(db.Path, Small with { MedianFloors = ["pool", "goz-v1", "goz-v9"] });
        Assert.Equal("fewer images than 1,182.5 (median at least that)", named.ShareBounds[0].Name);
        Assert.Contains("goz-v9 (skipped: the database has no stored split 'goz-v9')", named.ShareBounds[0].Note);
        Assert.True(SplitGenerator.Median(named.TestClasses.Select(c => c.Population!.Value)) >= 1_182.5);
        // Bounds no split can meet are named.
        var impossible = Assert.Throws<InvalidOperationException>(() => SplitGenerator.Generate(db.Path, Small with { MedianFloors = ["1000000"] }));
        Assert.Contains("--min-median-images", impossible.Message);
        Assert.Throws<ArgumentException>(() => SplitGenerator.Generate(db.Path, Small with { MaxUnknownLabelShare = 1.5 }));
    }

    [Fact]
    public void Compare_reads_stored_names_and_wnid_files_alike_and_names_what_it_cannot_find()
    {
        var file = System.IO.Path.Combine(TestPaths.SharedData, "imagenet", "goz-v1", "test_wnids.txt");
        var comparison = SplitComparison.Compare(db.Path, ["goz-v1", file, "2-hops"]);
        var (stored, fromFile, hops) = (comparison.Splits[0], comparison.Splits[1], comparison.Splits[2]);
        Assert.Equal("goz-v1", fromFile.Name); // a test_wnids.txt is named by its folder
        Assert.Equal(stored with { Origin = fromFile.Origin }, fromFile with { LexnameCounts = stored.LexnameCounts });
        Assert.Equal(0, stored.StructuralFlaws);
        Assert.Equal(0.0, stored.PeopleShare);
        Assert.Equal(7_543, hops.StructuralFlaws);
        Assert.True(hops.ClassesUnder300 > 0);
        var markdown = SplitComparison.Markdown(comparison);
        Assert.StartsWith("| measure | goz-v1 | goz-v1 | 2-hops |", markdown);
        using var json = JsonDocument.Parse(SplitComparison.Json(comparison));
        Assert.Equal(2.21, json.RootElement.GetProperty("splits")[0].GetProperty("R").GetDouble(), 2);
        Assert.Contains("no split named 'goz-v2'", Assert.Throws<ArgumentException>(() => SplitComparison.Compare(db.Path, ["goz-v2"])).Message);
        Assert.Throws<FileNotFoundException>(() => SplitComparison.Compare(db.Path, ["no/such/folder"]));
    }

    [Fact]
    public void Filters_exclude_people_by_default_and_name_subtrees_by_wnid_or_sense()
    {
        using var connection = Database.OpenReadOnly(db.Path);
        var graph = NounGraph.Load(connection);
        var training = ImageNetClasses.Training(connection);
        Assert.Equal(GeneratorOptions.Person, SplitGenerator.ResolveSynset(connection, graph, "person.n.01"));
        Assert.Equal("n02084071", SplitGenerator.ResolveSynset(connection, graph, "dog.n.01"));
        Assert.Throws<ArgumentException>(() => SplitGenerator.ResolveSynset(connection, graph, "dog.n.99"));
        var people = GeneratorOptions.Person;
        bool UnderPeople(string wnid) { var node = graph.IndexOf(wnid); return graph.Ancestors(node).Contains(graph.IndexOf(people)); }
        var pool = SplitGenerator.CandidatePool(connection, graph, training, new GeneratorOptions());
        Assert.DoesNotContain(pool.Classes, c => UnderPeople(c.Wnid));
        Assert.DoesNotContain(pool.Classes, c => c.Population < 300 || c.WordCount < 50 || c.IsPrimary == 0);
        var withPeople = SplitGenerator.CandidatePool(connection, graph, training, new GeneratorOptions { ExcludeSubtrees = [] });
        Assert.Contains(withPeople.Classes, c => UnderPeople(c.Wnid));
        var noPlants = SplitGenerator.CandidatePool(connection, graph, training, new GeneratorOptions { ExcludeSubtrees = ["person.n.01", "plant.n.02"] });
        Assert.Equal("n00017222", SplitGenerator.ResolveSynset(connection, graph, "plant.n.02"));
        Assert.DoesNotContain(noPlants.Classes, c => graph.Ancestors(graph.IndexOf(c.Wnid)).Contains(graph.IndexOf("n00017222")));
        Assert.True(noPlants.Classes.Count < pool.Classes.Count - 1_000);
    }

    [Fact]
    public void Same_inputs_and_seed_give_byte_identical_split_folders()
    {
        var a = db.SmallSplit;
        var b = System.IO.Path.Combine(db.Directory, "split-b");
        SplitFiles.Write(SplitGenerator.Generate(db.Path, BenchmarkDatabase.Small), SplitFiles.Inputs(db.Path), b);
        foreach (var file in new[] { SplitFiles.TrainFile, SplitFiles.TestFile, SplitFiles.MetadataFile })
            Assert.Equal(File.ReadAllBytes(System.IO.Path.Combine(a, file)), File.ReadAllBytes(System.IO.Path.Combine(b, file)));
        Assert.Equal(60, File.ReadAllLines(System.IO.Path.Combine(a, SplitFiles.TestFile)).Length);
    }

    [Fact]
    public void More_chains_keep_the_best_split_and_chain_0_is_the_single_chain()
    {
        var one = SplitGenerator.Generate(db.Path, Small with { Chains = 1 });
        var three = SplitGenerator.Generate(db.Path, Small with { Chains = 3 });
        var chains = three.Progress.Where(p => p.Phase.StartsWith("chain ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, chains.Length);
        Assert.Equal(one.Ratio.R, chains[0].R, 12);
        Assert.Equal(chains.Max(c => c.R), three.Ratio.R, 12);
        Assert.Single(chains, c => c.Phase.EndsWith('*'));
        Assert.True(three.Ratio.R >= one.Ratio.R);
        Assert.Throws<ArgumentException>(() => SplitGenerator.Generate(db.Path, Small with { Chains = 0 }));
    }

    [Fact]
    public void Impossible_requests_fail_clearly()
    {
        var vocabulary = System.IO.Path.Combine(db.Directory, "vocabulary.txt");
        File.WriteAllText(vocabulary, "2 3\nsnow 0.1 0.2 0.3\nbryophyte 0.1 0.2 0.3\n");
        var tooSmall = Assert.Throws<InvalidOperationException>(() => SplitGenerator.Generate(db.Path, Small with { Vocabulary = vocabulary }));
        Assert.Contains("fewer than --size 60", tooSmall.Message);
        File.WriteAllText(vocabulary, "zzzzunknownword\n");
        var empty = Assert.Throws<InvalidOperationException>(() => SplitGenerator.Generate(db.Path, Small with { Vocabulary = vocabulary }));
        Assert.Contains("empty", empty.Message);
        // Excluding the whole hierarchy leaves nothing.
        var everything = Assert.Throws<InvalidOperationException>(() => SplitGenerator.Generate(db.Path, Small with { ExcludeSubtrees = ["entity.n.01"] }));
        Assert.Contains("empty", everything.Message);
        Assert.Throws<ArgumentException>(() => SplitGenerator.Generate(db.Path, Small with { ExcludeSubtrees = ["no-such-word.n.01"] }));
        Assert.Throws<ArgumentException>(() => SplitGenerator.Generate(db.Path, Small with { Size = 1 }));
    }

    [Fact]
    public async Task Publishing_writes_a_checked_byte_identical_artifact_folder()
    {
        var split = db.SmallSplit;
        var a = System.IO.Path.Combine(db.Directory, "goz-a");
        var b = System.IO.Path.Combine(db.Directory, "goz-b");
        var summary = SplitPublisher.Publish(db.Path, split, a);
        SplitPublisher.Publish(db.Path, split, b);

        string[] expected = ["README.md", "SHA256SUMS", "classes.csv", "classes.parquet", "comparison.json", "comparison_lexnames.png", "lexnames.png",
                             "manifest.json", "populations.png", "r_histogram.png", "test_wnids.txt", "train_wnids.txt", "word_counts.png"];
        Assert.Equal(expected, Directory.GetFiles(a).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in expected)
            Assert.Equal(File.ReadAllBytes(System.IO.Path.Combine(a, file)), File.ReadAllBytes(System.IO.Path.Combine(b, file)));
        foreach (var line in File.ReadAllLines(System.IO.Path.Combine(a, "SHA256SUMS")))
        {
            var (hash, name) = (line[..64], line[66..]);
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(System.IO.Path.Combine(a, name)))));
        }
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(a, "manifest.json")));
        Assert.Equal(Math.Round(summary.R, 6), manifest.RootElement.GetProperty("metrics").GetProperty("R").GetDouble());
        Assert.Equal(0, manifest.RootElement.GetProperty("metrics").GetProperty("structural_flaws").GetInt32());
        Assert.Equal(7u, manifest.RootElement.GetProperty("seed").GetUInt64());
        Assert.Contains(manifest.RootElement.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("file").GetString() == "imagenet-testsets.json");
        Assert.Equal(1_061, File.ReadAllLines(System.IO.Path.Combine(a, "classes.csv")).Length);
        await using var parquet = await ParquetReader.CreateAsync(File.OpenRead(System.IO.Path.Combine(a, "classes.parquet")));
        Assert.Equal(1_060, parquet.Metadata!.NumRows);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(System.IO.Path.Combine(a, "r_histogram.png"))[..4]);
        var card = File.ReadAllText(System.IO.Path.Combine(a, "README.md"));
        Assert.DoesNotContain("Image populations were not known", card);
        Assert.Contains("| measure | this split | goz-v1 | 2-hops | 3-hops | all |", card);
        Assert.Contains("| label of unknown count | `--max-unknown-label-share` | yes: at the pool's share |", card);
        using var comparison = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(a, "comparison.json")));
        Assert.Equal(["this split", "goz-v1", "2-hops", "3-hops", "all"], comparison.RootElement.GetProperty("splits").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public void A_bad_split_folder_leaves_no_artifact_folder()
    {
        var split = System.IO.Path.Combine(db.Directory, "bad-split");
        Directory.CreateDirectory(split);
        foreach (var file in Directory.GetFiles(db.SmallSplit)) File.Copy(file, System.IO.Path.Combine(split, System.IO.Path.GetFileName(file)));
        File.AppendAllText(System.IO.Path.Combine(split, SplitFiles.TestFile), "n99999999\n");
        var output = System.IO.Path.Combine(db.Directory, "goz-bad");
        var error = Assert.Throws<DataFormatException>(() => SplitPublisher.Publish(db.Path, split, output));
        Assert.Contains("n99999999", error.Message);
        Assert.Equal(61, error.Line);
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetDirectories(db.Directory, "goz-bad*"));
    }
}
