using static TorchSharp.torch;

namespace Zsl.Embeddings.Kge;

/// <summary>Link-prediction metrics over a set of queries.</summary>
public sealed record RankMetrics(double Mrr, double MeanRank, double Hits1, double Hits3, double Hits10, int Queries)
{
    public static RankMetrics From(IReadOnlyCollection<double> ranks) => ranks.Count == 0
        ? new RankMetrics(0, 0, 0, 0, 0, 0)
        : new RankMetrics(ranks.Average(r => 1.0 / r), ranks.Average(), ranks.Average(r => r <= 1 ? 1.0 : 0),
            ranks.Average(r => r <= 3 ? 1.0 : 0), ranks.Average(r => r <= 10 ? 1.0 : 0), ranks.Count);

    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>
    {
        ["mrr"] = Mrr, ["meanRank"] = MeanRank, ["hits@1"] = Hits1, ["hits@3"] = Hits3, ["hits@10"] = Hits10, ["queries"] = Queries,
    };
}

/// <summary>Filtered link prediction results: both directions, and head and tail prediction apart.</summary>
public sealed record LinkPredictionMetrics(RankMetrics Both, RankMetrics Head, RankMetrics Tail)
{
    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>
    {
        ["both"] = Both.ToDictionary(), ["head"] = Head.ToDictionary(), ["tail"] = Tail.ToDictionary(),
    };
}

/// <summary>
/// The filtered protocol (Bordes et al. 2013): for every test fact (h, r, t), rank t among all entities for the
/// query (h, r, ?) and h for (?, r, t) — asked as (t, r⁻¹, ?) — after removing every other entity that makes a
/// true fact in train, valid or test. Ties count half: rank = 1 + #better + #equal / 2, so a constant model gets
/// the mean rank of a random one instead of rank 1.
/// </summary>
public static class FilteredEvaluator
{
    public static LinkPredictionMetrics Evaluate(KgeModel model, KnowledgeGraph graph, IReadOnlyList<Triple> facts, int batchSize = 256)
    {
        var queries = new List<(Triple Query, bool IsHead)>(facts.Count * 2);
        foreach (var fact in facts)
        {
            queries.Add((fact, false));
            queries.Add((new Triple(fact.Tail, fact.Relation + graph.RelationCount, fact.Head), true));
        }
        var ranks = Rank(model, graph, queries.Select(q => q.Query).ToList(), batchSize);
        var head = new List<double>();
        var tail = new List<double>();
        for (var i = 0; i < queries.Count; i++) (queries[i].IsHead ? head : tail).Add(ranks[i]);
        return new LinkPredictionMetrics(RankMetrics.From(ranks), RankMetrics.From(head), RankMetrics.From(tail));
    }

    /// <summary>Filtered rank of each query's tail among all entities (queries may use reciprocal relations).</summary>
    public static double[] Rank(KgeModel model, KnowledgeGraph graph, IReadOnlyList<Triple> queries, int batchSize = 256)
    {
        var ranks = new double[queries.Count];
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            for (var start = 0; start < queries.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, queries.Count - start);
                var heads = tensor(Enumerable.Range(start, count).Select(i => (long)queries[i].Head).ToArray());
                var relations = tensor(Enumerable.Range(start, count).Select(i => (long)queries[i].Relation).ToArray());
                var scores = model.ScoreAll(heads, relations).to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
                var n = graph.EntityCount;
                for (var b = 0; b < count; b++)
                {
                    var query = queries[start + b];
                    var row = scores.AsSpan(b * n, n);
                    var target = row[query.Tail];
                    if (graph.KnownTails.TryGetValue((query.Head, query.Relation), out var known))
                        foreach (var other in known)
                            if (other != query.Tail) row[other] = float.NegativeInfinity;
                    ranks[start + b] = RankOf(row, query.Tail, target);
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return ranks;
    }

    /// <summary>1 + #entities scoring higher than the target + half the other entities scoring the same.</summary>
    public static double RankOf(ReadOnlySpan<float> scores, int target, float targetScore)
    {
        if (float.IsNaN(targetScore)) return scores.Length;
        long better = 0, equal = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (s > targetScore || float.IsNaN(s)) better++;
            else if (s == targetScore && i != target) equal++;
        }
        return 1 + better + equal / 2.0;
    }
}
