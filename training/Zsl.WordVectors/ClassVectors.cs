using System.Text.RegularExpressions;
using Dapper;
using Zsl.Store;

namespace Zsl.WordVectors;

/// <summary>How a lemma found its vector.</summary>
public enum LemmaMatch { None, Token, JoinedToken, WordAverage }

/// <summary>How many classes and lemmas found vectors, and how.</summary>
public sealed record CoverageReport(int Classes, int CoveredClasses, int Lemmas, int CoveredLemmas,
    IReadOnlyDictionary<LemmaMatch, int> ByMatch, IReadOnlyList<string> MissingLemmasSample)
{
    public double ClassCoverage => Classes == 0 ? 0 : CoveredClasses / (double)Classes;
    public double LemmaCoverage => Lemmas == 0 ? 0 : CoveredLemmas / (double)Lemmas;

    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>
    {
        ["classes"] = Classes, ["coveredClasses"] = CoveredClasses, ["classCoverage"] = ClassCoverage,
        ["lemmas"] = Lemmas, ["coveredLemmas"] = CoveredLemmas, ["lemmaCoverage"] = LemmaCoverage,
        ["lemmasAsToken"] = ByMatch.GetValueOrDefault(LemmaMatch.Token),
        ["lemmasAsJoinedToken"] = ByMatch.GetValueOrDefault(LemmaMatch.JoinedToken),
        ["lemmasAsWordAverage"] = ByMatch.GetValueOrDefault(LemmaMatch.WordAverage),
    };
}

/// <summary>
/// Class vectors from lemmas: a synset's vector is the mean of its lemmas' vectors. A lemma is looked up as one token
/// (as written, then lower case); a multi-word lemma ('polar bear', 'jack-in-the-box') next as a joined token with
/// underscores or hyphens ('polar_bear', the phrase form of word2vec/fastText), then as the mean of its words split on
/// spaces, hyphens and underscores (each word as written, then lower case), covered only when every word is found.
/// </summary>
public static class ClassVectors
{
    private static readonly Regex WordSplit = new(@"[\s_\-]+", RegexOptions.Compiled);

    /// <summary>Every token a lemma may be looked up as: the vocabulary filter for reading a large vector file.</summary>
    public static IEnumerable<string> CandidateTokens(string lemma)
    {
        foreach (var token in WholeTokens(lemma)) yield return token;
        foreach (var word in Words(lemma)) { yield return word; yield return word.ToLowerInvariant(); }
    }

    /// <summary>The vector of one lemma and how it was found (None and null when not covered).</summary>
    public static (float[]? Vector, LemmaMatch Match) LemmaVector(string lemma, WordVectorTable vectors)
    {
        foreach (var token in WholeTokens(lemma))
            if (vectors.TryGet(token, out var v))
                return (v, token == lemma || token == lemma.ToLowerInvariant() ? LemmaMatch.Token : LemmaMatch.JoinedToken);
        var words = Words(lemma);
        if (words.Length < 2) return (null, LemmaMatch.None);
        var found = new List<float[]>();
        foreach (var word in words)
        {
            if (vectors.TryGet(word, out var w) || vectors.TryGet(word.ToLowerInvariant(), out w)) found.Add(w);
            else return (null, LemmaMatch.None);
        }
        return (Mean(found), LemmaMatch.WordAverage);
    }

    /// <summary>Class vectors for the given (wnid, lemma) rows, grouped by wnid in order; classes with no covered lemma are left out.</summary>
    public static (IReadOnlyList<KeyedVector> Vectors, CoverageReport Coverage) Build(IEnumerable<(string Wnid, string Lemma)> lemmas, WordVectorTable vectors)
    {
        var result = new List<KeyedVector>();
        var byMatch = new Dictionary<LemmaMatch, int>();
        var missing = new List<string>();
        int classes = 0, lemmaCount = 0, covered = 0;
        foreach (var group in lemmas.GroupBy(l => l.Wnid))
        {
            classes++;
            var found = new List<float[]>();
            foreach (var (_, lemma) in group)
            {
                lemmaCount++;
                var (vector, match) = LemmaVector(lemma, vectors);
                if (vector is null) { if (missing.Count < 20) missing.Add(lemma); continue; }
                covered++;
                byMatch[match] = byMatch.GetValueOrDefault(match) + 1;
                found.Add(vector);
            }
            if (found.Count > 0) result.Add(new KeyedVector(group.Key, Mean(found)));
        }
        return (result, new CoverageReport(classes, result.Count, lemmaCount, covered, byMatch, missing));
    }

    /// <summary>The (wnid, lemma) rows of a WordNet database for one part of speech (n, v, a, r; null for all).</summary>
    public static IReadOnlyList<(string Wnid, string Lemma)> LemmasFromDatabase(string databasePath, string? pos = "n")
    {
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("lemmas")) throw new InvalidDataException($"{databasePath} has no lemmas table (run ./zsl etl wordnet first)");
        return connection.Query<(string Wnid, string Lemma)>(SqlScripts.Get("embeddings/synset-lemmas.sql"), new { pos = pos ?? "" }).ToList();
    }

    public static float[] Mean(IReadOnlyList<float[]> vectors)
    {
        var mean = new float[vectors[0].Length];
        foreach (var v in vectors)
            for (var i = 0; i < mean.Length; i++) mean[i] += v[i];
        for (var i = 0; i < mean.Length; i++) mean[i] /= vectors.Count;
        return mean;
    }

    private static IEnumerable<string> WholeTokens(string lemma)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lower = lemma.ToLowerInvariant();
        foreach (var t in new[] { lemma, lower, lemma.Replace(' ', '_'), lower.Replace(' ', '_'), lemma.Replace(' ', '-'), lower.Replace(' ', '-'),
                     lower.Replace('_', ' ').Replace(' ', '-'), lower.Replace('-', '_').Replace(' ', '_') })
            if (seen.Add(t)) yield return t;
    }

    private static string[] Words(string lemma) => WordSplit.Split(lemma).Where(w => w.Length > 0).ToArray();
}
