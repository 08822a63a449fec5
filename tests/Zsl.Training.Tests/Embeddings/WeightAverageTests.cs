using Zsl.Embeddings.Kge;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Embeddings;

public class WeightAverageTests
{
    /// <summary>A linear layer and a batch norm: parameters, float buffers (running statistics) and an int64 buffer.</summary>
    private static nn.Module<Tensor, Tensor> NewModule() => nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2));

    private static Tensor[] FloatState(nn.Module module) =>
        module.parameters().Concat(module.buffers()).Where(t => t.is_floating_point()).ToArray();

    [Fact]
    public void The_average_follows_the_warmed_up_decay_over_parameters_and_float_buffers()
    {
        TorchRuntime.Initialize(3, 1);
        var module = NewModule();
        var state = FloatState(module);
        Assert.Equal(6, state.Length);   // weight, bias, BN weight, BN bias, running mean, running var
        var expected = state.Select(t => t.data<float>().Select(v => (double)v).ToArray()).ToArray();
        using var average = new WeightAverage(module, 0.8);
        for (var step = 1; step <= 12; step++)
        {
            using (no_grad())
                foreach (var t in state) t.copy_(rand(t.shape) * 4 - 2);
            average.Update();
            var decay = Math.Min(0.8, (1.0 + step) / (10.0 + step));
            Assert.Equal(decay, average.DecayAt(step));
            for (var i = 0; i < state.Length; i++)
            {
                var live = state[i].data<float>().ToArray();
                for (var j = 0; j < live.Length; j++) expected[i][j] = decay * expected[i][j] + (1 - decay) * live[j];
            }
        }
        Assert.Equal(12, average.Updates);
        // the warm-up (1 + t)/(10 + t) stays below 0.8 up to t = 34
        Assert.Equal(0.8, average.DecayAt(40));
        Assert.Equal(2.0 / 11, average.DecayAt(1), 12);
        using (average.Apply())
            for (var i = 0; i < state.Length; i++)
            {
                var actual = state[i].data<float>().ToArray();
                for (var j = 0; j < actual.Length; j++) Assert.Equal(expected[i][j], actual[j], 5);
            }
    }

    [Fact]
    public void Apply_swaps_the_averages_in_and_the_live_weights_back_exactly()
    {
        TorchRuntime.Initialize(5, 1);
        var module = NewModule();
        var state = FloatState(module);
        using var average = new WeightAverage(module, 0.5);
        using (no_grad())
            foreach (var t in state) t.add_(randn(t.shape));
        average.Update();
        var live = state.Select(t => t.data<float>().ToArray()).ToArray();
        float[][] averaged;
        using (average.Apply())
        {
            averaged = state.Select(t => t.data<float>().ToArray()).ToArray();
            Assert.NotEqual(live[0], averaged[0]);
            Assert.Throws<InvalidOperationException>(() => average.Update());
            Assert.Throws<InvalidOperationException>(() => average.Apply());
        }
        for (var i = 0; i < state.Length; i++) Assert.Equal(live[i], state[i].data<float>().ToArray());
        using (average.Apply())
            for (var i = 0; i < state.Length; i++) Assert.Equal(averaged[i], state[i].data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage(module, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage(module, 0.0));
    }

    /// <summary>
    /// Validating and keeping the average does not disturb training (same losses as without it, so the swaps are
    /// exact); the kept model is the average (not the live weights of the same run) and its MRR is the one reported;
    /// the run learns and repeats exactly.
    /// </summary>
    [Fact]
    public void Training_keeps_and_tests_the_average_without_changing_the_live_trajectory()
    {
        var graph = KgeTests.Wn18rrSubset();
        var options = new KgeOptions
        {
            Model = KgeModelKind.ConvE, Dimension = 50, Epochs = 8, BatchSize = 128, LearningRate = 0.01, Loss = KgeLoss.Softmax,
            Scoring = KgeScoring.OneToN, DistinctQueries = true, DistinctWeight = DistinctQueryWeight.Fact,
            EvalEvery = 8, Patience = 10, Seed = 1, Threads = 1, ConvEHeight = 5,
        };
        var live = KgeTrainer.Train(graph, options);
        var averaged = KgeTrainer.Train(graph, options with { WeightAverageDecay = 0.9 });
        Assert.Equal(live.EpochLosses, averaged.EpochLosses);
        Assert.Equal(8, live.BestEpoch);
        Assert.Equal(8, averaged.BestEpoch);
        Assert.NotEqual(Entities(live.Model), Entities(averaged.Model));
        Assert.Equal(averaged.BestValidMrr, averaged.Valid!.Both.Mrr, 12);
        var random = Enumerable.Range(1, graph.EntityCount).Sum(k => 1.0 / k) / graph.EntityCount;
        Assert.True(averaged.Test!.Both.Mrr > 10 * random, $"test MRR {averaged.Test.Both.Mrr:F4}, random {random:F4}");
        var again = KgeTrainer.Train(graph, options with { WeightAverageDecay = 0.9 });
        Assert.Equal(Entities(averaged.Model), Entities(again.Model));
        Assert.Throws<ArgumentException>(() => (options with { WeightAverageDecay = 1 }).Validate());
        Assert.Throws<ArgumentException>(() => (options with { WeightAverageDecay = -0.1 }).Validate());
    }

    private static float[] Entities(KgeModel model) => model.parameters().First().data<float>().ToArray();
}
