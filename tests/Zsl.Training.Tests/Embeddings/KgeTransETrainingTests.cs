using Zsl.Embeddings.Kge;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Embeddings;

/// <summary>The training options added for TransE on WN18RR: learning-rate decay on plateau, RotatE's subsampling weights, init and constraint.</summary>
public class KgeTransETrainingTests
{
    // the setup of KgeTests' Test_metrics_come_from_the_best_validation_checkpoint: it overfits after a few epochs
    private static KgeOptions OverfittingDistMult(int epochs) => new()
    {
        Model = KgeModelKind.DistMult, Dimension = 32, Epochs = epochs, BatchSize = 64, LearningRate = 0.05,
        Loss = KgeLoss.Softmax, Scoring = KgeScoring.OneToN, EvalEvery = 1, Patience = 10, Seed = 1, Threads = 1,
    };

    [Fact]
    public void Learning_rate_is_multiplied_by_the_decay_after_each_validation_without_improvement()
    {
        var result = KgeTrainer.Train(KgeTests.Wn18rrSubset(600), OverfittingDistMult(10) with { LrDecay = 0.5, LrPatience = 1 });
        var rates = result.EpochLearningRates!;
        var validations = result.Validations!;
        Assert.Equal(result.EpochsRun, rates.Count);
        Assert.Equal(0.05, rates[0]);
        var best = double.NegativeInfinity;
        var expected = 0.05;
        var decays = 0;
        foreach (var (epoch, mrr) in validations)
        {
            Assert.Equal(expected, rates[epoch - 1], 12);
            if (mrr > best) best = mrr;
            else { expected *= 0.5; decays++; }
        }
        Assert.True(decays > 0, "no validation without improvement: the decay was never exercised");
        Assert.True(rates[^1] < 0.05);
    }

    [Fact]
    public void Learning_rate_stays_constant_without_decay()
    {
        var result = KgeTrainer.Train(KgeTests.Wn18rrSubset(600), OverfittingDistMult(6));
        Assert.All(result.EpochLearningRates!, rate => Assert.Equal(0.05, rate));
    }

