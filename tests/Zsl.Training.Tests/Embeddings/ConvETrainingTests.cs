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

    [Fact]
    public void Learning_rate_is_lowered_after_each_validation_without_progress()
    {
        // an over-fitting run (high learning rate, valid = test split of a small graph) that gets worse after a few epochs
        var subset = KgeTests.Wn18rrSubset(600);
        var named = (IEnumerable<Triple> ts) => ts.Select(t => new NamedTriple(subset.Entities[t.Head], subset.Relations[t.Relation], subset.Entities[t.Tail]));
        var graph = new KnowledgeGraph(named(subset.Train), named(subset.Test), named(subset.Test));
        var options = new KgeOptions
        {
            Model = KgeModelKind.DistMult, Dimension = 32, Epochs = 10, BatchSize = 64, LearningRate = 0.05, LearningRateDecay = 0.5,
            Loss = KgeLoss.Softmax, Scoring = KgeScoring.OneToN, EvalEvery = 1, Patience = 10, Seed = 1, Threads = 1,
        };
        var result = KgeTrainer.Train(graph, options);
        var rates = result.EpochLearningRates!;
        Assert.Equal(result.EpochsRun, rates.Count);
        Assert.Equal(0.05, rates[0]);
        Assert.True(result.BestEpoch < result.EpochsRun - 1, $"best epoch {result.BestEpoch} of {result.EpochsRun}: no worse validation before the last epoch, nothing to check");
        for (var i = 1; i < rates.Count; i++)
            Assert.True(rates[i] == rates[i - 1] || rates[i] == rates[i - 1] * 0.5, $"epoch {i + 1}: {rates[i - 1]} → {rates[i]}");
        // each validation after the best epoch (and before the last epoch) did not improve: one halving each, at least
        var halvings = Math.Log2(0.05 / rates[^1]);
        Assert.Equal(Math.Round(halvings), halvings, 9);
        Assert.True(halvings >= result.EpochsRun - 1 - result.BestEpoch, $"{halvings} halvings, best epoch {result.BestEpoch} of {result.EpochsRun}");
    }

    private static double RandomMrr(int n) => Enumerable.Range(1, n).Sum(k => 1.0 / k) / n;
}
