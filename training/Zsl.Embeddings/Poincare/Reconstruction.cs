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
    public static ReconstructionMetrics Evaluate(Tensor embeddings, TaxonomyClosure closure, int sampleNodes = 0, int seed = 1, int threads = 1)
    {
        using var _ = no_grad();
        var weights = embeddings.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        return Evaluate(weights, (int)embeddings.shape[1], closure, sampleNodes, seed, threads);
    }

    /// <summary>The same on a row-major n × d array; nodes are ranked in parallel, results summed in node order.</summary>
    public static ReconstructionMetrics Evaluate(double[] weights, int dimension, TaxonomyClosure closure, int sampleNodes = 0, int seed = 1, int threads = 1)
    {
        var related = closure.Pairs.GroupBy(p => p.Child).ToDictionary(g => g.Key, g => g.Select(p => p.Ancestor).ToArray());
        var nodes = related.Keys.Order().ToArray();
        if (sampleNodes > 0 && sampleNodes < nodes.Length)
        {
            var random = new Random(seed);
            nodes = nodes.OrderBy(_ => random.Next()).Take(sampleNodes).Order().ToArray();
        }
        var n = closure.Nodes.Count;
        var d = dimension;
        var ranks = new double[nodes.Length];
        var precisions = new double[nodes.Length];
        var chunks = Math.Max(1, Math.Min(threads, nodes.Length));
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            var distances = new double[n];
            var isRelated = new bool[n];
            var end = (int)((long)nodes.Length * (c + 1) / chunks);
            for (var b = (int)((long)nodes.Length * c / chunks); b < end; b++)
            {
                var u = nodes[b];
                var uRow = weights.AsSpan(u * d, d);
                for (var i = 0; i < n; i++) distances[i] = PoincareKernel.Distance(uRow, weights.AsSpan(i * d, d));
                (ranks[b], precisions[b]) = RankNode(distances, u, related[u], isRelated);
            }
        });
        double rankSum = 0, apSum = 0;
        var pairs = 0;
        for (var b = 0; b < nodes.Length; b++)
        {
            rankSum += ranks[b];
            apSum += precisions[b];
            pairs += related[nodes[b]].Length;
        }
        return new ReconstructionMetrics(pairs == 0 ? 0 : rankSum / pairs, nodes.Length == 0 ? 0 : apSum / nodes.Length, nodes.Length, pairs);
    }

    /// <summary>Sum over u's related nodes of their rank among unrelated nodes, and u's average precision.</summary>
    public static (double RankSum, double AveragePrecision) RankNode(ReadOnlySpan<double> distances, int node, int[] related) =>
        RankNode(distances, node, related, new bool[distances.Length]);

    /// <summary><paramref name="isRelated"/>: an all-false scratch array of the distances' length, left all false.</summary>
    public static (double RankSum, double AveragePrecision) RankNode(ReadOnlySpan<double> distances, int node, int[] related, bool[] isRelated)
    {
        var positive = new double[related.Length];
        for (var i = 0; i < related.Length; i++) positive[i] = distances[related[i]];
        Array.Sort(positive);
        foreach (var r in related) isRelated[r] = true;
        // closer[k]: unrelated nodes (not u) strictly closer than the k-th nearest related node.
        var closer = new long[positive.Length];
        for (var i = 0; i < distances.Length; i++)
        {
            if (i == node || isRelated[i]) continue;
            var d = distances[i];
            // every related node farther than d is beaten by i
            var first = UpperBound(positive, d);
            if (first < positive.Length) closer[first]++;
        }
        foreach (var r in related) isRelated[r] = false;
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
