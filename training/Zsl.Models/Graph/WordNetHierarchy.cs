using Dapper;
using Zsl.Store;

namespace Zsl.Models.Graph;

/// <summary>
/// The WordNet noun hierarchy (hypernym and instance-hypernym edges) read from the project's SQLite database:
/// parents, children, ancestors and shortest-path distances (the hierarchy taken as an undirected graph, the
/// distance d of the thesis' structural ratio).
/// </summary>
public sealed class WordNetHierarchy
{
    private readonly Dictionary<string, List<string>> _parents = new();
    private readonly Dictionary<string, List<string>> _children = new();

    private sealed record Edge(string Child, string Parent);

    public static WordNetHierarchy Load(string dbPath)
    {
        if (!File.Exists(dbPath)) throw new FileNotFoundException($"WordNet database {dbPath} does not exist (build it with ./zsl etl wordnet)", dbPath);
        using var connection = Database.OpenReadOnly(dbPath);
        var edges = connection.Query<Edge>(SqlScripts.Get("zsl/hypernym-edges.sql"));
        var hierarchy = new WordNetHierarchy();
        foreach (var e in edges) hierarchy.Add(e.Child, e.Parent);
        if (hierarchy._parents.Count == 0) throw new InvalidDataException($"{dbPath}: the hypernym_edges view is empty");
        return hierarchy;
    }

    /// <summary>A hierarchy from explicit child -> parent edges (tests, toy examples).</summary>
    public static WordNetHierarchy FromEdges(IEnumerable<(string Child, string Parent)> edges)
    {
        var hierarchy = new WordNetHierarchy();
        foreach (var (c, p) in edges) hierarchy.Add(c, p);
        return hierarchy;
    }

    private void Add(string child, string parent)
    {
        (_parents.TryGetValue(child, out var ps) ? ps : _parents[child] = []).Add(parent);
        (_children.TryGetValue(parent, out var cs) ? cs : _children[parent] = []).Add(child);
    }

    public bool Contains(string wnid) => _parents.ContainsKey(wnid) || _children.ContainsKey(wnid);
    public IReadOnlyList<string> Parents(string wnid) => _parents.TryGetValue(wnid, out var p) ? p : [];
    public IReadOnlyList<string> Children(string wnid) => _children.TryGetValue(wnid, out var c) ? c : [];
    public bool IsParentOf(string parent, string child) => Parents(child).Contains(parent);

    /// <summary>Every ancestor of <paramref name="wnid"/> with its shortest upward distance (the node itself excluded).</summary>
    public IReadOnlyDictionary<string, int> Ancestors(string wnid) => Directed(wnid, Parents);

    /// <summary>Every descendant of <paramref name="wnid"/> with its shortest downward distance.</summary>
    public IReadOnlyDictionary<string, int> Descendants(string wnid) => Directed(wnid, Children);

    private static Dictionary<string, int> Directed(string start, Func<string, IReadOnlyList<string>> next)
    {
        var distance = new Dictionary<string, int>();
        var queue = new Queue<string>();
        queue.Enqueue(start);
        var at = new Dictionary<string, int> { [start] = 0 };
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var n in next(node))
                if (at.TryAdd(n, at[node] + 1)) { distance[n] = at[n]; queue.Enqueue(n); }
        }
        return distance;
    }

    private IEnumerable<string> Neighbours(string wnid) => Parents(wnid).Concat(Children(wnid));

    /// <summary>Shortest undirected path length from <paramref name="source"/> to the nearest member of <paramref name="targets"/>
    /// other than itself, with every target at that distance; (int.MaxValue, []) when none is reachable.</summary>
    public (int Distance, IReadOnlyList<string> Nearest) Nearest(string source, IReadOnlySet<string> targets, int maxDistance = int.MaxValue)
    {
        var seen = new HashSet<string> { source };
        var frontier = new List<string> { source };
        for (var d = 1; frontier.Count > 0 && d <= maxDistance; d++)
        {
            var next = new List<string>();
            foreach (var node in frontier)
                foreach (var n in Neighbours(node))
                    if (seen.Add(n)) next.Add(n);
            var hits = next.Where(targets.Contains).Distinct().Order(StringComparer.Ordinal).ToArray();
            if (hits.Length > 0) return (d, hits);
            frontier = next;
        }
        return (int.MaxValue, []);
    }

    /// <summary>Undirected shortest path length between two synsets (int.MaxValue if disconnected).</summary>
    public int Distance(string a, string b) => a == b ? 0 : Nearest(a, new HashSet<string> { b }).Distance;

    /// <summary>
    /// The hierarchy induced by <paramref name="classes"/>: the classes and all their ancestors, with the hypernym
    /// edges among them (child index, parent index). Node order: the classes first (given order), then ancestors sorted.
    /// </summary>
    public (IReadOnlyList<string> Nodes, IReadOnlyList<(int Child, int Parent)> Edges) Induce(IReadOnlyList<string> classes)
    {
        var nodes = new List<string>(classes);
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        foreach (var extra in classes.SelectMany(c => Ancestors(c).Keys).Distinct().Where(a => !index.ContainsKey(a)).Order(StringComparer.Ordinal))
        {
            index[extra] = nodes.Count;
            nodes.Add(extra);
        }
        var edges = new List<(int, int)>();
        foreach (var node in nodes)
            foreach (var parent in Parents(node))
                if (index.TryGetValue(parent, out var p)) edges.Add((index[node], p));
        return (nodes, edges);
    }
}
