namespace Zsl.Benchmark;

/// <summary>How a test class sits in the hierarchy relative to the training set and the other test classes.</summary>
public sealed record ClassRatio(string Wnid, int TrainDistance, int TestDistance, double Ratio);

/// <summary>One ancestor/descendant pair of a split (thesis fig. 2.1): both classes cannot be right answers at once.</summary>
public sealed record StructuralFlaw(string Kind, string Ancestor, string Descendant);

/// <summary>The structural ratio R of a split (thesis eq. 2.5) and its structural flaws.</summary>
public sealed record RatioReport(double R, IReadOnlyList<ClassRatio> Classes, IReadOnlyList<StructuralFlaw> Flaws, int TrainingClasses)
{
    public const string TestAncestorOfTest = "test-ancestor-of-test";
    public const string TestAncestorOfTrain = "test-ancestor-of-train";
    public const string TrainAncestorOfTest = "train-ancestor-of-test";

    public int FlawCount(string kind) => Flaws.Count(f => f.Kind == kind);

    /// <summary>The q-quantile of r(c) (nearest rank).</summary>
    public double Quantile(double q)
    {
        var sorted = Classes.Select(c => c.Ratio).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// r(c) = min over training classes c' of d(c, c') / min over other test classes c' of d(c, c'), R = mean r(c),
/// d = shortest-path length in the undirected noun graph. Two BFS passes over the whole graph, whatever the split size.
/// </summary>
public static class StructuralRatio
{
    public static RatioReport Compute(NounGraph graph, IReadOnlyCollection<string> training, IReadOnlyCollection<string> test)
    {
        if (test.Count < 2) throw new ArgumentException($"a test split needs at least 2 classes for the structural ratio, got {test.Count}");
        if (training.Count == 0) throw new ArgumentException("the training set is empty");
        var trainIndex = training.Select(graph.IndexOf).ToArray();
        var testIndex = test.Select(graph.IndexOf).ToArray();
        var trainSet = trainIndex.ToHashSet();
        var overlap = testIndex.Where(trainSet.Contains).Select(i => graph.Wnids[i]).ToArray();
        if (overlap.Length > 0) throw new ArgumentException($"{overlap.Length} test classes are training classes, e.g. {overlap[0]}");
        if (testIndex.Distinct().Count() != testIndex.Length) throw new ArgumentException("the test split lists a class twice");

        var trainDistance = graph.DistancesFrom(trainIndex);
        var testDistance = graph.NearestOtherSourceDistances(testIndex);
        var classes = new ClassRatio[testIndex.Length];
        for (var i = 0; i < testIndex.Length; i++)
        {
            var dTrain = trainDistance[testIndex[i]];
            var dTest = testDistance[i];
            if (dTrain < 0 || dTest < 0)
                throw new InvalidDataException($"class {graph.Wnids[testIndex[i]]} is not connected to the {(dTrain < 0 ? "training" : "other test")} classes in the noun graph");
            classes[i] = new ClassRatio(graph.Wnids[testIndex[i]], dTrain, dTest, (double)dTrain / dTest);
        }
        Array.Sort(classes, (a, b) => string.CompareOrdinal(a.Wnid, b.Wnid));
        return new RatioReport(classes.Average(c => c.Ratio), classes, Flaws(graph, trainSet, testIndex), training.Count);
    }

    /// <summary>Every ancestor/descendant pair between test classes, and between a test class and a training class.</summary>
    public static IReadOnlyList<StructuralFlaw> Flaws(NounGraph graph, IReadOnlySet<int> training, IReadOnlyList<int> test)
    {
        var testSet = test.ToHashSet();
        var flaws = new List<StructuralFlaw>();
        foreach (var t in test)
            foreach (var ancestor in graph.Ancestors(t))
            {
                if (testSet.Contains(ancestor)) flaws.Add(new StructuralFlaw(RatioReport.TestAncestorOfTest, graph.Wnids[ancestor], graph.Wnids[t]));
                if (training.Contains(ancestor)) flaws.Add(new StructuralFlaw(RatioReport.TrainAncestorOfTest, graph.Wnids[ancestor], graph.Wnids[t]));
            }
        foreach (var c in training)
            foreach (var ancestor in graph.Ancestors(c))
                if (testSet.Contains(ancestor)) flaws.Add(new StructuralFlaw(RatioReport.TestAncestorOfTrain, graph.Wnids[ancestor], graph.Wnids[c]));
        return flaws.OrderBy(f => f.Kind, StringComparer.Ordinal).ThenBy(f => f.Ancestor, StringComparer.Ordinal)
            .ThenBy(f => f.Descendant, StringComparer.Ordinal).ToArray();
    }
}
