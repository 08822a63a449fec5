using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>
/// The WordNet 3.0 noun hierarchy as arrays: nodes are noun synsets in wnid order; <see cref="Neighbours"/> is the
/// undirected graph of hypernym and instance-hypernym edges (compressed sparse rows) in which class distances
/// are shortest-path lengths; <see cref="Parents"/> keeps the edge directions for ancestor tests.
/// </summary>
public sealed class NounGraph
{
    private readonly Dictionary<string, int> _index;
    private readonly int[] _adjacencyStart, _adjacency, _parentStart, _parents;

    /// <summary>entity.n.01, the root of the WordNet 3.0 noun hierarchy.</summary>
    public const string Root = "n00001740";

    public IReadOnlyList<string> Wnids { get; }
    public IReadOnlyList<string> Lexnames { get; }
    public int NodeCount => Wnids.Count;
    public int EdgeCount => _parents.Length;

    private NounGraph(string[] wnids, string[] lexnames, (int Child, int Parent)[] edges)
    {
        Wnids = wnids;
        Lexnames = lexnames;
        _index = new Dictionary<string, int>(wnids.Length, StringComparer.Ordinal);
        for (var i = 0; i < wnids.Length; i++) _index[wnids[i]] = i;
        (_parentStart, _parents) = Csr(wnids.Length, edges.Select(e => (e.Child, e.Parent)));
        (_adjacencyStart, _adjacency) = Csr(wnids.Length, edges.SelectMany(e => new[] { (e.Child, e.Parent), (e.Parent, e.Child) }).Distinct());
    }

