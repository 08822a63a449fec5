using Zsl.RevNet.Data;
using Zsl.Store;
using Zsl.RevNet.Memory;
using Zsl.RevNet.Models;
using Zsl.RevNet.Training;
using Zsl.TestKit;

namespace Zsl.Training.Tests.RevNet;

public class TrainingTests
{
    [Fact]
    public async Task Hybrid_learns_mnist_digits_and_exports_features()
    {
        var train = MnistReader.Load(TestPaths.Shared("mnist"), "train").Take(600);
        var test = MnistReader.Load(TestPaths.Shared("mnist"), "test").Take(200);
        var dir = TestPaths.NewTempDirectory();
        var checkpoint = Path.Combine(dir, "hybrid.pt");
        // Two stages of the hybrid (8 then 32 channels after channel pooling) on 28×28 digits: seconds, not minutes.
        var arch = new Architecture(ArchitectureKind.Hybrid, [8, 32], [Pooling.Channel], 1, 1, 10);
        var (_, reports) = Trainer.Train(train, test,
            new TrainingOptions(arch, Epochs: 3, BatchSize: 32, MaxLearningRate: 0.3, Seed: 3, Threads: 1, ImageSize: 28, Jitter: 0, CheckpointPath: checkpoint));
        // 60 SGD steps on 600 digits: the loss must fall clearly and accuracy beat chance (10%) by a wide margin.
        Assert.True(reports[^1].TrainLoss < 0.9 * reports[0].TrainLoss, $"loss {reports[0].TrainLoss:F3} -> {reports[^1].TrainLoss:F3}");
        Assert.True(reports[^1].TestAccuracy > 0.25, $"test accuracy {reports[^1].TestAccuracy:P1} (chance 10%)");

        var info = CheckpointInfo.Read(checkpoint);
        Assert.Equal(3, info.Epoch);
        var outPath = Path.Combine(dir, "features.parquet");
        var count = await FeatureExporter.ExportAsync(checkpoint, test.Take(20), outPath);
        Assert.Equal(20L, count);
        var (keys, vector, dimension, rows) = await VectorParquet.DescribeAsync(outPath);
        Assert.Equal(["image_id", "wnid"], keys);
        Assert.Equal("feature", vector);
        Assert.Equal(arch.Channels[^1], dimension);
        Assert.Equal(20, rows);
        var read = new List<VectorRow>();
        await foreach (var row in VectorParquet.ReadAsync(outPath)) read.Add(row);
        Assert.Equal("mnist-test-00000", read[0].Keys[0]);
        Assert.Equal(test.Take(20).Images.Select(i => test.ClassNames[i.Label]), read.Select(r => r.Keys[1]));
        Assert.All(read, r => Assert.Equal(dimension, r.Vector.Length));
        var features = read.SelectMany(r => r.Vector).ToArray();
        Assert.Contains(features, f => f > 0);
    }

    [Fact]
    public void Memory_model_orders_the_architectures_like_table_3_1()
    {
        var bytes = Enum.GetValues<ArchitectureKind>().ToDictionary(k => k, k => MemoryModel.Estimate(Architecture.Table31(k), 1).BytesPerPixel);
        Assert.True(bytes[ArchitectureKind.ResNet] > 4 * bytes[ArchitectureKind.Hybrid]);
        Assert.True(bytes[ArchitectureKind.RevNet] > bytes[ArchitectureKind.Hybrid]);
        Assert.True(bytes[ArchitectureKind.IRevNet] > bytes[ArchitectureKind.Hybrid]);
        var (a, b) = MemoryModel.Fit([1, 2, 3, 4], [10, 12, 14, 16]);
        Assert.Equal(8, a, 9);
        Assert.Equal(2, b, 9);
    }

    [Fact]
    public void One_cycle_rises_then_falls()
    {
        var lrs = Enumerable.Range(0, 100).Select(s => Trainer.OneCycle(0.1, s, 100)).ToArray();
        Assert.Equal(0.004, lrs[0], 6);
        Assert.Equal(0.1, lrs.Max(), 6);
        Assert.True(lrs[^1] < 0.002);
        Assert.Equal(30, Array.IndexOf(lrs, lrs.Max()));
    }
}
