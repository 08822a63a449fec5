using System.Text.RegularExpressions;
using Dapper;
using Zsl.Store;

namespace Zsl.WordVectors;

/// <summary>Gloss embeddings: the bag-of-words mean of the word vectors of a synset's definition.</summary>
public static class GlossVectors
{
    private static readonly Regex Token = new(@"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*", RegexOptions.Compiled);

    /// <summary>Lower-case word tokens of a definition ("a member of the genus Canis" → a, member, of, the, genus, canis).</summary>
    public static IEnumerable<string> Tokens(string definition) => Token.Matches(definition).Select(m => m.Value.ToLowerInvariant());

    /// <summary>Mean over the definition's tokens that have a vector (as written in lower case, or their hyphen-free parts).</summary>
    public static float[]? Embed(string definition, WordVectorTable vectors)
    {
        var found = new List<float[]>();
        foreach (var token in Tokens(definition))
        {
            if (vectors.TryGet(token, out var v)) found.Add(v);
            else if (token.Contains('-'))
                foreach (var part in token.Split('-'))
                    if (vectors.TryGet(part, out var p)) found.Add(p);
        }
        return found.Count == 0 ? null : ClassVectors.Mean(found);
    }

    public static IEnumerable<string> CandidateTokens(string definition) =>
        Tokens(definition).SelectMany(t => t.Contains('-') ? t.Split('-').Append(t) : [t]);

    /// <summary>Gloss vectors of every (wnid, definition); definitions with no known word are left out (counted in the coverage).</summary>
    public static (IReadOnlyList<KeyedVector> Vectors, int Definitions) Build(IEnumerable<(string Wnid, string Definition)> definitions, WordVectorTable vectors)
    {
        var result = new List<KeyedVector>();
        var count = 0;
        foreach (var (wnid, definition) in definitions)
        {
            count++;
            if (Embed(definition, vectors) is { } v) result.Add(new KeyedVector(wnid, v));
        }
        return (result, count);
    }

    public static IReadOnlyList<(string Wnid, string Definition)> DefinitionsFromDatabase(string databasePath, string? pos = "n")
    {
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("synsets")) throw new InvalidDataException($"{databasePath} has no synsets table (run ./zsl etl wordnet first)");
        return connection.Query<(string Wnid, string Definition)>(SqlScripts.Get("embeddings/synset-definitions.sql"), new { pos = pos ?? "" }).ToList();
    }
}
