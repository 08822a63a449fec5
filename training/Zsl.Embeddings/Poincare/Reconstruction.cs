using static TorchSharp.torch;

namespace Zsl.Embeddings.Poincare;

/// <summary>Reconstruction quality: for each node, how its ancestors rank by distance among all other nodes.</summary>
public sealed record ReconstructionMetrics(double MeanRank, double Map, int Nodes, int Pairs)
{
    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>
    {
        ["meanRank"] = MeanRank, ["map"] = Map, ["evaluatedNodes"] = Nodes, ["evaluatedPairs"] = Pairs,
    };
}

/// <summary>
/// The reconstruction evaluation of Nickel &amp; Kiela: every node u with related nodes N(u) (its ancestors in the
/// closure) ranks all other nodes by distance. Mean rank: over pairs, 1 + the number of unrelated nodes closer than
/// the related one. MAP: mean over nodes of the average precision of N(u) in that ranking.
/// </summary>
public static class Reconstruction
{
    public static ReconstructionMetrics Evaluate(Tensor embeddings, TaxonomyClosure closure, int sampleNodes = 0, int seed = 1)
    {
        var related = closure.Pairs.GroupBy(p => p.Child).ToDictionary(g => g.Key, g => g.Select(p => p.Ancestor).ToArray());
        var nodes = related.Keys.Order().ToArray();
        if (sampleNodes > 0 && sampleNodes < nodes.Length)
        {
            var random = new Random(seed);
            nodes = nodes.OrderBy(_ => random.Next()).Take(sampleNodes).Order().ToArray();
        }
        double rankSum = 0, apSum = 0;
        var pairs = 0;
        using var _ = no_grad();
        var n = closure.Nodes.Count;
        // rows per batch: keep the [rows, n, d] intermediate tensors around 10M values
        var batchSize = (int)Math.Clamp(10_000_000L / ((long)n * embeddings.shape[1]), 1, 1024);
        for (var start = 0; start < nodes.Length; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, nodes.Length - start);
            var ids = tensor(nodes.AsSpan(start, count).ToArray().Select(i => (long)i).ToArray());
            var distances = PoincareBall.Distance(embeddings.index_select(0, ids).unsqueeze(1), embeddings.unsqueeze(0))
                .to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
            for (var b = 0; b < count; b++)
            {
                var u = nodes[start + b];
                var row = distances.AsSpan(b * n, n);
                var (rank, ap) = RankNode(row, u, related[u]);
                rankSum += rank;
                apSum += ap;
                pairs += related[u].Length;
            }
        }
        return new ReconstructionMetrics(pairs == 0 ? 0 : rankSum / pairs, nodes.Length == 0 ? 0 : apSum / nodes.Length, nodes.Length, pairs);
    }

    /// <summary>Sum over u's related nodes of their rank among unrelated nodes, and u's average precision.</summary>
    public static (double RankSum, double AveragePrecision) RankNode(ReadOnlySpan<double> distances, int node, int[] related)
    {
        var positive = new double[related.Length];
        for (var i = 0; i < related.Length; i++) positive[i] = distances[related[i]];
        Array.Sort(positive);
        var isRelated = new HashSet<int>(related);
        // closer[k]: unrelated nodes (not u) strictly closer than the k-th nearest related node.
        var closer = new long[positive.Length];
        for (var i = 0; i < distances.Length; i++)
        {
            if (i == node || isRelated.Contains(i)) continue;
            var d = distances[i];
            // every related node farther than d is beaten by i
            var first = UpperBound(positive, d);
            if (first < positive.Length) closer[first]++;
        }
        double rankSum = 0, precisionSum = 0;
        long cumulative = 0;
        for (var k = 0; k < positive.Length; k++)
        {
            cumulative += closer[k];
            rankSum += 1 + cumulative;
            precisionSum += (k + 1) / (double)(k + 1 + cumulative);
        }
        return (rankSum, precisionSum / positive.Length);
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
