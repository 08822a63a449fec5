using Zsl.Evaluation;
using Zsl.Models.Models;
using Zsl.TestKit;

namespace Zsl.Training.Tests.Models;

public class ChanceTests
{
    // Reference values: exact sums of rational binomial terms.
    [Theory]
    [InlineData(10, 8, 0.5, 0.0546875)]
    [InlineData(2500, 50, 0.02, 0.5193782031350677)]
    [InlineData(2500, 55, 0.02, 0.25581153042688987)]
    [InlineData(2500, 62, 0.02, 0.05386156056471305)]
    [InlineData(2500, 63, 0.02, 0.040794173457081535)]
    public void Upper_tail_matches_the_exact_binomial_sum(long trials, long hits, double p, double expected)
        => Assert.Equal(expected, Chance.UpperTail(trials, hits, p), expected * 1e-9);

    [Fact]
    public void Upper_tail_edges_and_a_million_trials()
    {
        Assert.Equal(1, Chance.UpperTail(2500, 0, 0.02));
        Assert.Equal(0, Chance.UpperTail(10, 11, 0.5));
        Assert.Equal(Math.Pow(0.5, 10), Chance.UpperTail(10, 10, 0.5), 1e-15);
        // P(X ≥ n/2) = 1/2 + P(X = n/2)/2, and P(X = n/2) ≈ 1/√(πn/2).
        Assert.Equal(0.5 + 0.5 / Math.Sqrt(Math.PI * 500_000), Chance.UpperTail(1_000_000, 500_000, 0.5), 1e-6);
        Assert.Throws<ArgumentOutOfRangeException>(() => Chance.UpperTail(10, 5, 1.0));
    }

    [Fact]
    public async Task Ratio_table_marks_and_lists_results_not_above_chance()
    {
        var dir = TestPaths.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "partitions"));
        File.WriteAllText(Path.Combine(dir, "partitions", "partitions.json"), """
            {"partitions": [{"directory": "partition-0", "r": 0.5, "unseen": 50,
              "flaws": {"test_ancestor_of_test": 0, "train_ancestor_of_test": 0, "test_ancestor_of_train": 0}}]}
            """);
        // 50 unseen classes of 50 images: 2.2 % is 55 hits (p 0.26), 2.6 % is 65 (p 0.02).
        foreach (var (run, top1) in new[] { ("eszsl-gloss", 0.022), ("eszsl-kge", 0.026) })
        {
            var top = new TopK(new Dictionary<string, double> { ["1"] = top1, ["5"] = 0.1 }, 50, 2500);
            var report = new EvaluationReport("eszsl", "features-test.parquet", [1, 5], top, new GeneralizedTopK(top, null, null),
                null, null, 0.5, [], [], []);
            var reportDir = Path.Combine(dir, "partition-0", "reports", run);
            Directory.CreateDirectory(reportDir);
            File.WriteAllText(Path.Combine(reportDir, "report.json"), System.Text.Json.JsonSerializer.Serialize(report, ZslModel.Json));
        }
        var (summary, table) = (Path.Combine(dir, "summary.md"), Path.Combine(dir, "table.md"));
        var (exit, output, error) = await InProcessCli.RunAsync(typeof(Zsl.Training.Cli.TrainingCommands).Assembly, "zsl", "ratio-table",
            "--runs", dir, "--markdown", table, "--plot", Path.Combine(dir, "plot.png"), "--summary", summary);
        Assert.True(exit == 0, error + output);
        Assert.Contains("1 of 2 ZSL top-1 results above chance at p < 0.05; not: eszsl-gloss on partition-0 (2.2 %, p 0.2558)", output);
        var lines = File.ReadAllLines(summary);
        Assert.Contains("| eszsl | gloss | 2.2 % † |", lines);
        Assert.Contains("| eszsl | kge | 2.6 % |", lines);
        Assert.Contains(lines, l => l.StartsWith("† not above chance"));
        Assert.Contains("| 2.2 % | 0.2558 |", File.ReadAllText(table));
        Directory.Delete(dir, true);
    }
}
