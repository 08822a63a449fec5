namespace Zsl.Embeddings.Poincare;

/// <summary>
/// Negatives N(u) of Nickel &amp; Kiela: nodes v' with no closure pair between u and v' (neither u itself, nor an
/// ancestor or descendant of u), drawn uniformly, or by degree^0.75 during burn-in. Each pair's draws come from a
/// generator seeded by (seed, epoch, position in the epoch), so pairs can be sampled in any order or in parallel and
/// the same seed always gives the same negatives.
/// </summary>
public sealed class NegativeSampler
{
    private const int MaxTries = 20;
    private readonly int[][] related;
    private readonly double[] degreeCdf;
    private readonly ulong seed;

    public NegativeSampler(TaxonomyClosure closure, int seed)
    {
        var n = closure.Nodes.Count;
        var counts = new int[n];
        foreach (var (child, ancestor) in closure.Pairs) { counts[child]++; counts[ancestor]++; }
        related = counts.Select(c => new int[c]).ToArray();
        var fill = new int[n];
        foreach (var (child, ancestor) in closure.Pairs)
        {
            related[child][fill[child]++] = ancestor;
            related[ancestor][fill[ancestor]++] = child;
        }
        foreach (var list in related) Array.Sort(list);
        degreeCdf = new double[n];
        double sum = 0;
        for (var i = 0; i < n; i++) degreeCdf[i] = sum += Math.Pow(counts[i], 0.75);
        this.seed = (ulong)seed;
        Nodes = n;
    }

    public int Nodes { get; }

    public bool AreRelated(int u, int v) => Array.BinarySearch(related[u], v) >= 0;

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
                candidate = byDegree ? FromCdf(x) : Math.Min(Nodes - 1, (int)(x * Nodes));
                if (candidate != u && candidate != v && !AreRelated(u, candidate)) break;
            }
            candidates[j] = candidate;
        }
    }

    private int FromCdf(double x)
    {
        var i = Array.BinarySearch(degreeCdf, x * degreeCdf[^1]);
        return Math.Min(degreeCdf.Length - 1, i >= 0 ? i + 1 : ~i);
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
