using Dapper;
using Zsl.Store;

namespace Zsl.WordVectors;

/// <summary>One sense of a polysemous lemma: the cosine between the lemma's vector and the mean vector of the sense's neighbours.</summary>
public sealed record SenseScore(string Lemma, int SenseRank, string Wnid, double? Similarity, bool IsPrimary);

/// <summary>
/// The embedding-based primary-meaning test (thesis ch. 2 supplementary): a word vector mixes the contexts of all
/// senses of a word, dominated by its primary meaning. For each sense s of a lemma, the sense's neighbourhood is the
/// mean class vector of its direct hypernyms and hyponyms; the lemma is taken in its primary sense for the synset
/// whose neighbourhood is closest (cosine) to the lemma's own vector ('cairn': the stone memorial, not the terrier).
/// </summary>
public static class PrimaryMeaning
{
    /// <param name="senses">(index lemma, sense rank, wnid) rows, grouped by lemma.</param>
    /// <param name="neighbours">Direct hierarchy neighbours of each synset.</param>
    /// <param name="classVectors">Class vectors by wnid (from lemmas).</param>
    /// <param name="vectors">Word vectors for the lemmas themselves.</param>
    public static IEnumerable<SenseScore> Score(IEnumerable<(string Lemma, int SenseRank, string Wnid)> senses,
        IReadOnlyDictionary<string, string[]> neighbours, IReadOnlyDictionary<string, float[]> classVectors, WordVectorTable vectors,
        bool polysemousOnly = true)
    {
        foreach (var group in senses.GroupBy(s => s.Lemma))
        {
            var list = group.OrderBy(s => s.SenseRank).ToList();
            if (polysemousOnly && list.Count < 2) continue;
            var (word, _) = ClassVectors.LemmaVector(group.Key.Replace('_', ' '), vectors);
            if (word is null) continue;
            var scores = list.Select(s => (s.SenseRank, s.Wnid, Similarity: NeighbourhoodSimilarity(s.Wnid, word, neighbours, classVectors))).ToList();
            var best = scores.Where(s => s.Similarity is not null).OrderByDescending(s => s.Similarity).ThenBy(s => s.SenseRank).FirstOrDefault();
            foreach (var s in scores)
                yield return new SenseScore(group.Key, s.SenseRank, s.Wnid, s.Similarity, s.Wnid == best.Wnid && best.Similarity is not null);
        }
    }

    private static double? NeighbourhoodSimilarity(string wnid, float[] word, IReadOnlyDictionary<string, string[]> neighbours,
        IReadOnlyDictionary<string, float[]> classVectors)
    {
        if (!neighbours.TryGetValue(wnid, out var around)) return null;
        var found = around.Where(classVectors.ContainsKey).Select(n => classVectors[n]).ToList();
        return found.Count == 0 ? null : Cosine(word, ClassVectors.Mean(found));
    }

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    public static IReadOnlyList<(string Lemma, int SenseRank, string Wnid)> SensesFromDatabase(string databasePath, string pos = "n")
    {
        using var connection = Database.OpenReadOnly(databasePath);
        return connection.Query<(string Lemma, int SenseRank, string Wnid)>(SqlScripts.Get("embeddings/lemma-senses.sql"), new { pos }).ToList();
    }

    public static IReadOnlyDictionary<string, string[]> NeighboursFromDatabase(string databasePath)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        return connection.Query<(string Wnid, string Neighbour)>(SqlScripts.Get("embeddings/taxonomy-neighbours.sql"))
            .GroupBy(r => r.Wnid).ToDictionary(g => g.Key, g => g.Select(r => r.Neighbour).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Writes the scores as a tab-separated file (lemma, sense_rank, wnid, similarity, primary), atomically.</summary>
    public static int WriteTsv(string path, IEnumerable<SenseScore> scores)
    {
        var temp = path + $".tmp-{Environment.ProcessId}";
        var rows = 0;
        try
        {
            using (var writer = new StreamWriter(temp))
            {
                writer.WriteLine("lemma\tsense_rank\twnid\tsimilarity\tprimary");
                foreach (var s in scores)
                {
                    writer.WriteLine(string.Join('\t', s.Lemma, s.SenseRank, s.Wnid,
                        s.Similarity?.ToString("F6", System.Globalization.CultureInfo.InvariantCulture) ?? "", s.IsPrimary ? 1 : 0));
                    rows++;
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return rows;
    }
}
