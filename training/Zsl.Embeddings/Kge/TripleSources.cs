using Dapper;
using Zsl.Store;

namespace Zsl.Embeddings.Kge;

/// <summary>A fact of a knowledge graph, by name.</summary>
public sealed record NamedTriple(string Head, string Relation, string Tail);

/// <summary>Where knowledge-graph triples come from: tab-separated files, WordNet pointers, an rdf_triples table.</summary>
public static class TripleSources
{
    /// <summary>Streams <c>head TAB relation TAB tail</c> lines (WN18RR, FB15k-237 layout); blank lines are skipped.</summary>
    public static IEnumerable<NamedTriple> ReadTsv(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"triples file {path} does not exist", path);
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var parts = line.Split('\t');
            if (parts.Length != 3 || parts.Any(p => p.Trim().Length == 0))
                throw new DataFormatException(path, lineNumber, "three non-empty tab-separated fields: head, relation, tail");
            yield return new NamedTriple(parts[0].Trim(), parts[1].Trim(), parts[2].Trim());
        }
    }

    /// <summary>The synset-level pointers of a WordNet database as triples (head and tail are wnids).</summary>
    public static IReadOnlyList<NamedTriple> FromWordNetPointers(string databasePath)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("pointers")) throw new InvalidDataException($"{databasePath} has no pointers table (run ./zsl etl wordnet first)");
        return connection.Query<NamedTriple>(SqlScripts.Get("embeddings/wordnet-pointer-triples.sql")).ToList();
    }

    /// <summary>The rows of an <c>rdf_triples(subject, predicate, object)</c> table.</summary>
    public static IReadOnlyList<NamedTriple> FromRdfTriples(string databasePath)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("rdf_triples")) throw new InvalidDataException($"{databasePath} has no rdf_triples table");
        return connection.Query<NamedTriple>(SqlScripts.Get("embeddings/rdf-triples.sql")).ToList();
    }

    /// <summary>
    /// Maps WN18RR entity names (bare 8-digit synset offsets) to wnids using the synsets of a WordNet database.
    /// An offset shared by several parts of speech resolves to the noun first (ImageNet classes are nouns), then
    /// verb, adjective, satellite, adverb. Names that are not offsets, or unknown offsets, are kept as they are.
    /// </summary>
    public static Func<string, string> OffsetToWnid(string databasePath)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        var order = "nvasr";
        var byOffset = connection.Query<(string Wnid, string Pos, long Offset)>(SqlScripts.Get("embeddings/synset-offsets.sql"))
            .GroupBy(s => s.Offset)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => order.IndexOf(s.Pos, StringComparison.Ordinal)).First().Wnid);
        return name => name.Length == 8 && long.TryParse(name, out var offset) && byOffset.TryGetValue(offset, out var wnid) ? wnid : name;
    }
}
