using Zsl.Embeddings.Kge;
using Zsl.TestKit;
using Zsl.Torch;
using Zsl.WordVectors;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Embeddings;

public class KgeTests
{
    [Fact]
    public void Filtered_ranks_on_a_hand_made_graph()
    {
        // a -r-> b, a -r-> c are training facts; a -r-> d is the test fact.
        var graph = new KnowledgeGraph([new("a", "r", "b"), new("a", "r", "c")], [], [new("a", "r", "d")]);
        TorchRuntime.Initialize(1, 1);
        using var model = new DistMult(graph.EntityCount, graph.RelationCount * 2, 2);
        using (no_grad())
        {
            // DistMult score ⟨e_s, r, e_o⟩ with r = (1, 1): a·x = x0 for a = (1, 0).
            model.EntityWeights.copy_(tensor(new float[,] { { 1, 0 }, { 5, 0 }, { 4, 0 }, { 3, 0 } }));
            model.named_parameters().Single(p => p.name.StartsWith("relations")).parameter.fill_(1);
        }
        var metrics = FilteredEvaluator.Evaluate(model, graph, graph.Test);
        // tail (a, r, ?): d scores 3; b (5) and c (4) are known true facts and filtered out → rank 1 (raw rank 3).
        Assert.Equal(1.0, metrics.Tail.Mrr, 6);
        // head (?, r, d) asked as (d, r⁻¹, ?): scores 3·x0 → b 15, c 12, d 9 beat a (3); nothing to filter → rank 4.
        Assert.Equal(4.0, metrics.Head.MeanRank, 6);
        Assert.Equal(0.625, metrics.Both.Mrr, 6);
        Assert.Equal(0.5, metrics.Both.Hits3, 6); // tail within 3, head not
    }

    [Fact]
    public void Ties_count_half()
    {
        // target (index 1) scores 1: three entities score higher, two others tie → 1 + 3 + 2/2
        Assert.Equal(5.0, FilteredEvaluator.RankOf(new float[] { 5, 1, 1, 9, 1, 7 }, 1, 1));
    }