    public static NounGraph Load(string databasePath)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        return Load(connection);
    }

    public static NounGraph Load(SqliteConnection connection)
    {
        var nodes = connection.Query<(string Wnid, string Lexname)>(SqlScripts.Get("benchmark/noun-synsets.sql")).ToArray();
        if (nodes.Length == 0) throw new InvalidDataException("the database has no noun synsets: build it with ./zsl etl wordnet");
        var index = new Dictionary<string, int>(nodes.Length, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Length; i++) index[nodes[i].Wnid] = i;
        var edges = connection.Query<(string Child, string Parent)>(SqlScripts.Get("benchmark/noun-hypernym-edges.sql"))
            .Select(e => (index[e.Child], index[e.Parent])).ToArray();
        return new NounGraph(nodes.Select(n => n.Wnid).ToArray(), nodes.Select(n => n.Lexname).ToArray(), edges);
    }

    /// <summary>Builds a graph from explicit child → parent edges (tests, small examples).</summary>
    public static NounGraph FromEdges(IEnumerable<(string Child, string Parent)> edges, IReadOnlyDictionary<string, string>? lexnames = null)
    {
        var list = edges.ToArray();
        var wnids = list.SelectMany(e => new[] { e.Child, e.Parent }).Concat(lexnames?.Keys ?? []).Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = wnids.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
        return new NounGraph(wnids, wnids.Select(w => lexnames?.GetValueOrDefault(w) ?? "noun.Tops").ToArray(),
            list.Select(e => (index[e.Child], index[e.Parent])).ToArray());
    }

    /// <summary>
    /// The hierarchy induced on <paramref name="keep"/> (e.g. ImageNet's structure wnids): each kept node's parents are its
    /// nearest kept ancestors, intermediate nodes are contracted away. With <paramref name="tree"/>, only the first
    /// (lowest wnid) of those parents is kept, giving a tree like the pruned hierarchy of the thesis.
    /// </summary>
    public NounGraph InducedOn(IReadOnlySet<string> keep, bool tree)
    {
        var edges = new List<(string, string)>();
        foreach (var wnid in keep.Order(StringComparer.Ordinal))
        {
            var node = IndexOf(wnid);
            var parents = new SortedSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<int>();
            var stack = new Stack<int>();
            stack.Push(node);
            while (stack.Count > 0)
                foreach (var p in Parents(stack.Pop()))
                {
                    if (!seen.Add(p)) continue;
                    if (keep.Contains(Wnids[p])) parents.Add(Wnids[p]);
                    else stack.Push(p);
                }
            foreach (var p in tree ? parents.Take(1) : parents) edges.Add((wnid, p));
        }
        var lexnames = keep.ToDictionary(w => w, w => Lexnames[IndexOf(w)], StringComparer.Ordinal);
        return FromEdges(edges, lexnames);
    }

    public bool Contains(string wnid) => _index.ContainsKey(wnid);

    public int IndexOf(string wnid) => _index.TryGetValue(wnid, out var i) ? i
        : throw new ArgumentException($"wnid {wnid} is not a noun synset of the WordNet graph");

    public ReadOnlySpan<int> Neighbours(int node) => _adjacency.AsSpan(_adjacencyStart[node], _adjacencyStart[node + 1] - _adjacencyStart[node]);

    public ReadOnlySpan<int> Parents(int node) => _parents.AsSpan(_parentStart[node], _parentStart[node + 1] - _parentStart[node]);

    /// <summary>Shortest-path length from every node to the nearest of <paramref name="sources"/> (one multi-source BFS); -1 if unreachable.</summary>
    public int[] DistancesFrom(IEnumerable<int> sources)
    {
        var distance = new int[NodeCount];
        Array.Fill(distance, -1);
        var queue = new int[NodeCount];
        int head = 0, tail = 0;
        foreach (var s in sources)
            if (distance[s] < 0) { distance[s] = 0; queue[tail++] = s; }
        while (head < tail)
        {
            var node = queue[head++];
            var next = distance[node] + 1;
            foreach (var n in Neighbours(node))
                if (distance[n] < 0) { distance[n] = next; queue[tail++] = n; }
        }
        return distance;
    }

    /// <summary>
    /// For each source, the shortest-path length to the nearest <em>other</em> source (-1 if none is reachable),
    /// by one BFS in which every node keeps the first two distinct sources that reach it: O(V + E) for any
    /// number of sources, never all-pairs.
    /// </summary>
    public int[] NearestOtherSourceDistances(IReadOnlyList<int> sources)
    {
        var firstSource = new int[NodeCount];
        var secondSource = new int[NodeCount];
        var secondDistance = new int[NodeCount];
        var firstDistance = new int[NodeCount];
        Array.Fill(firstSource, -1);
        Array.Fill(secondSource, -1);
        var queueNode = new int[2 * NodeCount];
        var queueSource = new int[2 * NodeCount];
        var queueDistance = new int[2 * NodeCount];
        int head = 0, tail = 0;
        foreach (var s in sources)
        {
            if (firstSource[s] >= 0) throw new ArgumentException($"source {Wnids[s]} is listed twice");
            firstSource[s] = s; firstDistance[s] = 0;
            queueNode[tail] = s; queueSource[tail] = s; queueDistance[tail++] = 0;
        }
        while (head < tail)
        {
            var node = queueNode[head];
            var source = queueSource[head];
            var next = queueDistance[head++] + 1;
            foreach (var n in Neighbours(node))
            {
                if (firstSource[n] < 0) { firstSource[n] = source; firstDistance[n] = next; }
                else if (secondSource[n] < 0 && firstSource[n] != source) { secondSource[n] = source; secondDistance[n] = next; }
                else continue;
                queueNode[tail] = n; queueSource[tail] = source; queueDistance[tail++] = next;
            }
        }
        var result = new int[sources.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = secondSource[sources[i]] < 0 ? -1 : secondDistance[sources[i]];
        return result;
    }

    /// <summary>Every proper ancestor of <paramref name="node"/> (hypernyms and instance hypernyms, transitively).</summary>
    public HashSet<int> Ancestors(int node)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(node);
        while (stack.Count > 0)
            foreach (var p in Parents(stack.Pop()))
                if (seen.Add(p)) stack.Push(p);
        return seen;
    }

    /// <summary>Depth of every node: the fewest hypernym steps up to a root (entity.n.01 is the only noun root).</summary>
    public int[] Depths()
    {
        var depth = new int[NodeCount];
        Array.Fill(depth, -1);
        // Children lists from the parent arrays, then BFS down from the roots.
        var children = new List<int>[NodeCount];
        var queue = new Queue<int>();
        for (var v = 0; v < NodeCount; v++)
        {
            if (Parents(v).Length == 0) { depth[v] = 0; queue.Enqueue(v); }
            foreach (var p in Parents(v)) (children[p] ??= []).Add(v);
        }
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            if (children[v] is null) continue;
            foreach (var c in children[v])
                if (depth[c] < 0) { depth[c] = depth[v] + 1; queue.Enqueue(c); }
        }
        return depth;
    }

    private static (int[] Start, int[] Items) Csr(int nodes, IEnumerable<(int From, int To)> pairs)
    {
        var list = pairs.ToArray();
        var start = new int[nodes + 1];
        foreach (var (from, _) in list) start[from + 1]++;
        for (var i = 0; i < nodes; i++) start[i + 1] += start[i];
        var items = new int[list.Length];
        var fill = start[..^1].ToArray();
        foreach (var (from, to) in list.OrderBy(p => p.From).ThenBy(p => p.To)) items[fill[from]++] = to;
        return (start, items);
    }
}
