using System.Text.Json;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>One seen/unseen partition of a class universe, with its structural ratio and flaws.</summary>
public sealed record UniversePartition(int Index, double TargetR, IReadOnlyList<string> Seen, IReadOnlyList<string> Unseen, RatioReport Report);

/// <summary>
/// Partitions a universe of classes (e.g. the 200 of Tiny ImageNet) into seen and unseen classes across the structural
/// ratio R (eq. 2.5): the lowest-R partition (unseen classes next to seen ones), the highest, and partitions at evenly
/// spaced targets between them. R of a partition depends only on the noun-graph distances between classes of the
/// universe, so these are computed once (one BFS per class) and the search (seeded swaps, simulated annealing) works on
/// that matrix; every reported R and flaw list is then computed by <see cref="StructuralRatio.Compute"/>.
/// </summary>
public static class UniversePartitioner
{
    public static IReadOnlyList<UniversePartition> Partition(NounGraph graph, IReadOnlyList<string> universe, int unseen, int count, ulong seed,
        int steps = 20_000, Action<string>? log = null)
    {
        var classes = universe.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length != universe.Count) throw new ArgumentException($"the universe lists a class twice ({universe.Count} lines, {classes.Length} distinct)");
        if (unseen < 2 || unseen >= classes.Length) throw new ArgumentException($"unseen classes must be at least 2 and fewer than the {classes.Length} of the universe, got {unseen}");
        if (count < 2) throw new ArgumentException($"at least 2 partitions (lowest and highest R), got {count}");
        var missing = classes.Where(c => !graph.Contains(c)).ToArray();
        if (missing.Length > 0) throw new ArgumentException($"{missing.Length} classes of the universe are not WordNet nouns, e.g. {missing[0]}");
        var n = classes.Length;
        var distance = new int[n, n];
        var nodes = classes.Select(graph.IndexOf).ToArray();
        for (var i = 0; i < n; i++)
        {
            var d = graph.DistancesFrom([nodes[i]]);
            for (var j = 0; j < n; j++)
                distance[i, j] = d[nodes[j]] >= 0 ? d[nodes[j]] : throw new InvalidDataException($"{classes[i]} and {classes[j]} are not connected in the noun graph");
        }
        log?.Invoke($"{n} classes, distances {Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(0, n).Where(j => j != i).Select(j => distance[i, j])).Min()}..{distance.Cast<int>().Max()} hops");

        var random = new SplitMix64(seed);
        var lowest = Anneal(distance, unseen, random, steps, r => r);
        var highest = Anneal(distance, unseen, random, steps, r => -r);
        var (rLow, rHigh) = (Ratio(distance, lowest), Ratio(distance, highest));
        log?.Invoke($"R from {rLow:F4} to {rHigh:F4}");
        var sets = new List<(double Target, bool[] Unseen)> { (rLow, lowest) };
        for (var k = 1; k < count - 1; k++)
        {
            var target = rLow + (rHigh - rLow) * k / (count - 1);
            // Start from the extreme nearer the target: random partitions sit near the middle of the range, and the
            // high end is far from them in swaps.
            var start = target - rLow < rHigh - target ? lowest : highest;
            sets.Add((target, Anneal(distance, unseen, random, steps, r => Math.Abs(r - target), start)));
        }
        sets.Add((rHigh, highest));
        return sets.Select((s, k) =>
        {
            var unseenClasses = classes.Where((_, i) => s.Unseen[i]).ToArray();
            var seenClasses = classes.Where((_, i) => !s.Unseen[i]).ToArray();
            return new UniversePartition(k, s.Target, seenClasses, unseenClasses, StructuralRatio.Compute(graph, seenClasses, unseenClasses));
        }).ToArray();
    }

    /// <summary>R over the distance matrix: mean over unseen c of min d(c, seen) / min d(c, other unseen).</summary>
    public static double Ratio(int[,] distance, bool[] unseen)
    {
        var n = unseen.Length;
        double sum = 0;
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (!unseen[i]) continue;
            int toSeen = int.MaxValue, toUnseen = int.MaxValue;
            for (var j = 0; j < n; j++)
            {
                if (j == i) continue;
                if (unseen[j]) toUnseen = Math.Min(toUnseen, distance[i, j]);
                else toSeen = Math.Min(toSeen, distance[i, j]);
            }
            sum += (double)toSeen / toUnseen;
            count++;
        }
        return sum / count;
    }

    /// <summary>Simulated annealing over swaps of one unseen and one seen class, minimising <paramref name="objective"/>(R); the best state is kept.</summary>
    private static bool[] Anneal(int[,] distance, int unseen, SplitMix64 random, int steps, Func<double, double> objective, bool[]? start = null)
    {
        var n = distance.GetLength(0);
        var state = new bool[n];
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        if (start is not null) Array.Copy(start, state, n);
        else foreach (var i in order.Take(unseen)) state[i] = true;
        var current = objective(Ratio(distance, state));
        var best = (bool[])state.Clone();
        var bestValue = current;
        for (var step = 0; step < steps; step++)
        {
            var temperature = 0.05 * (1 - (double)step / steps) + 1e-6;
            int a, b;
            do a = random.Below(n); while (!state[a]);
            do b = random.Below(n); while (state[b]);
            state[a] = false;
            state[b] = true;
            var value = objective(Ratio(distance, state));
            if (value <= current || random.NextDouble() < Math.Exp((current - value) / temperature))
            {
                current = value;
                if (value < bestValue) { bestValue = value; best = (bool[])state.Clone(); }
            }
            else
            {
                state[a] = true;
                state[b] = false;
            }
        }
        return best;
    }

    /// <summary>Writes <c>partition-K/train_wnids.txt</c> (seen) and <c>test_wnids.txt</c> (unseen) per partition and <c>partitions.json</c> (R, flaws, settings), each through a temporary file.</summary>
    public static void Write(string directory, IReadOnlyList<UniversePartition> partitions, string universeFile, ulong seed, int steps)
    {
        Directory.CreateDirectory(directory);
        foreach (var p in partitions)
        {
            var dir = Path.Combine(directory, $"partition-{p.Index}");
            Directory.CreateDirectory(dir);
            WriteAtomically(Path.Combine(dir, SplitFiles.TrainFile), string.Join('\n', p.Seen) + "\n");
            WriteAtomically(Path.Combine(dir, SplitFiles.TestFile), string.Join('\n', p.Unseen) + "\n");
        }
        var json = JsonSerializer.Serialize(new
        {
            universe = universeFile,
            seed,
            steps,
            partitions = partitions.Select(p => new
            {
                index = p.Index,
                directory = $"partition-{p.Index}",
                target_r = Math.Round(p.TargetR, 6),
                r = Math.Round(p.Report.R, 6),
                seen = p.Seen.Count,
                unseen = p.Unseen.Count,
                flaws = new
                {
                    test_ancestor_of_test = p.Report.FlawCount(RatioReport.TestAncestorOfTest),
                    train_ancestor_of_test = p.Report.FlawCount(RatioReport.TrainAncestorOfTest),
                    test_ancestor_of_train = p.Report.FlawCount(RatioReport.TestAncestorOfTrain),
                    pairs = p.Report.Flaws.Select(f => new { kind = f.Kind, ancestor = f.Ancestor, descendant = f.Descendant }),
                },
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
        WriteAtomically(Path.Combine(directory, "partitions.json"), json + "\n");
    }

    private static void WriteAtomically(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
