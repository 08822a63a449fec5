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
    public void Reconstruction_matches_a_torch_ranking_with_any_thread_count()
    {
        TorchRuntime.Initialize(4, 1);
        var closure = TaxonomyClosure.FromWordNet(WordNetDatabase.Path, "canine.n.02", instances: false);
        var n = closure.Nodes.Count;
        var embeddings = empty(n, 3, dtype: ScalarType.Float64).uniform_(-0.5, 0.5);
        var one = Reconstruction.Evaluate(embeddings, closure, threads: 1);
        var two = Reconstruction.Evaluate(embeddings, closure, threads: 2);
        Assert.Equal(one, two);

        // reference: torch distances of every node to every node, ranked by RankNode
        var distances = PoincareBall.Distance(embeddings.unsqueeze(1), embeddings.unsqueeze(0)).contiguous().data<double>().ToArray();
        double rankSum = 0, apSum = 0;
        var children = closure.Pairs.GroupBy(p => p.Child).ToArray();
        foreach (var g in children)
        {
            var (rank, ap) = Reconstruction.RankNode(distances.AsSpan(g.Key * n, n), g.Key, g.Select(p => p.Ancestor).ToArray());
            rankSum += rank;
            apSum += ap;
        }
        Assert.Equal(children.Length, one.Nodes);
        Assert.Equal(closure.Pairs.Length, one.Pairs);
        Assert.Equal(apSum / children.Length, one.Map, 9);
        Assert.Equal(rankSum / closure.Pairs.Length, one.MeanRank, 9);
        Assert.True(one.Map < 0.5, $"random embeddings gave MAP {one.Map}");
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
    public void Native_loss_and_row_gradients_match_torch_autograd()
    {
        TorchRuntime.Initialize(5, 1);
        const int n = 12, d = 4, count = 3, width = 4;
        var start = empty(n, d, dtype: ScalarType.Float64).uniform_(-0.5, 0.5);
        start[3] = tensor(new[] { 0.9, 0.3, 0.2, 0.1 }, dtype: ScalarType.Float64).mul(0.99 / Math.Sqrt(0.95)); // near the rim
        var weights = start.contiguous().data<double>().ToArray();
        // u's, then each pair's related node and negatives; ids repeat (row 3 four times, row 0 as u and as a negative)
        int[] ids = [0, 3, 7, /* pair 0 */ 1, 3, 5, 8, /* pair 1 */ 2, 0, 9, 3, /* pair 2 */ 4, 11, 3, 6];

        var rowGradients = new double[ids.Length * d];
        var loss = PoincareKernel.BatchLossAndGradient(weights, d, ids.AsSpan(0, count), ids.AsSpan(count), rowGradients);

        var rows = start.index_select(0, tensor(ids.Select(i => (long)i).ToArray())).requires_grad_(true);
        var torchLoss = PoincareTrainer.BatchLoss(rows, count, width, d);
        torchLoss.backward();
        var expected = rows.grad!.contiguous().data<double>().ToArray();

        Assert.Equal(torchLoss.item<double>(), loss, 10);
        Assert.Equal(expected.Length, rowGradients.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - rowGradients[i]) <= 1e-9 * (1 + Math.Abs(expected[i])), $"gradient {i}: torch {expected[i]}, native {rowGradients[i]}");
        Assert.Contains(rowGradients, g => Math.Abs(g) > 1e-3);
    }

    [Fact]
    public void Native_sparse_step_matches_the_torch_step()
    {
        TorchRuntime.Initialize(6, 1);
        const int n = 9, d = 3;
        var start = empty(n, d, dtype: ScalarType.Float64).uniform_(-0.6, 0.6);
        start[5] = tensor(new[] { 0.7, 0.7, 0.1 }, dtype: ScalarType.Float64);
        int[] ids = [1, 5, 2, 5, 8, 1];
        var gradients = empty(ids.Length, d, dtype: ScalarType.Float64).uniform_(-3, 3);
        gradients[1] = tensor(new[] { -50.0, -50.0, 0 }, dtype: ScalarType.Float64); // pushes row 5 out of the ball

        var torchWeights = start.clone();
        PoincareBall.SparseRiemannianStep(torchWeights, tensor(ids.Select(i => (long)i).ToArray()), gradients, 0.7);
        var weights = start.contiguous().data<double>().ToArray();
        PoincareKernel.SparseStep(weights, d, ids, gradients.contiguous().data<double>().ToArray(), 0.7, new double[ids.Length]);

        var expected = torchWeights.contiguous().data<double>().ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], weights[i], 12);
        Assert.True(Math.Sqrt(weights.Skip(5 * d).Take(d).Sum(x => x * x)) < 1);
    }

    [Fact]
    public void Native_and_torch_engines_train_the_same_embeddings()
    {
        var closure = TaxonomyClosure.FromWordNet(WordNetDatabase.Path, "canine.n.02", instances: false);
        var options = new PoincareOptions { Dimension = 5, Epochs = 3, BatchSize = 32, LearningRate = 0.3, Negatives = 10, BurnIn = 1, EvalEvery = 3, Seed = 2, Threads = 1 };
        var native = PoincareTrainer.Train(closure, options with { Engine = PoincareEngine.Native });
        var torch = PoincareTrainer.Train(closure, options with { Engine = PoincareEngine.Torch });
        Assert.True(native.Embeddings.allclose(torch.Embeddings, rtol: 0, atol: 1e-9), "engines differ");
        for (var e = 0; e < 3; e++) Assert.Equal(torch.EpochLosses[e], native.EpochLosses[e], 9);
    }

    [Fact]
    public void Negatives_are_not_u_nor_its_ancestors()
    {
        var closure = TaxonomyClosure.FromWordNet(WordNetDatabase.Path, "canine.n.02", instances: false);
        var sampler = new NegativeSampler(closure, 3);
        var related = closure.Pairs.ToHashSet();
        var candidates = new int[51];
        var seen = new HashSet<int>();
        foreach (var (position, (u, v)) in closure.Pairs.Index())
        {
            sampler.Sample(1, position, u, v, candidates, byDegree: position % 2 == 0);
            Assert.Equal(v, candidates[0]);
            foreach (var negative in candidates.AsSpan(1).ToArray())
            {
                Assert.NotEqual(u, negative);
                Assert.DoesNotContain((u, negative), related);
                seen.Add(negative);
            }
        }
        Assert.True(seen.Count > closure.Nodes.Count / 2, $"only {seen.Count} distinct negatives");
        Assert.True(sampler.IsAncestor(closure.Pairs[0].Child, closure.Pairs[0].Ancestor));
        Assert.False(sampler.IsAncestor(closure.Pairs[0].Ancestor, closure.Pairs[0].Child));
    }

    [Fact]
    public void Training_on_the_mammal_subtree_reconstructs_it()
    {
        var closure = TaxonomyClosure.FromWordNet(WordNetDatabase.Path, "mammal.n.01", instances: false);
        var options = new PoincareOptions { Dimension = 10, Epochs = 30, BatchSize = 16, LearningRate = 0.3, Negatives = 50, BurnIn = 5, EvalEvery = 30, Seed = 1, Threads = 2 };
        TorchRuntime.Initialize(1, 1);
        var untrained = Reconstruction.Evaluate(empty(closure.Nodes.Count, 10, dtype: ScalarType.Float64).uniform_(-0.001, 0.001), closure);
        var result = PoincareTrainer.Train(closure, options);
        Assert.True(result.EpochLosses[^1] < 0.5 * result.EpochLosses[0], $"loss {result.EpochLosses[0]} → {result.EpochLosses[^1]}");
        Assert.True(result.Metrics.Map > 0.7, $"MAP {result.Metrics.Map:F3} (untrained {untrained.Map:F3})");
        Assert.True(result.Metrics.Map > untrained.Map + 0.5);
    }

    [Fact]
    public void Same_seed_gives_identical_embeddings_with_any_thread_count()
    {
        var closure = TaxonomyClosure.FromWordNet(WordNetDatabase.Path, "canine.n.02", instances: false);
        var options = new PoincareOptions { Dimension = 4, Epochs = 3, BatchSize = 64, Negatives = 10, BurnIn = 1, EvalEvery = 3, Seed = 7, Threads = 1 };
        var first = PoincareTrainer.Train(closure, options).Embeddings;
        var second = PoincareTrainer.Train(closure, options).Embeddings;
        var parallel = PoincareTrainer.Train(closure, options with { Threads = 2 }).Embeddings;
        Assert.True(first.eq(second).all().item<bool>());
        Assert.True(first.eq(parallel).all().item<bool>());
    }
}
