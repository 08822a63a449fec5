using Zsl.Models.Data;
using Zsl.Models.Graph;

namespace Zsl.Models.Synthetic;

/// <summary>
/// Builds test splits of known structural ratio (section 2.5.3) around a set of training classes, from the WordNet graph.
/// </summary>
public static class SplitBuilder
{
    /// <summary>
    /// A low-R split: each test class is a direct hypernym or hyponym of a distinct training class (one hop, like
    /// the standard 1-hop split) and at least <paramref name="minTestDistance"/> hops from every other test class.
    /// </summary>
    public static ZslSplit LowRatio(WordNetHierarchy hierarchy, IReadOnlyList<string> train, int count, int seed, int minTestDistance = 4)
    {
        var trainSet = train.ToHashSet();
        var order = train.Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(order);
        var test = new List<string>();
        foreach (var t in order)
        {
            if (test.Count == count) break;
            var candidates = hierarchy.Children(t).Concat(hierarchy.Parents(t)).Where(c => !trainSet.Contains(c) && !test.Contains(c))
                .Order(StringComparer.Ordinal).ToArray();
            foreach (var c in candidates)
            {
                if (test.Count > 0 && hierarchy.Nearest(c, test.ToHashSet(), minTestDistance - 1).Distance < minTestDistance) continue;
                test.Add(c);
                break;
            }
        }
        if (test.Count < count) throw new InvalidOperationException($"only {test.Count} low-ratio test classes found around {train.Count} training classes (asked {count})");
        return new ZslSplit(train, test);
    }

    /// <summary>
    /// A high-R split: groups of <paramref name="groupSize"/> sibling leaf synsets (distance 2 from each other) whose
    /// parent is at least <paramref name="minTrainDistance"/> - 1 hops from every training class, so that siblings are far
    /// closer to each other than to any training class.
    /// </summary>
    public static ZslSplit HighRatio(WordNetHierarchy hierarchy, IReadOnlyList<string> train, IEnumerable<string> universe, int count, int seed,
        int groupSize = 5, int minTrainDistance = 4)
    {
        var trainSet = train.ToHashSet();
        var parents = universe.Where(hierarchy.Contains).SelectMany(hierarchy.Parents).Distinct().Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(parents);
        var test = new List<string>();
        foreach (var p in parents)
        {
            if (test.Count >= count) break;
            var leaves = hierarchy.Children(p).Where(c => hierarchy.Children(c).Count == 0 && hierarchy.Parents(c).Count == 1 && !trainSet.Contains(c) && !test.Contains(c))
                .Order(StringComparer.Ordinal).Take(groupSize).ToArray();
            if (leaves.Length < groupSize) continue;
            if (hierarchy.Nearest(p, trainSet, minTrainDistance - 2).Distance <= minTrainDistance - 2) continue;
            if (test.Count > 0 && hierarchy.Nearest(p, test.ToHashSet(), 2).Distance <= 2) continue;
            test.AddRange(leaves.Take(Math.Min(groupSize, count - test.Count)));
        }
        if (test.Count < count) throw new InvalidOperationException($"only {test.Count} high-ratio test classes found (asked {count})");
        return new ZslSplit(train, test);
    }
}
