using Zsl.Embeddings.Kge;
using Zsl.Torch;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Zsl.Training.Tests.Embeddings;

public class OneToNStepTests
{
    /// <summary>A random graph: 40 entities, 3 relations, 150 facts (several true tails per query).</summary>
    private static KnowledgeGraph RandomGraph()
    {
        var random = new Random(5);
        var facts = Enumerable.Range(0, 150)
            .Select(_ => new NamedTriple($"e{random.Next(40):D2}", $"r{random.Next(3)}", $"e{random.Next(40):D2}")).ToList();
        return new KnowledgeGraph(facts, [], []);
    }

    private static KgeModel NewModel(string kind, KnowledgeGraph graph) => kind switch
    {
        "conve" => new ConvE(graph.EntityCount, graph.RelationCount * 2, 20, 4, 0.2),
        "distmult" => new DistMult(graph.EntityCount, graph.RelationCount * 2, 20),
        _ => new TransEStar(graph.EntityCount, graph.RelationCount * 2, 20),
    };

    /// <summary>The 1-N loss by autograd over the full score matrix: what <see cref="OneToNStep"/> replaces.</summary>
    private static Tensor ReferenceLoss(KgeModel model, KnowledgeGraph graph, Triple[] batch, KgeLoss loss, double smoothing)
    {
        var h = tensor(batch.Select(t => (long)t.Head).ToArray());
        var r = tensor(batch.Select(t => (long)t.Relation).ToArray());
        var scores = model.ScoreAll(h, r);
        if (loss == KgeLoss.Softmax) return F.cross_entropy(scores, tensor(batch.Select(t => (long)t.Tail).ToArray()));
        var n = graph.EntityCount;
        var labels = new float[batch.Length, n];
        for (var i = 0; i < batch.Length; i++)
        {
            for (var j = 0; j < n; j++) labels[i, j] = (float)(smoothing / n);
            foreach (var t in graph.TrainTails[(batch[i].Head, batch[i].Relation)]) labels[i, t] = (float)(1 - smoothing + smoothing / n);
        }
        return F.binary_cross_entropy_with_logits(scores, tensor(labels));
    }

