using Zsl.Embeddings.Kge;

namespace Zsl.Training.Tests.Embeddings;

public class ConvETrainingTests
{
    [Fact]
    public void ConvE_with_bfloat16_products_learns()
    {
        var graph = KgeTests.Wn18rrSubset();
        var options = new KgeOptions
        {
            Model = KgeModelKind.ConvE, Dimension = 50, ConvEHeight = 5, Epochs = 12, BatchSize = 128, LearningRate = 0.01,
            Loss = KgeLoss.Softmax, Scoring = KgeScoring.OneToN, MatmulPrecision = MatmulPrecision.BFloat16,
            EvalEvery = 4, Patience = 10, Seed = 1, Threads = 1,
        };
        var result = KgeTrainer.Train(graph, options);
        Assert.True(result.EpochLosses[^1] < 0.8 * result.EpochLosses[0], $"loss {result.EpochLosses[0]} → {result.EpochLosses[^1]}");
        var random = RandomMrr(graph.EntityCount);
        Assert.True(result.Test!.Both.Mrr > 10 * random, $"test MRR {result.Test.Both.Mrr:F4}, random {random:F4}");
    }

    private static double RandomMrr(int n) => Enumerable.Range(1, n).Sum(k => 1.0 / k) / n;
}
