namespace Zsl.Embeddings.Poincare;

/// <summary>
/// Negatives N(u) = {v' | (u, v') ∉ D} of Nickel &amp; Kiela: nodes other than u that are not among u's ancestors in the
/// closure (u's descendants are negatives too, as in the reconstruction evaluation, which ranks u's ancestors among
/// all other nodes), drawn uniformly, or by degree^0.75 during burn-in. Each pair's draws come from a
/// generator seeded by (seed, epoch, position in the epoch), so pairs can be sampled in any order or in parallel and
/// the same seed always gives the same negatives.
/// </summary>
public sealed class NegativeSampler
{
    private const int MaxTries = 20;
    private readonly int[][] related;
    private readonly double[] aliasProbability;
    private readonly int[] alias;
    private readonly ulong seed;

    public NegativeSampler(TaxonomyClosure closure, int seed)
    {
        var n = closure.Nodes.Count;
        var counts = new int[n];
        foreach (var (child, ancestor) in closure.Pairs) { counts[child]++; counts[ancestor]++; }
        related = closure.Pairs.GroupBy(p => p.Child).Aggregate(new int[n][], (lists, g) =>
        {
            lists[g.Key] = g.Select(p => p.Ancestor).ToArray();
            return lists;
        });
        for (var i = 0; i < n; i++) related[i] ??= [];
        foreach (var list in related) Array.Sort(list);
        (aliasProbability, alias) = AliasTable(counts.Select(c => Math.Pow(c, 0.75)).ToArray());
        this.seed = (ulong)seed;
        Nodes = n;
    }

    public int Nodes { get; }

    /// <summary>Whether (u, v) is a closure pair: v is an ancestor of u.</summary>
    public bool IsAncestor(int u, int v) => Array.BinarySearch(related[u], v) >= 0;

    /// <summary>Fills <paramref name="candidates"/> with v followed by negatives for u (after 20 rejected draws the last draw is kept).</summary>
    public void Sample(int epoch, int position, int u, int v, Span<int> candidates, bool byDegree)
    {
        var state = Mix(seed * 0x9E3779B97F4A7C15UL ^ Mix(((ulong)(uint)epoch << 32) | (uint)position));
        candidates[0] = v;
        for (var j = 1; j < candidates.Length; j++)
        {
            var candidate = v;
            for (var attempt = 0; attempt < MaxTries; attempt++)
            {
                var x = NextDouble(ref state);
                var scaled = x * Nodes;
                candidate = Math.Min(Nodes - 1, (int)scaled);
                if (byDegree && scaled - candidate >= aliasProbability[candidate]) candidate = alias[candidate];
                if (candidate != u && candidate != v && !IsAncestor(u, candidate)) break;
            }
            candidates[j] = candidate;
        }
    }

    /// <summary>Walker/Vose alias table: draw i uniformly, keep it with probability p[i], else take alias[i].</summary>
    private static (double[] Probability, int[] Alias) AliasTable(double[] weights)
    {
        var n = weights.Length;
        var total = weights.Sum();
        var probability = weights.Select(w => w * n / total).ToArray();
        var alias = Enumerable.Range(0, n).ToArray();
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = n - 1; i >= 0; i--) (probability[i] < 1 ? small : large).Push(i);
        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            alias[s] = l;
            probability[l] -= 1 - probability[s];
            (probability[l] < 1 ? small : large).Push(l);
        }
        foreach (var i in small.Concat(large)) probability[i] = 1;
        return (probability, alias);
    }

    // SplitMix64: a tiny, well-mixed generator; one state per pair.
    private static double NextDouble(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return (Mix(state) >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
