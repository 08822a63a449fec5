using Parquet;
using Parquet.Schema;
using Zsl.Evaluation;
using Zsl.Models.Data;
using Zsl.Models.Graph;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Training.Tests.Models;

public class EvaluationTests
{
    /// <summary>Figure 2.7's toy hierarchy: horse and zebra under equine, TV monitor and PC laptop under device.</summary>
    private static WordNetHierarchy Toy() => WordNetHierarchy.FromEdges([
        ("equine", "root"), ("device", "root"), ("horse", "equine"), ("zebra", "equine"),
        ("tv", "device"), ("laptop", "device"), ("foal", "horse")]);

    [Fact]
    public void The_toy_example_has_structural_ratio_one_half()
    {
        // r(zebra) = d(zebra, horse) / d(zebra, laptop) = 2 / 4, the same for laptop: R = 0.5 (section 2.5.3).
        Assert.Equal(0.5, ClassStatistics.StructuralRatio(Toy(), ["horse", "tv"], ["zebra", "laptop"]), 12);
        var stats = ClassStatistics.Structural(Toy(), ["horse", "tv"], ["zebra", "laptop"]);
        Assert.Equal(2, stats.ByName["train_distance"]["zebra"]);
        Assert.Equal(4, stats.ByName["test_distance"]["laptop"]);
    }

    [Fact]
    public void Distances_and_relations_come_from_the_real_hierarchy()
    {
        var wordnet = WordNetHierarchy.Load(WordNetDatabase.Path);
        Assert.True(wordnet.IsParentOf("n02083346", "n02084071"));               // canine -> dog
        Assert.Equal(1, wordnet.Distance("n02084071", "n02083346"));
        Assert.Equal(2, wordnet.Distance("n02084071", "n02115335"));             // dog - canine - wild dog
        Assert.Contains("n00001740", wordnet.Ancestors("n02084071").Keys);        // entity
        var (nodes, edges) = wordnet.Induce(["n02084071", "n02121808"]);          // dog, domestic cat
        Assert.Equal(["n02084071", "n02121808"], nodes.Take(2));
        Assert.All(edges, e => Assert.True(wordnet.IsParentOf(nodes[e.Parent], nodes[e.Child])));
        Assert.Contains(nodes, n => n == "n01317541");                            // domestic animal: a shared ancestor
    }

    [Fact]
    public void Ranks_break_ties_by_column_order_so_ties_earn_no_credit()
    {
        Assert.Equal((0, 1), Evaluator.Rank([0.1, 0.9, 0.5], 1));
        Assert.Equal((2, 1), Evaluator.Rank([0.1, 0.9, 0.5], 0));
        // All scores equal (a trivial model that cannot tell classes apart): class c ranks c-th.
        Assert.Equal((0, 0), Evaluator.Rank([1.0, 1.0, 1.0], 0));
        Assert.Equal((2, 0), Evaluator.Rank([1.0, 1.0, 1.0], 2));
    }

    [Fact]
    public void Harmonic_mean_and_correlation_follow_their_definitions()
    {
        Assert.Equal(2 * 0.2 * 0.6 / 0.8, Evaluator.Harmonic(0.2, 0.6), 12);
        Assert.Equal(0, Evaluator.Harmonic(0, 0.7));
        Assert.Equal(1.0, Evaluator.Pearson([1, 2, 3, 4], [2, 4, 6, 8])!.Value, 12);
        Assert.Equal(-1.0, Evaluator.Pearson([1, 2, 3], [3, 2, 1])!.Value, 12);
        Assert.Null(Evaluator.Pearson([1, 1, 1], [1, 2, 3]));
    }

    [Fact]
    public void Sub_splits_are_consecutive_bins_of_the_sorted_statistic()
    {
        var test = Enumerable.Range(0, 25).Select(i => $"c{i:D2}").ToArray();
        var statistic = test.ToDictionary(c => c, c => -(double)int.Parse(c[1..]));
        var groups = Evaluator.Partition(test, statistic, 10);
        Assert.Equal([10, 15], groups.Select(g => g.Length));                   // the remainder of 5 joins the last bin
        Assert.Equal("c24", groups[0][0]);                                       // ascending statistic
        Assert.Equal(test.Order(), groups.SelectMany(g => g).Order());
    }

    [Fact]
    public async Task Class_statistics_are_read_from_csv_and_parquet()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var csv = Path.Combine(dir, "stats.csv");
            File.WriteAllText(csv, "wnid,name,population,frequency\nn02084071,dog,1300,5.5e4\nn02121808,cat,,120\n");
            var fromCsv = await ClassStatistics.LoadAsync(csv);
            Assert.Equal(["frequency", "population"], fromCsv.ByName.Keys.Order());  // 'name' is not numeric
            Assert.Equal(55000, fromCsv.ByName["frequency"]["n02084071"]);
            Assert.False(fromCsv.ByName["population"].ContainsKey("n02121808"));

            File.WriteAllText(csv, "wnid,population\nn02084071,1300\nn02121808,1,2\n");
            var error = await Assert.ThrowsAsync<DataFormatException>(() => ClassStatistics.LoadAsync(csv));
            Assert.Contains("stats.csv:3", error.Message);

            var parquet = Path.Combine(dir, "stats.parquet");
            var wnid = new DataField<string>("wnid");
            var primary = new DataField<bool>("primary_meaning");
            var frequency = new DataField<double?>("frequency");
            await using (var stream = File.Create(parquet))
            await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(wnid, primary, frequency), stream))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(wnid, new[] { "n02084071", "n02121808" });
                await group.WriteAsync<bool>(primary, new[] { true, false }.AsMemory());
                await group.WriteAsync<double>(frequency, new double?[] { 2.5, null }.AsMemory());
            }
            var fromParquet = await ClassStatistics.LoadAsync(parquet);
            Assert.Equal(1, fromParquet.ByName["primary_meaning"]["n02084071"]);
            Assert.Equal(0, fromParquet.ByName["primary_meaning"]["n02121808"]);
            Assert.Equal(2.5, fromParquet.ByName["frequency"]["n02084071"]);
            Assert.Single(fromParquet.ByName["frequency"]);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Split_files_are_checked_line_by_line()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "train_wnids.txt"), "n02084071\n# comment\n\nn02121808\n");
            File.WriteAllText(Path.Combine(dir, "test_wnids.txt"), "n01503061\ndog\n");
            var error = Assert.Throws<DataFormatException>(() => ZslSplit.Load(dir));
            Assert.Contains("test_wnids.txt:2", error.Message);
            File.WriteAllText(Path.Combine(dir, "test_wnids.txt"), "n01503061\nn02084071\n");
            Assert.Contains("disjoint", Assert.Throws<DataFormatException>(() => ZslSplit.Load(dir)).Message);
            File.WriteAllText(Path.Combine(dir, "test_wnids.txt"), "n01503061\n");
            var split = ZslSplit.Load(dir);
            Assert.Equal(["n02084071", "n02121808"], split.Train);
        }
        finally { Directory.Delete(dir, true); }
    }
}
