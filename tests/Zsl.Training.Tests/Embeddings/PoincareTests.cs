using Zsl.Embeddings.Poincare;
using Zsl.TestKit;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Embeddings;

public class PoincareTests
{
    [Fact]
    public void Distance_from_the_origin_is_twice_artanh_of_the_norm()
    {
        var u = zeros(1, 2, dtype: ScalarType.Float64);
        var v = tensor(new double[,] { { 0.6, 0.0 } });
        Assert.Equal(2 * Math.Atanh(0.6), PoincareBall.Distance(u, v).item<double>(), 6);
        Assert.Equal(PoincareBall.Distance(v, u).item<double>(), PoincareBall.Distance(u, v).item<double>(), 12);
    }

    [Fact]
    public void Riemannian_steps_stay_inside_the_ball()
    {
        var w = tensor(new double[,] { { 0.99, 0.0 }, { 0.1, 0.1 } });
        PoincareBall.RiemannianStep(w, tensor(new double[,] { { -1000.0, 0 }, { 0, 0 } }), 1.0);
        Assert.True(w.norm(1).max().item<double>() < 1.0);
    }

    [Fact]
    public void Sparse_riemannian_step_equals_the_dense_step()
    {
        TorchRuntime.Initialize(3, 1);
        var start = empty(7, 3, dtype: ScalarType.Float64).uniform_(-0.6, 0.6);
        start[5] = tensor(new[] { 0.7, 0.7, 0.1 }, dtype: ScalarType.Float64); // near the rim: the step must project it back
        // a batch touching rows 1, 5 (twice) and 2; ids repeat as negatives repeat in a real batch
        var ids = tensor(new long[] { 1, 5, 2, 5 });
        Tensor Loss(Tensor rows) => PoincareBall.Distance(rows[..2], rows[2..]).sum() - PoincareBall.Distance(rows[..1], rows[1..2]).sum() * 3;

        var dense = start.clone().requires_grad_(true);
        Loss(dense.index_select(0, ids)).backward();
        var denseWeights = dense.detach().clone();
        PoincareBall.RiemannianStep(denseWeights, dense.grad!, 0.5);

        var sparseWeights = start.clone();
        var rows = sparseWeights.index_select(0, ids).requires_grad_(true);
        Loss(rows).backward();
        PoincareBall.SparseRiemannianStep(sparseWeights, ids, rows.grad!, 0.5);

        Assert.True(denseWeights.allclose(sparseWeights, rtol: 0, atol: 1e-12), "sparse and dense steps differ");
        Assert.False(sparseWeights.allclose(start), "the step changed nothing");
        Assert.True(sparseWeights[0].eq(start[0]).all().item<bool>() && sparseWeights[6].eq(start[6]).all().item<bool>(), "untouched rows moved");
        Assert.True(sparseWeights.norm(1).max().item<double>() < 1.0);
    }

    [Fact]
    public void Ranks_and_average_precision_of_one_node()
    {
        // node 0; related: 1 and 3; distances: 1 → 0.5, 2 → 0.2 (unrelated, closer than both), 3 → 0.9, 4 → 0.7.
        var (rankSum, ap) = Reconstruction.RankNode([0, 0.5, 0.2, 0.9, 0.7], 0, [1, 3]);
        Assert.Equal(2 + 3, rankSum); // 1 beaten by node 2; 3 beaten by nodes 2 and 4
        Assert.Equal((1 / 2.0 + 2 / 4.0) / 2, ap, 12);
    }

    [Fact]
    public void Noun_closure_counts_match_wordnet()
    {
        var mammal = TaxonomyClosure.FromWordNet(WordNetDatabase.Path, "mammal.n.01", instances: false);
        Assert.Equal(1170, mammal.Nodes.Count);
        Assert.Equal(6448, mammal.Pairs.Length);
        Assert.Equal("n01861778", mammal.Root);
        var all = TaxonomyClosure.FromWordNet(WordNetDatabase.Path);
        Assert.Equal(743241, all.Pairs.Length);
        Assert.Equal(82115, all.Nodes.Count);
    }

    [Fact]
    public void Training_on_a_real_subtree_reconstructs_it()
    {
        var closure = TaxonomyClosure.FromWordNet(WordNetDatabase.Path, "canine.n.02", instances: false);
        var options = new PoincareOptions { Dimension = 5, Epochs = 30, BatchSize = 32, LearningRate = 0.3, Negatives = 20, BurnIn = 5, EvalEvery = 30, Seed = 1, Threads = 1 };
        TorchRuntime.Initialize(1, 1);
        var untrained = Reconstruction.Evaluate(empty(closure.Nodes.Count, 5, dtype: ScalarType.Float64).uniform_(-0.001, 0.001), closure);
        var result = PoincareTrainer.Train(closure, options);
        Assert.True(result.EpochLosses[^1] < 0.7 * result.EpochLosses[0], $"loss {result.EpochLosses[0]} → {result.EpochLosses[^1]}");
        Assert.True(result.Metrics.Map > 0.8, $"MAP {result.Metrics.Map:F3} (untrained {untrained.Map:F3})");
        Assert.True(result.Metrics.Map > untrained.Map + 0.4);
    }

    [Fact]
    public void Same_seed_and_threads_give_identical_embeddings()
    {
        var closure = TaxonomyClosure.FromWordNet(WordNetDatabase.Path, "canine.n.02", instances: false);
        var options = new PoincareOptions { Dimension = 4, Epochs = 3, BatchSize = 16, Negatives = 10, BurnIn = 1, EvalEvery = 3, Seed = 7, Threads = 1 };
        var first = PoincareTrainer.Train(closure, options).Embeddings;
        var second = PoincareTrainer.Train(closure, options).Embeddings;
        Assert.True(first.eq(second).all().item<bool>());
    }
}
