using System.Text.Json;
using Zsl.Evaluation;
using Zsl.Models.Data;
using Zsl.Models.Graph;
using Zsl.Models.Models;
using Zsl.Models.Synthetic;
using Zsl.TestKit;

namespace Zsl.Training.Tests.Models;

/// <summary>
/// Two synthetic benchmarks over real WordNet classes (a seeded subset of the ILSVRC-2012 classes for training):
/// a low structural ratio split (1-hop test classes far from each other) and a high one (groups of sibling leaves
/// far from training). Generated once for every test of the class.
/// </summary>
public sealed class SyntheticBenchmarks : IAsyncLifetime
{
    public string Root { get; } = TestPaths.NewTempDirectory("zsl-synthetic");
    public WordNetHierarchy Hierarchy { get; private set; } = null!;
    public SyntheticTruth Low { get; private set; } = null!;
    public SyntheticTruth High { get; private set; } = null!;
    public string LowDir => Path.Combine(Root, "low");
    public string HighDir => Path.Combine(Root, "high");

    public async Task InitializeAsync()
    {
        Hierarchy = WordNetHierarchy.Load(WordNetDatabase.Path);
        var ilsvrc = ZslSplit.ReadWnids(TestPaths.Shared("imagenet", "ilsvrc2012_wnids.txt")).ToArray();
        new Random(3).Shuffle(ilsvrc);
        var train = ilsvrc.Take(200).Order(StringComparer.Ordinal).ToArray();
        var options = new SyntheticOptions { Noise = 3.0, ImagesPerClass = 20, Seed = 7 };
        Low = await SyntheticBenchmark.GenerateAsync(Hierarchy, SplitBuilder.LowRatio(Hierarchy, train, 40, seed: 1), options, LowDir);
        var universe = train.SelectMany(c => Hierarchy.Ancestors(c).Keys).Distinct().SelectMany(Hierarchy.Children).Distinct();
        High = await SyntheticBenchmark.GenerateAsync(Hierarchy, SplitBuilder.HighRatio(Hierarchy, train, universe, 40, seed: 1), options, HighDir);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

public class SyntheticBenchmarkTests(SyntheticBenchmarks data) : IClassFixture<SyntheticBenchmarks>
{
    private static TrainOptions Options(string dir, string model) => new()
    {
        Model = model, Features = Path.Combine(dir, "train.parquet"), Split = Path.Combine(dir, "split"),
        Embeddings = Path.Combine(dir, "embeddings.parquet"), Database = WordNetDatabase.Path, Seed = 1,
        BatchSize = 512, Epochs = 12, GcnForm = "gcn2", Hidden = [128], GcnEpochs = 150, Dropout = 0.2, GcnLearningRate = 3e-3,
    };

    private static async Task<EvaluationReport> TrainAndEvaluate(string dir, TrainOptions options, string name)
        => (await TrainAndEvaluateModel(dir, options, name)).Report;

    private static async Task<(ZslModel Model, EvaluationReport Report)> TrainAndEvaluateModel(string dir, TrainOptions options, string name)
    {
        var model = await ZslTrainer.TrainAsync(options);
        var modelDir = Path.Combine(dir, "models", name);
        await model.SaveAsync(modelDir);
        return (model, await Evaluator.EvaluateAsync(new EvalOptions
        {
            Model = modelDir, Features = Path.Combine(dir, "eval.parquet"), Output = Path.Combine(dir, "reports", name),
            Database = WordNetDatabase.Path, SubSplitSize = 10, Plots = name == "eszsl",
        }));
    }

    [Fact]
    public void The_generated_splits_have_the_intended_structural_ratio()
    {
        var low = ZslSplit.Load(Path.Combine(data.LowDir, "split"));
        var high = ZslSplit.Load(Path.Combine(data.HighDir, "split"));
        Assert.True(ClassStatistics.StructuralRatio(data.Hierarchy, low.Train, low.Test) < 0.4);
        Assert.True(ClassStatistics.StructuralRatio(data.Hierarchy, high.Train, high.Test) > 1.5);
        Assert.InRange(data.Low.NoiseCeilingTop1, 0.5, 0.95);   // hard enough to tell models apart
    }

    [Fact]
    public async Task Eszsl_reaches_the_noise_ceiling_on_both_splits_and_writes_a_full_report()
    {
        foreach (var (dir, truth) in new[] { (data.LowDir, data.Low), (data.HighDir, data.High) })
        {
            var report = await TrainAndEvaluate(dir, Options(dir, "eszsl"), "eszsl");
            var top1 = report.Zsl.Accuracy["1"];
            Assert.True(top1 > truth.NoiseCeilingTop1 - 0.12, $"ESZSL top-1 {top1:P1}, noise ceiling {truth.NoiseCeilingTop1:P1}");
            Assert.True(report.Generalized.Harmonic!["1"] > 10 * truth.Chance);
            Assert.True(report.Zsl.Accuracy["5"] >= top1 && report.Zsl.Accuracy["20"] >= report.Zsl.Accuracy["10"]);
            var reportDir = Path.Combine(dir, "reports", "eszsl");
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reportDir, "report.json")));
            Assert.Equal(top1, json.RootElement.GetProperty("zsl").GetProperty("accuracy").GetProperty("1").GetDouble());
            foreach (var png in report.Plots)
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(reportDir, png))[..4]);
            Assert.Contains(report.SubSplits, s => s.Statistic == "structural_ratio" && s.Splits.Count >= 3);
            var b = report.ZslBreakdown!;
            Assert.Equal(1.0, b.True + b.Parent + b.Child + b.Unrelated, 9);
        }
    }

    [Fact]
    public async Task The_trivial_solution_behaves_as_section_2_5_predicts()
    {
        var low = await TrainAndEvaluate(data.LowDir, Options(data.LowDir, "trivial"), "trivial");
        var high = await TrainAndEvaluate(data.HighDir, Options(data.HighDir, "trivial"), "trivial");
        // Low R: every test class is one hop from a distinct training class, so one-hot similarity works well.
        Assert.True(low.Zsl.Accuracy["1"] > 10 * data.Low.Chance, $"trivial on low R: {low.Zsl.Accuracy["1"]:P1}");
        // High R: siblings share their nearest training classes, hence the same representation: chance.
        Assert.True(high.Zsl.Accuracy["1"] < 2.5 * data.High.Chance, $"trivial on high R: {high.Zsl.Accuracy["1"]:P1}");
        // Generalized: an unseen class's representation equals a seen one's, which wins the ties.
        Assert.True(high.Generalized.Unseen.Accuracy["1"] < 2 * data.High.Chance);
    }

    [Theory]
    [InlineData("conse")]
    [InlineData("devise")]
    [InlineData("gcn")]
    public async Task Every_model_beats_chance_widely(string model)
    {
        var report = await TrainAndEvaluate(data.LowDir, Options(data.LowDir, model), model);
        Assert.True(report.Zsl.Accuracy["1"] > 8 * data.Low.Chance, $"{model} top-1 {report.Zsl.Accuracy["1"]:P1}, chance {data.Low.Chance:P1}");
    }

    [Theory]
    [InlineData("gcnz")]
    [InlineData("adgpm")]
    public async Task The_other_graph_forms_fit_their_targets_and_beat_chance(string form)
    {
        var options = Options(data.LowDir, "gcn") with { GcnForm = form, Hidden = form == "gcnz" ? [64, 64, 64, 64, 64] : [128], GcnEpochs = 120 };
        var (model, report) = await TrainAndEvaluateModel(data.LowDir, options, "gcn-" + form);
        Assert.True(model.Info.Training["final_loss"] < 0.8 * model.Info.Training["first_loss"]);
        Assert.True(report.Zsl.Accuracy["1"] > 5 * data.Low.Chance, $"{form} top-1 {report.Zsl.Accuracy["1"]:P1}");
    }

    [Fact]
    public async Task Training_is_deterministic()
    {
        var a = await ZslTrainer.TrainAsync(Options(data.LowDir, "devise") with { Epochs = 2 });
        var b = await ZslTrainer.TrainAsync(Options(data.LowDir, "devise") with { Epochs = 2 });
        Assert.Equal(a.Projection!.SelectMany(r => r), b.Projection!.SelectMany(r => r));
    }
}