    [Fact]
    public void Tsv_errors_name_file_and_line()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "train.txt");
        File.WriteAllText(path, "a\tr\tb\nc\td\n");
        var error = Assert.Throws<Zsl.Store.DataFormatException>(() => TripleSources.ReadTsv(path).ToList());
        Assert.Contains("train.txt", error.Message);
        Assert.Contains("2", error.Message);
    }

    /// <summary>A connected slice of WN18RR: the training facts among the 1,500 entities most frequent in train.</summary>
    internal static KnowledgeGraph Wn18rrSubset(int entities = 1500)
    {
        var dir = TestPaths.Shared("kg", "WN18RR");
        var train = TripleSources.ReadTsv(Path.Combine(dir, "train.txt")).ToList();
        var keep = train.SelectMany(t => new[] { t.Head, t.Tail }).GroupBy(e => e).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(entities).Select(g => g.Key).ToHashSet();
        var inside = train.Where(t => keep.Contains(t.Head) && keep.Contains(t.Tail)).ToList();
        return KnowledgeGraph.Split(inside, 0.05, 0.1, seed: 3);
    }

    [Theory]
    [InlineData("distmult", "softmax", "1-n")]
    [InlineData("transe", null, null)]
    [InlineData("transe-star", null, null)]
    [InlineData("distmult", "bce", "1-n")]
    [InlineData("conve", "softmax", null)]
    [InlineData("distmult", "softmax", "shared")]
    [InlineData("transe", "self-adversarial", "shared")]
    [InlineData("distmult", "bce", "shared")]
    public void Training_lowers_the_loss_and_beats_a_random_model_by_far(string model, string? loss, string? scoring)
    {
        var graph = Wn18rrSubset();
        var options = new KgeOptions
        {
            Model = KgeExport.ParseModel(model), Dimension = 50, Epochs = 12, BatchSize = 128, LearningRate = 0.01,
            Loss = loss switch { "softmax" => KgeLoss.Softmax, "bce" => KgeLoss.Bce, "self-adversarial" => KgeLoss.SelfAdversarial, _ => null },
            Scoring = scoring switch { "1-n" => KgeScoring.OneToN, "shared" => KgeScoring.Shared, _ => null },
            Negatives = 16, EvalEvery = 4, Patience = 10, Seed = 1, Threads = 1, ConvEHeight = 5,
        };
        var result = KgeTrainer.Train(graph, options);
        Assert.True(result.EpochLosses[^1] < 0.8 * result.EpochLosses[0], $"loss {result.EpochLosses[0]} → {result.EpochLosses[^1]}");
        var random = RandomMrr(graph.EntityCount);
        Assert.True(result.Test!.Both.Mrr > 10 * random, $"{model}: test MRR {result.Test.Both.Mrr:F4}, random {random:F4}");
    }

    [Fact]
    public void Test_metrics_come_from_the_best_validation_checkpoint()
    {
        // Valid = test: the kept checkpoint, evaluated on both at the end, must give exactly the best validation MRR
        // seen during training, also when later epochs were worse (a run that overfits after a few epochs).
        var subset = Wn18rrSubset(600);
        var graph = new KnowledgeGraph(Named(subset, subset.Train), Named(subset, subset.Test), Named(subset, subset.Test));
        var options = new KgeOptions
        {
            Model = KgeModelKind.DistMult, Dimension = 32, Epochs = 10, BatchSize = 64, LearningRate = 0.05,
            Loss = KgeLoss.Softmax, Scoring = KgeScoring.OneToN, EvalEvery = 1, Patience = 10, Seed = 1, Threads = 1,
        };
        var result = KgeTrainer.Train(graph, options);
        Assert.True(result.BestEpoch < result.EpochsRun, $"best epoch {result.BestEpoch} of {result.EpochsRun}: the run did not get worse, nothing to check");
        Assert.Equal(result.BestValidMrr, result.Valid!.Both.Mrr, 10);
        Assert.Equal(result.Test!.Both.Mrr, result.Valid.Both.Mrr, 10);
    }

    private static IEnumerable<NamedTriple> Named(KnowledgeGraph graph, IEnumerable<Triple> triples) =>
        triples.Select(t => new NamedTriple(graph.Entities[t.Head], graph.Relations[t.Relation], graph.Entities[t.Tail]));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TransE_scores_against_shared_objects_match_per_fact_candidates(int norm)
    {
        TorchRuntime.Initialize(2, 1);
        using var model = new TransE(20, 6, 8, norm);
        var heads = tensor(new long[] { 0, 3, 7 });
        var relations = tensor(new long[] { 1, 5, 0 });
        var objects = tensor(new long[] { 2, 9, 11, 19 });
        using var _ = no_grad();
        var shared = model.ScoreShared(heads, relations, objects);
        var perFact = model.ScoreCandidates(heads, relations, objects.unsqueeze(0).expand(3, 4));
        Assert.True(shared.allclose(perFact, rtol: 1e-4, atol: 1e-5), $"{shared} vs {perFact}");
        Assert.True(model.ScoreAll(heads, relations).index_select(1, objects).allclose(perFact, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void N3_is_the_mean_cubed_magnitude_of_the_batch_embeddings()
    {
        var graph = new KnowledgeGraph([new("a", "r", "b")], [], []);
        TorchRuntime.Initialize(1, 1);
        using var model = new DistMult(graph.EntityCount, 2, 2);
        using (no_grad())
        {
            model.EntityWeights.copy_(tensor(new float[,] { { 1, -2 }, { 0.5f, 0 } }));
            model.named_parameters().Single(p => p.name.StartsWith("relations")).parameter.copy_(tensor(new float[,] { { 1, 1 }, { 3, 0 } }));
        }
        // batch: (a, r, b) and (b, r⁻¹, a): |a|³ + |r|³ + |b|³ = 9 + 2 + 0.125, |b|³ + |r⁻¹|³ + |a|³ = 0.125 + 27 + 9
        var n3 = model.N3(tensor(new long[] { 0, 1 }), tensor(new long[] { 0, 1 }), tensor(new long[] { 1, 0 })).item<float>();
        Assert.Equal((11.125 + 36.125) / 2, n3, 4);
    }

    /// <summary>Expected MRR of uniformly random scores: mean of 1/k for k = 1..N.</summary>
    private static double RandomMrr(int n) => Enumerable.Range(1, n).Sum(k => 1.0 / k) / n;

    [Fact]
    public async Task Same_data_and_seed_give_byte_identical_embeddings()
    {
        var graph = Wn18rrSubset(600);
        var options = new KgeOptions { Model = KgeModelKind.DistMult, Dimension = 16, Epochs = 2, BatchSize = 256, EvalEvery = 1, Seed = 5, Threads = 1, Negatives = 8 };
        var files = new List<byte[]>();
        for (var run = 0; run < 2; run++)
        {
            var dir = TestPaths.NewTempDirectory();
            var result = KgeTrainer.Train(graph, options);
            await KgeExport.WriteAsync(dir, result, graph, options, "wn18rr-subset");
            files.Add(await File.ReadAllBytesAsync(Path.Combine(dir, ClassEmbeddingFile.FileName)));
            files.Add(await File.ReadAllBytesAsync(Path.Combine(dir, ClassEmbeddingFile.ManifestName)));
        }
        Assert.Equal(files[0], files[2]);
        Assert.Equal(files[1], files[3]);
    }
}