    private static Dictionary<string, Tensor> Gradients(KgeModel model) =>
        model.named_parameters().Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.clone());

    /// <summary>Every parameter has a gradient on both sides, non-zero in the reference (BatchNorm aside), and they agree.</summary>
    private static void AssertSameGradients(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, grad) in expected)
        {
            Assert.True(grad.abs().max().item<float>() > 0 || name.Contains("bn"), $"{name}: zero reference gradient, nothing compared");
            Assert.True(actual[name].allclose(grad, rtol: 1e-4, atol: 1e-7), $"{name}: max difference {(actual[name] - grad).abs().max().item<float>()}");
        }
    }

    [Theory]
    [InlineData("conve", KgeLoss.Softmax)]
    [InlineData("conve", KgeLoss.Bce)]
    [InlineData("distmult", KgeLoss.Softmax)]
    [InlineData("transe-star", KgeLoss.Bce)]
    public void Loss_and_gradients_match_autograd(string kind, KgeLoss loss)
    {
        TorchRuntime.Initialize(3, 1);
        var graph = RandomGraph();
        using var model = NewModel(kind, graph);
        // eval: no dropout, so both passes see the same network (BatchNorm on its running statistics)
        model.eval();
        var batch = graph.WithReciprocals(graph.Train).Take(32).ToArray();
        var options = new KgeOptions { Model = KgeModelKind.ConvE, Loss = loss, Scoring = KgeScoring.OneToN, LabelSmoothing = 0.1 };

        foreach (var p in model.parameters()) p.grad?.zero_();
        var reference = ReferenceLoss(model, graph, batch, loss, 0.1);
        reference.backward();
        var expected = Gradients(model);

        foreach (var p in model.parameters()) p.grad?.zero_();
        var value = OneToNStep.Backward(model, graph, tensor(batch.Select(t => (long)t.Head).ToArray()),
            tensor(batch.Select(t => (long)t.Relation).ToArray()), batch.Select(t => (long)t.Tail).ToArray(), options);
        var actual = Gradients(model);

        Assert.Equal(reference.item<float>(), value, 4);
        AssertSameGradients(expected, actual);
    }

    [Theory]
    [InlineData("conve", DistinctQueryWeight.Query)]
    [InlineData("distmult", DistinctQueryWeight.Query)]
    [InlineData("conve", DistinctQueryWeight.Fact)]
    [InlineData("distmult", DistinctQueryWeight.Fact)]
    public void Multi_label_softmax_over_distinct_queries_matches_autograd(string kind, DistinctQueryWeight weighting)
    {
        TorchRuntime.Initialize(3, 1);
        var graph = RandomGraph();
        using var model = NewModel(kind, graph);
        model.eval();
        var queries = graph.TrainTails.Keys.OrderBy(k => k.Head).ThenBy(k => k.Relation).Take(32).ToArray();
        Assert.Contains(queries, q => graph.TrainTails[q].Length > 1);   // several targets somewhere, or nothing is tested
        var h = tensor(queries.Select(q => (long)q.Head).ToArray());
        var r = tensor(queries.Select(q => (long)q.Relation).ToArray());

        foreach (var p in model.parameters()) p.grad?.zero_();
        var logProbabilities = F.log_softmax(model.ScoreAll(h, r), 1);
        var reference = zeros(1);
        var facts = 0;
        for (var i = 0; i < queries.Length; i++)
        {
            var tails = graph.TrainTails[queries[i]];
            var sum = logProbabilities[i].index_select(0, tensor(tails.Select(t => (long)t).ToArray())).sum();
            // Query: mean over queries of the mean over its tails; Fact: mean over all (query, tail) facts
            reference = reference - (weighting == DistinctQueryWeight.Query ? sum / tails.Length : sum);
            facts += tails.Length;
        }
        reference = reference / (weighting == DistinctQueryWeight.Query ? queries.Length : facts);
        reference.backward();
        var expected = Gradients(model);

        foreach (var p in model.parameters()) p.grad?.zero_();
        var options = new KgeOptions { Model = KgeModelKind.ConvE, Loss = KgeLoss.Softmax, Scoring = KgeScoring.OneToN, DistinctQueries = true, DistinctWeight = weighting };
        var value = OneToNStep.Backward(model, graph, h, r, queries.Select(q => (long)graph.TrainTails[q][0]).ToArray(), options);
        var actual = Gradients(model);

        Assert.Equal(reference.item<float>(), value, 4);
        AssertSameGradients(expected, actual);
    }

    [Theory]
    [InlineData("conve", KgeLoss.Softmax, DistinctQueryWeight.Query)]
    [InlineData("conve", KgeLoss.Softmax, DistinctQueryWeight.Fact)]
    [InlineData("distmult", KgeLoss.Bce, DistinctQueryWeight.Query)]
    public void Training_over_distinct_queries_learns_and_is_deterministic(string kind, KgeLoss loss, DistinctQueryWeight weighting)
    {
        var graph = KgeTests.Wn18rrSubset();
        var options = new KgeOptions
        {
            // BCE averages over every entity: its gradients are small, it needs a larger rate to learn in 12 short epochs
            Model = KgeExport.ParseModel(kind), Dimension = 50, Epochs = 12, BatchSize = 128, LearningRate = loss == KgeLoss.Bce ? 0.05 : 0.01, Loss = loss,
            Scoring = KgeScoring.OneToN, DistinctQueries = true, DistinctWeight = weighting, EvalEvery = 4, Patience = 10, Seed = 1, Threads = 1, ConvEHeight = 5,
        };
        var result = KgeTrainer.Train(graph, options);
        Assert.True(result.EpochLosses[^1] < 0.8 * result.EpochLosses[0], $"loss {result.EpochLosses[0]} → {result.EpochLosses[^1]}");
        var random = Enumerable.Range(1, graph.EntityCount).Sum(k => 1.0 / k) / graph.EntityCount;
        Assert.True(result.Test!.Both.Mrr > 10 * random, $"{kind}: test MRR {result.Test.Both.Mrr:F4}, random {random:F4}");
        var again = KgeTrainer.Train(graph, options with { Epochs = 2 });
        var twice = KgeTrainer.Train(graph, options with { Epochs = 2 });
        Assert.Equal(again.EpochLosses, twice.EpochLosses);
    }

    [Fact]
    public void Distinct_queries_need_1_N_scoring_and_a_query_vector_model()
    {
        Assert.Throws<ArgumentException>(() => new KgeOptions { Model = KgeModelKind.DistMult, Scoring = KgeScoring.Shared, Negatives = 8, DistinctQueries = true }.Validate());
        Assert.Throws<ArgumentException>(() => new KgeOptions { Model = KgeModelKind.TransE, Scoring = KgeScoring.OneToN, Loss = KgeLoss.Softmax, DistinctQueries = true }.Validate());
        new KgeOptions { Model = KgeModelKind.ConvE, Loss = KgeLoss.Bce, DistinctQueries = true }.Validate();
        new KgeOptions { Model = KgeModelKind.ConvE, Loss = KgeLoss.Softmax, DistinctQueries = true, DistinctWeight = DistinctQueryWeight.Fact }.Validate();
        // fact weighting shares a softmax loss among tails: nothing to share without distinct queries or with BCE
        Assert.Throws<ArgumentException>(() => new KgeOptions { Model = KgeModelKind.ConvE, Loss = KgeLoss.Softmax, DistinctWeight = DistinctQueryWeight.Fact }.Validate());
        Assert.Throws<ArgumentException>(() => new KgeOptions { Model = KgeModelKind.ConvE, Loss = KgeLoss.Bce, DistinctQueries = true, DistinctWeight = DistinctQueryWeight.Fact }.Validate());
    }

    [Fact]
    public void Bfloat16_products_give_nearly_the_same_gradient()
    {
        var graph = RandomGraph();
        var batch = graph.WithReciprocals(graph.Train).Take(32).ToArray();
        var h = tensor(batch.Select(t => (long)t.Head).ToArray());
        var r = tensor(batch.Select(t => (long)t.Relation).ToArray());
        var tails = batch.Select(t => (long)t.Tail).ToArray();
        // training mode without dropout: ConvE's fully connected layer runs in bfloat16 too (BatchNorm on batch statistics)
        Dictionary<string, Tensor> Run(MatmulPrecision precision)
        {
            TorchRuntime.Initialize(3, 1);
            using var model = new ConvE(graph.EntityCount, graph.RelationCount * 2, 20, 4, 0) { TrainingPrecision = precision };
            model.train();
            OneToNStep.Backward(model, graph, h, r, tails, new KgeOptions { Model = KgeModelKind.ConvE, Loss = KgeLoss.Softmax, MatmulPrecision = precision });
            return Gradients(model);
        }
        var full = Run(MatmulPrecision.Float32);
        var half = Run(MatmulPrecision.BFloat16);
        foreach (var name in new[] { "entities.weight", "fc.weight", "conv.weight", "bias" })
        {
            var (a, b) = (full[name].flatten(), half[name].flatten());
            var cosine = (a * b).sum().item<float>() / (a.norm().item<float>() * b.norm().item<float>());
            Assert.True(cosine > 0.99, $"{name}: cosine {cosine}");
            Assert.True((a - b).abs().max().item<float>() > 0, $"{name}: bfloat16 gave the float32 gradient bit for bit, the option did nothing");
        }
    }
}
