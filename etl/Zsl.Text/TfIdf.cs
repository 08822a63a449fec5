using System.Data;
using Zsl.Store;

namespace Zsl.Text;

/// <summary>A sparse vector: term indices in increasing order with their weights.</summary>
public sealed record SparseVector(int[] Indices, float[] Values)
{
    public static readonly SparseVector Empty = new([], []);

    /// <summary>Dot product (the cosine similarity when both vectors are L2-normalised).</summary>
    public double Dot(SparseVector other)
    {
        double sum = 0;
        int i = 0, j = 0;
        while (i < Indices.Length && j < other.Indices.Length)
        {
            if (Indices[i] == other.Indices[j]) { sum += (double)Values[i] * other.Values[j]; i++; j++; }
            else if (Indices[i] < other.Indices[j]) i++;
            else j++;
        }
        return sum;
    }
}

/// <summary>Vocabulary choices: at most <see cref="MaxTerms"/> terms (most frequent by document frequency), seen in at least <see cref="MinDocumentFrequency"/> documents and at most <see cref="MaxDocumentShare"/> of them.</summary>
public sealed record TfIdfOptions(int MaxTerms = 50_000, int MinDocumentFrequency = 1, double MaxDocumentShare = 1.0, bool RemoveStopWords = true);

/// <summary>
/// TF-IDF document vectors: tf = raw count of the term in the document, idf = ln((1 + N) / (1 + df)) + 1
/// (smoothed, so no term has zero weight), each vector L2-normalised, so that the dot product of two
/// vectors is their cosine similarity. Terms are <see cref="Tokenizer"/> tokens; the vocabulary is sorted
/// alphabetically, so term indices are deterministic.
/// </summary>
public sealed class TfIdfModel
{
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public IReadOnlyList<string> Terms { get; }
    public IReadOnlyList<int> DocumentFrequencies { get; }
    public IReadOnlyList<double> Idf { get; }
    public int Documents { get; }

    private TfIdfModel(string[] terms, int[] df, int documents)
    {
        Terms = terms;
        DocumentFrequencies = df;
        Documents = documents;
        Idf = df.Select(d => Math.Log((1.0 + documents) / (1.0 + d)) + 1.0).ToArray();
        _index = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++) _index[terms[i]] = i;
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static TfIdfModel Fit(IEnumerable<string> documents, TfIdfOptions? options = null)
    {
        options ??= new TfIdfOptions();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = df.GetAlternateLookup<ReadOnlySpan<char>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenLookup = seen.GetAlternateLookup<ReadOnlySpan<char>>();
        var n = 0;
        foreach (var document in documents)
        {
            n++;
            seen.Clear();
            Tokenizer.Tokenize(document, token =>
            {
                if (options.RemoveStopWords && StopWords.Contains(token)) return;
                if (!seenLookup.Add(token)) return;
                if (lookup.TryGetValue(token, out var count)) lookup[token] = count + 1;
                else lookup[token] = 1;
            });
        }
        var maxDf = options.MaxDocumentShare * n;
        var chosen = df.Where(kv => kv.Value >= options.MinDocumentFrequency && kv.Value <= maxDf)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(options.MaxTerms)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToArray();
        return new TfIdfModel(chosen.Select(kv => kv.Key).ToArray(), chosen.Select(kv => kv.Value).ToArray(), n);
    }

    public int IndexOf(string term) => _index.TryGetValue(term, out var i) ? i : -1;

    public SparseVector Transform(string document)
    {
        var tf = new Dictionary<int, int>();
        Tokenizer.Tokenize(document, token =>
        {
            if (_lookup.TryGetValue(token, out var i)) tf[i] = tf.GetValueOrDefault(i) + 1;
        });
        if (tf.Count == 0) return SparseVector.Empty;
        var indices = tf.Keys.Order().ToArray();
        var values = new float[indices.Length];
        double norm = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            var w = tf[indices[k]] * Idf[indices[k]];
            values[k] = (float)w;
            norm += w * w;
        }
        norm = Math.Sqrt(norm);
        for (var k = 0; k < values.Length; k++) values[k] = (float)(values[k] / norm);
        return new SparseVector(indices, values);
    }

    /// <summary>
    /// Writes <paramref name="vectors"/> as sparse Parquet, one row per non-zero (wnid, term_index, term, weight),
    /// ordered by wnid then term index, and the vocabulary (term_index, term, document_frequency, idf) beside it.
    /// </summary>
    public async Task<(ParquetExport Features, ParquetExport Vocabulary)> WriteParquetAsync(
        IEnumerable<(string Wnid, SparseVector Vector)> vectors, string path, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var features = new DataTable();
        features.Columns.Add("wnid", typeof(string));
        features.Columns.Add("term_index", typeof(long));
        features.Columns.Add("term", typeof(string));
        features.Columns.Add("weight", typeof(double));
        foreach (var (wnid, vector) in vectors.OrderBy(v => v.Wnid, StringComparer.Ordinal))
            for (var k = 0; k < vector.Indices.Length; k++)
                features.Rows.Add(wnid, (long)vector.Indices[k], Terms[vector.Indices[k]], (double)vector.Values[k]);
        var featureColumns = new[]
        {
            ColumnSpec.From("wnid", "TEXT", true), ColumnSpec.From("term_index", "INTEGER", true),
            ColumnSpec.From("term", "TEXT", true), ColumnSpec.From("weight", "REAL", true),
        };
        var written = await ParquetExporter.WriteAsync(features.CreateDataReader(), featureColumns, path, "tfidf", cancellationToken: cancellationToken);
        var vocabulary = new DataTable();
        vocabulary.Columns.Add("term_index", typeof(long));
        vocabulary.Columns.Add("term", typeof(string));
        vocabulary.Columns.Add("document_frequency", typeof(long));
        vocabulary.Columns.Add("idf", typeof(double));
        for (var i = 0; i < Terms.Count; i++) vocabulary.Rows.Add((long)i, Terms[i], (long)DocumentFrequencies[i], Idf[i]);
        var vocabularyColumns = new[]
        {
            ColumnSpec.From("term_index", "INTEGER", true), ColumnSpec.From("term", "TEXT", true),
            ColumnSpec.From("document_frequency", "INTEGER", true), ColumnSpec.From("idf", "REAL", true),
        };
        var vocabularyPath = VocabularyPath(path);
        var vocabularyWritten = await ParquetExporter.WriteAsync(vocabulary.CreateDataReader(), vocabularyColumns, vocabularyPath, "tfidf vocabulary", cancellationToken: cancellationToken);
        return (written, vocabularyWritten);
    }

    public static string VocabularyPath(string featuresPath)
        => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(featuresPath))!, Path.GetFileNameWithoutExtension(featuresPath) + ".vocabulary.parquet");

    /// <summary>Common English function words, left out of TF-IDF vocabularies by default.</summary>
    public static readonly StopWordSet StopWords = new(
        """
        a about above after again against all also am an and any are as at be because been before being below between both but by
        can could did do does doing down during each few for from further had has have having he her here hers herself him himself
        his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours
        ourselves out over own same she should so some such than that the their theirs them themselves then there these they this
        those through to too under until up very was we were what when where which while who whom why will with would you your
        yours yourself yourselves s t one two may many also
        """);
}

public sealed class StopWordSet
{
    private readonly HashSet<string> _words;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StopWordSet(string words)
    {
        _words = new HashSet<string>(words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool Contains(ReadOnlySpan<char> token) => _lookup.Contains(token);
}
