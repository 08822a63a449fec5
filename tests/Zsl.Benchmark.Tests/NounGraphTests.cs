using CsCheck;
using Zsl.Benchmark;

namespace Zsl.Benchmark.Tests;

public sealed class NounGraphTests
{
    /// <summary>Thesis fig. 2.7: horse and zebra under equine, TV monitor and PC laptop under screen.</summary>
    private static NounGraph ToyExample() => NounGraph.FromEdges([
        ("equine", "entity"), ("horse", "equine"), ("zebra", "equine"),
        ("screen", "entity"), ("monitor", "screen"), ("laptop", "screen"),
    ]);

    [Fact]
    public void The_toy_example_of_the_thesis_has_R_one_half()
    {
        var report = StructuralRatio.Compute(ToyExample(), ["horse", "monitor"], ["zebra", "laptop"]);
        Assert.Equal(0.5, report.R, 12);
        Assert.All(report.Classes, c => { Assert.Equal(2, c.TrainDistance); Assert.Equal(4, c.TestDistance); });
        Assert.Empty(report.Flaws);
    }

    [Fact]
    public void Ancestor_descendant_pairs_are_structural_flaws()
    {
        var graph = ToyExample();
        var report = StructuralRatio.Compute(graph, ["horse"], ["equine", "zebra", "screen", "laptop"]);
        Assert.Contains(new StructuralFlaw(RatioReport.TestAncestorOfTest, "equine", "zebra"), report.Flaws);
        Assert.Contains(new StructuralFlaw(RatioReport.TestAncestorOfTest, "screen", "laptop"), report.Flaws);
        Assert.Contains(new StructuralFlaw(RatioReport.TestAncestorOfTrain, "equine", "horse"), report.Flaws);
        Assert.Equal(3, report.Flaws.Count);
        var below = StructuralRatio.Compute(graph, ["equine"], ["horse", "laptop"]);
        Assert.Equal([new StructuralFlaw(RatioReport.TrainAncestorOfTest, "equine", "horse")], below.Flaws);
    }

    [Fact]
    public void Bad_splits_are_refused()
    {
        var graph = ToyExample();
        Assert.Throws<ArgumentException>(() => StructuralRatio.Compute(graph, ["horse"], ["zebra"]));
        Assert.Throws<ArgumentException>(() => StructuralRatio.Compute(graph, ["horse"], ["zebra", "horse"]));
        Assert.Throws<ArgumentException>(() => StructuralRatio.Compute(graph, ["horse"], ["zebra", "unicorn"]));
    }

    /// <summary>Random DAGs: each node after the first gets 1-2 parents among earlier nodes.</summary>
    private static readonly Gen<(int Nodes, (int Child, int Parent)[] Edges, int[] Sources)> RandomGraph =
        from nodes in Gen.Int[3, 40]
        from parents in Gen.Int[0, 1000].Array[2 * nodes]
        from extra in Gen.Bool.Array[nodes]
        from sourceFlags in Gen.Bool.Array[nodes]
        let edges = Enumerable.Range(1, nodes - 1)
            .SelectMany(i => extra[i] && i > 1 ? new[] { (i, parents[2 * i] % i), (i, parents[2 * i + 1] % i) } : new[] { (i, parents[2 * i] % i) })
            .Distinct().ToArray()
        select (nodes, edges, Enumerable.Range(0, nodes).Where(i => sourceFlags[i]).ToArray());

    private static string Name(int i) => $"n{i:D8}";

    private static int[] BruteForceDistances(int nodes, (int Child, int Parent)[] edges, int from)
    {
        var d = new int[nodes];
        Array.Fill(d, -1);
        d[from] = 0;
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var (a, b) in edges)
            {
                var w = a == v ? b : b == v ? a : -1;
                if (w >= 0 && d[w] < 0) { d[w] = d[v] + 1; queue.Enqueue(w); }
            }
        }
        return d;
    }

    [Fact]
    public void Nearest_other_source_matches_a_bfs_from_every_source()
    {
        RandomGraph.Where(g => g.Sources.Length >= 2).Sample(g =>
        {
            var graph = NounGraph.FromEdges(g.Edges.Select(e => (Name(e.Child), Name(e.Parent))));
            var sources = g.Sources.Select(i => graph.IndexOf(Name(i))).ToArray();
            var fast = graph.NearestOtherSourceDistances(sources);
            for (var k = 0; k < sources.Length; k++)
            {
                var d = BruteForceDistances(g.Nodes, g.Edges, g.Sources[k]);
                var expected = g.Sources.Where(s => s != g.Sources[k]).Select(s => d[s]).Where(x => x >= 0).DefaultIfEmpty(-1).Min();
                Assert.Equal(expected, fast[k]);
            }
        }, iter: 300);
    }

    [Fact]
    public void Multi_source_distances_match_the_minimum_of_single_source_searches()
    {
        RandomGraph.Where(g => g.Sources.Length >= 1).Sample(g =>
        {
            var graph = NounGraph.FromEdges(g.Edges.Select(e => (Name(e.Child), Name(e.Parent))));
            var fast = graph.DistancesFrom(g.Sources.Select(i => graph.IndexOf(Name(i))));
            var single = g.Sources.Select(s => BruteForceDistances(g.Nodes, g.Edges, s)).ToArray();
            for (var v = 0; v < g.Nodes; v++)
                Assert.Equal(single.Select(d => d[v]).Min(), fast[graph.IndexOf(Name(v))]);
        }, iter: 300);
    }
}

public sealed class InducedGraphTests
{
    [Fact]
    public void Contracting_intermediate_nodes_shortens_paths_and_a_tree_keeps_one_parent()
    {
        var graph = NounGraph.FromEdges([
            ("equine", "entity"), ("horse", "equine"), ("zebra", "equine"), ("zebra", "striped"), ("striped", "entity"),
            ("screen", "entity"), ("monitor", "screen"), ("laptop", "screen"),
        ]);
        var keep = new HashSet<string>(["entity", "horse", "zebra", "monitor", "laptop"]);
        var induced = graph.InducedOn(keep, tree: false);
        Assert.Equal(5, induced.NodeCount);
        Assert.Equal(4, induced.EdgeCount); // zebra reaches entity by two paths: one contracted edge
        var report = StructuralRatio.Compute(induced, ["horse", "monitor"], ["zebra", "laptop"]);
        Assert.All(report.Classes, c => Assert.Equal(2, c.TrainDistance));
        Assert.All(report.Classes, c => Assert.Equal(2, c.TestDistance));
        var tree = new NounGraph[] { graph.InducedOn(new HashSet<string>(["entity", "equine", "striped", "zebra"]), tree: true) }[0];
        Assert.Single(tree.Parents(tree.IndexOf("zebra")).ToArray());
    }
}
