using Zsl.Models.Data;
using Zsl.Models.Graph;

namespace Zsl.Models.Models;

/// <summary>Class representations for a given set of seen classes: rows for <c>targets</c>.</summary>
public delegate float[][] SemanticProvider(IReadOnlyList<string> seen, IReadOnlyList<string> targets);

public static class Semantics
{
    /// <summary>Distributed representations: the class embeddings, whatever the seen classes.</summary>
    public static SemanticProvider FromEmbeddings(ClassEmbeddings embeddings, string source)
        => (_, targets) => embeddings.For(targets, source);

    /// <summary>
    /// The trivial solution of section 2.5: local (one-hot) representations over the seen classes; an unseen class
    /// takes the representation of its nearest seen class by WordNet distance (the mean of them when several tie).
    /// </summary>
    public static SemanticProvider Local(WordNetHierarchy hierarchy)
        => (seen, targets) =>
        {
            var index = seen.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
            var seenSet = seen.ToHashSet();
            return targets.Select(c =>
            {
                var row = new float[seen.Count];
                if (index.TryGetValue(c, out var i)) { row[i] = 1; return row; }
                var (_, nearest) = hierarchy.Nearest(c, seenSet);
                foreach (var n in nearest) row[index[n]] = 1f / nearest.Count;
                return row;
            }).ToArray();
        };

    public static float[] Normalized(float[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return norm == 0 ? v.ToArray() : v.Select(x => (float)(x / norm)).ToArray();
    }
}