    [Fact]
    public void Cosine_schedule_anneals_from_the_initial_rate_over_the_epochs()
    {
        var options = OverfittingDistMult(8) with { CosineSchedule = true, CosineFinalFactor = 0.1, Patience = 100 };
        var rates = KgeTrainer.Train(KgeTests.Wn18rrSubset(600), options).EpochLearningRates!;
        Assert.Equal(8, rates.Count);
        Assert.Equal(0.05, rates[0], 12);
        // halfway the rate is the midpoint of lr and f·lr; each epoch lower than the last, the last above f·lr
        Assert.Equal(0.05 * (0.1 + 0.9 * 0.5), rates[4], 12);
        for (var e = 1; e < rates.Count; e++) Assert.True(rates[e] < rates[e - 1], $"epoch {e + 1} did not lower the rate");
        Assert.Equal(0.05 * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * 7 / 8))), rates[^1], 12);
        Assert.True(rates[^1] > 0.005);
    }

    [Fact]
    public void Subsampling_weight_is_one_over_root_of_both_query_counts_from_four()
    {
        // (a, r, b), (a, r, c), (d, r, b): n(a, r) = 2, n(d, r) = 1, n(b, r⁻¹) = 2, n(c, r⁻¹) = 1
        var graph = new KnowledgeGraph([new("a", "r", "b"), new("a", "r", "c"), new("d", "r", "b")], [], []);
        var facts = graph.WithReciprocals(graph.Train).ToArray();
        var weights = KgeTrainer.SubsamplingWeights(graph, facts);
        int a = graph.IndexOf("a"), b = graph.IndexOf("b"), c = graph.IndexOf("c"), d = graph.IndexOf("d");
        float WeightOf(int h, int r, int t) => weights[Array.IndexOf(facts, new Triple(h, r, t))];
        Assert.Equal(1 / Math.Sqrt(2 + 4 + 2 + 4), WeightOf(a, 0, b), 6);
        Assert.Equal(1 / Math.Sqrt(2 + 4 + 2 + 4), WeightOf(b, 1, a), 6); // the reciprocal gets the same weight
        Assert.Equal(1 / Math.Sqrt(2 + 4 + 1 + 4), WeightOf(a, 0, c), 6);
        Assert.Equal(1 / Math.Sqrt(1 + 4 + 2 + 4), WeightOf(d, 0, b), 6);
        Assert.Equal(1 / Math.Sqrt(1 + 4 + 2 + 4), WeightOf(b, 1, d), 6);
    }

    [Fact]
    public void TransE_with_RotatE_options_learns_and_is_deterministic()
    {
        var graph = KgeTests.Wn18rrSubset();
        var options = new KgeOptions
        {
            Model = KgeModelKind.TransE, Dimension = 50, Epochs = 12, BatchSize = 128, LearningRate = 0.01,
            Loss = KgeLoss.SelfAdversarial, Scoring = KgeScoring.Shared, Negatives = 16, AdversarialTemperature = 0.5,
            EvalEvery = 4, Patience = 10, Seed = 1, Threads = 1,
            SubsamplingWeights = true, InitRange = 8.0 / 50, UnitBall = false, LrDecay = 0.5, LrPatience = 1,
        };
        var first = KgeTrainer.Train(graph, options);
        Assert.True(first.EpochLosses[^1] < 0.8 * first.EpochLosses[0], $"loss {first.EpochLosses[0]} → {first.EpochLosses[^1]}");
        var random = Enumerable.Range(1, graph.EntityCount).Sum(k => 1.0 / k) / graph.EntityCount;
        Assert.True(first.Test!.Both.Mrr > 10 * random, $"test MRR {first.Test.Both.Mrr:F4}, random {random:F4}");
        var second = KgeTrainer.Train(graph, options);
        Assert.True(first.Model.EntityWeights.equal(second.Model.EntityWeights).all().item<bool>(), "same seed and threads gave different embeddings");
        Assert.Equal(first.EpochLosses, second.EpochLosses);
        // the weights change the loss: the same run without them takes another path
        var unweighted = KgeTrainer.Train(graph, options with { SubsamplingWeights = false });
        Assert.NotEqual(first.EpochLosses[0], unweighted.EpochLosses[0]);
    }

    [Fact]
    public void TransE_init_range_and_unit_ball()
    {
        TorchRuntime.Initialize(3, 1);
        using var uniform = new TransE(500, 4, 20, 1, initRange: 0.05, unitBall: false);
        var max = uniform.EntityWeights.abs().max().item<float>();
        Assert.InRange(max, 0.045f, 0.05f); // uniform in [-0.05, 0.05], not Xavier normal (std 0.06, unbounded)
        using (no_grad()) uniform.EntityWeights.fill_(1f); // norm √20 > 1
        uniform.AfterStep();
        Assert.Equal(1f, uniform.EntityWeights.min().item<float>()); // no renormalisation

        using var ball = new TransE(500, 4, 20, 1);
        using (no_grad()) ball.EntityWeights.fill_(1f);
        ball.AfterStep();
        Assert.True(ball.EntityWeights.norm(1, false, 2).max().item<float>() <= 1.0001f);
    }

    [Fact]
    public void Options_that_do_not_apply_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new KgeOptions { Model = KgeModelKind.TransE, SubsamplingWeights = true }.Validate());
        Assert.Throws<ArgumentException>(() => new KgeOptions { Model = KgeModelKind.DistMult, InitRange = 0.1 }.Validate());
        Assert.Throws<ArgumentException>(() => new KgeOptions { Model = KgeModelKind.DistMult, UnitBall = false }.Validate());
        Assert.Throws<ArgumentException>(() => new KgeOptions { LrDecay = 1.5 }.Validate());
        Assert.Throws<ArgumentException>(() => new KgeOptions { CosineSchedule = true, LrDecay = 0.5 }.Validate());
        Assert.Throws<ArgumentException>(() => new KgeOptions { CosineSchedule = true, CosineFinalFactor = 2 }.Validate());
        new KgeOptions { Model = KgeModelKind.TransE, Loss = KgeLoss.SelfAdversarial, SubsamplingWeights = true, InitRange = 0.04, UnitBall = false, LrDecay = 0.5 }.Validate();
    }
}
