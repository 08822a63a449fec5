using TorchSharp;
using Zsl.RevNet.Data;
using Zsl.RevNet.Layers;
using Zsl.RevNet.Models;
using Zsl.RevNet.Training;
using Zsl.TestKit;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.RevNet;

public class PreciseBatchNormTests
{
    [Fact]
    public void Accumulated_statistics_are_those_of_all_batches_together()
    {
        TorchRuntime.Initialize(5);
        using var scope = NewDisposeScope();
        var bn = new InvertibleBatchNorm(3, 0.1, dtype: float64);
        bn.train();
        // Batches with different means and spreads: an exponential running average would weight the last ones most.
        var batches = Enumerable.Range(0, 5).Select(i => randn(4 + i, 3, 5, 5, dtype: float64) * (1 + i) + 2 * i).ToArray();
        using (no_grad())
        {
            foreach (var x in batches) bn.forward(x);
            var averaged = bn.RunningMean.clone();
            bn.BeginStatistics();
            foreach (var x in batches) bn.forward(x);
            // While accumulating, the running statistics are left alone.
            Assert.True(bn.RunningMean.allclose(averaged));
            bn.EndStatistics();
        }
        var all = cat(batches, 0).transpose(0, 1).reshape(3, -1);
        var mean = all.mean(new long[] { 1 });
        var variance = all.var(1, unbiased: true);
        Assert.True(bn.RunningMean.allclose(mean, rtol: 1e-9, atol: 1e-9), "running mean != mean of all values");
        Assert.True(bn.RunningVariance.allclose(variance, rtol: 1e-9, atol: 1e-9), "running variance != variance of all values");
        Assert.False(ExponentialAverageMatches(batches, bn), "the exponential average happened to be the dataset mean: the test proves nothing");
    }

    private static bool ExponentialAverageMatches(Tensor[] batches, InvertibleBatchNorm bn)
    {
        var fresh = new InvertibleBatchNorm(3, 0.1, dtype: float64);
        fresh.train();
        using (no_grad())
            foreach (var x in batches) fresh.forward(x);
        return fresh.RunningMean.allclose(bn.RunningMean, rtol: 1e-3, atol: 1e-3);
    }

    [Fact]
    public void Model_statistics_become_the_training_set_statistics_and_the_weights_stay()
    {
        var train = MnistReader.Load(TestPaths.Shared("mnist"), "train").Take(96);
        TorchRuntime.Initialize(7, 1);
        var arch = new Architecture(ArchitectureKind.Hybrid, [8, 32], [Pooling.Channel], 1, 1, 10);
        var model = new ReversibleNet(arch);
        var (mean, std) = Batches.Statistics(train);
        var batches = new Batches(train, 28, 0, false, mean, std);
        var weights = model.parameters().Select(p => p.detach().clone()).ToArray();

        Trainer.RecomputeBatchNormStatistics(model, batches, images: 80, batchSize: 32);

        // The first batch norm follows the stem convolution: its statistics are those of the convolution's output
        // over exactly the first 80 images (batches of 32, 32, 16).
        var stem = (StoredStage)model.Body.Stages[0];
        var bn = (InvertibleBatchNorm)model.Body.Stages[1];
        using (no_grad())
        {
            var (x, _) = batches.Get(Enumerable.Range(0, 80).ToArray(), null);
            var z = stem.Inner.forward(x).transpose(0, 1).reshape(8, -1).to(float64);
            Assert.True(bn.RunningMean.to(float64).allclose(z.mean(new long[] { 1 }), rtol: 1e-4, atol: 1e-5));
            Assert.True(bn.RunningVariance.to(float64).allclose(z.var(1, unbiased: true), rtol: 1e-4, atol: 1e-5));
        }
        Assert.All(model.parameters().Zip(weights), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));
        // Every invertible batch norm got statistics (none kept the initial 0 / 1).
        Assert.All(model.modules().OfType<InvertibleBatchNorm>(), b => Assert.False(b.RunningVariance.allclose(ones_like(b.RunningVariance))));
    }
}
