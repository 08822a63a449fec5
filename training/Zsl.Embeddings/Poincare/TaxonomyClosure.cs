using Dapper;
using Zsl.Store;

namespace Zsl.Embeddings.Poincare;

/// <summary>A transitive closure of a hierarchy: nodes (ordinal order) and (descendant, ancestor) pairs by index.</summary>
public sealed class TaxonomyClosure
{
    public IReadOnlyList<string> Nodes { get; }
    public (int Child, int Ancestor)[] Pairs { get; }
    public string? Root { get; }

    public TaxonomyClosure(IEnumerable<(string Child, string Ancestor)> pairs, string? root = null)
    {
        var list = pairs.Distinct().ToList();
        Nodes = list.SelectMany(p => new[] { p.Child, p.Ancestor }).Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = Nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        Pairs = list.Select(p => (index[p.Child], index[p.Ancestor])).Order().ToArray();
        Root = root;
        if (Pairs.Length == 0) throw new ArgumentException("the closure has no pairs");
    }

    /// <summary>
    /// The closure of WordNet's noun hierarchy (hypernym and instance-hypernym edges, via the hypernym_edges view),
    /// or of the subtree under <paramref name="root"/> (a wnid or a name like mammal.n.01): its descendants and the
    /// root, with the closure pairs between them. Without <paramref name="instances"/> only hypernym edges are followed
    /// (the mammal subtree then has 1,170 nodes and 6,448 pairs; with instance hypernyms 1,182 and 6,542).
    /// </summary>
    public static TaxonomyClosure FromWordNet(string databasePath, string? root = null, bool instances = true)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("synsets")) throw new InvalidDataException($"{databasePath} has no WordNet tables (run ./zsl etl wordnet first)");
        var pairs = connection.Query<(string Child, string Ancestor)>(SqlScripts.Get("embeddings/noun-closure.sql"), new { instances = instances ? 1 : 0 }).ToList();
        if (root is null) return new TaxonomyClosure(pairs);
        var rootWnid = ResolveSynset(connection, root);
        var members = pairs.Where(p => p.Ancestor == rootWnid).Select(p => p.Child).ToHashSet(StringComparer.Ordinal);
        if (members.Count == 0) throw new ArgumentException($"{root} ({rootWnid}) has no hyponyms in {databasePath}");
        members.Add(rootWnid);
        return new TaxonomyClosure(pairs.Where(p => members.Contains(p.Child) && members.Contains(p.Ancestor)), rootWnid);
    }

    /// <summary>A wnid (n02062744) as is, or a synset name lemma.pos.NN (mammal.n.01) through the WordNet index.</summary>
    public static string ResolveSynset(Microsoft.Data.Sqlite.SqliteConnection connection, string name)
    {
        if (name.Length == 9 && "nvasr".Contains(name[0]) && name[1..].All(char.IsAsciiDigit)) return name;
        var parts = name.Split('.');
        if (parts.Length < 3 || !int.TryParse(parts[^1], out var rank))
            throw new ArgumentException($"'{name}' is neither a wnid (n02062744) nor a synset name like mammal.n.01");
        var lemma = string.Join('.', parts[..^2]).ToLowerInvariant();
        var pos = parts[^2];
        return connection.QuerySingleOrDefault<string>(SqlScripts.Get("embeddings/resolve-synset-name.sql"), new { lemma, pos, rank })
               ?? throw new ArgumentException($"no synset {name} in the WordNet index");
    }
}
