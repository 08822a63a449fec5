using System.Globalization;
using System.Numerics;
using System.Text;
using Zsl.Store;
using Zsl.Text;

namespace Zsl.WordVectors;

/// <summary>Settings of <see cref="SkipGram"/> (the word2vec defaults where a corpus of a few million tokens allows them).</summary>
public sealed record SkipGramOptions
{
    public int Dimension { get; init; } = 100;
    /// <summary>Largest context distance; each centre word draws its own window in 1..Window (word2vec's dynamic window).</summary>
    public int Window { get; init; } = 5;
    public int Negatives { get; init; } = 5;
    public int Epochs { get; init; } = 5;
    public int MinCount { get; init; } = 3;
    /// <summary>Frequent-word subsampling threshold t: a word of frequency f is kept with probability (√(f/t) + 1)·t/f.</summary>
    public double Subsample { get; init; } = 1e-4;
    public float LearningRate { get; init; } = 0.025f;
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (Dimension is < 1 or > 1000) throw new ArgumentException($"--dim must be in [1, 1000], got {Dimension}");
        if (Window < 1) throw new ArgumentException($"--window must be >= 1, got {Window}");
        if (Negatives < 1) throw new ArgumentException($"--negatives must be >= 1, got {Negatives}");
        if (Epochs < 1) throw new ArgumentException($"--epochs must be >= 1, got {Epochs}");
        if (MinCount < 1) throw new ArgumentException($"--min-count must be >= 1, got {MinCount}");
        if (Subsample < 0) throw new ArgumentException($"--subsample must be >= 0, got {Subsample}");
        if (LearningRate <= 0) throw new ArgumentException($"--lr must be > 0, got {LearningRate}");
    }
}

/// <summary>Trained word vectors, most frequent word first, and what the training saw.</summary>
public sealed record SkipGramVectors(IReadOnlyList<string> Words, IReadOnlyList<long> Counts, float[] Vectors, int Dimension, long Tokens, int Documents)
{
    public ReadOnlySpan<float> Vector(int word) => Vectors.AsSpan(word * Dimension, Dimension);

    /// <summary>
    /// Writes the fastText/word2vec text format (header "count dim", then "word v1 ... vd"), to a temporary file moved
    /// into place; values in invariant culture with round-trip precision, so the bytes depend only on the vectors.
    /// </summary>
    public void WriteVec(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)) { NewLine = "\n" })
            {
                writer.WriteLine($"{Words.Count} {Dimension}");
                var line = new StringBuilder();
                for (var w = 0; w < Words.Count; w++)
                {
                    line.Clear().Append(Words[w]);
                    foreach (var value in Vector(w)) line.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture));
                    writer.WriteLine(line);
                }
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally { if (File.Exists(temporary)) File.Delete(temporary); }
    }

    public WordVectorTable ToTable() => new(Words.Select((w, i) => new WordVector(w, Vector(i).ToArray())));
}

/// <summary>
/// Skip-gram with negative sampling (word2vec, Mikolov et al. 2013) on lower-case tokens (<see cref="Tokenizer"/>):
/// each word predicts the words within its window, against negatives drawn from the unigram distribution raised to
/// 3/4; frequent words are subsampled and the learning rate falls linearly to zero. One thread and a seeded generator:
/// the same corpus and options give the same vectors, bit for bit. Windows never cross a document boundary.
/// </summary>
public static class SkipGram
{
    private const int TableSize = 10_000_000;

    public static SkipGramVectors Train(IEnumerable<string> documents, SkipGramOptions options, Action<string>? log = null)
    {
        options.Validate();
        // Pass 1: the vocabulary (kept words sorted by count, then ordinally).
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var documentCount = 0;
        foreach (var document in documents)
        {
            documentCount++;
            Tokenizer.Tokenize(document, token =>
            {
                var word = token.ToString();
                counts[word] = counts.GetValueOrDefault(word) + 1;
            });
        }
        var vocabulary = counts.Where(p => p.Value >= options.MinCount).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToArray();
        if (vocabulary.Length < 2)
            throw new InvalidDataException($"the corpus ({documentCount:N0} documents, {counts.Count:N0} distinct tokens) has {vocabulary.Length} word(s) of at least {options.MinCount} occurrences: nothing to train");
        var index = new Dictionary<string, int>(vocabulary.Length, StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Length; i++) index[vocabulary[i].Key] = i;

        // Pass 2: the corpus as word indices, -1 between documents.
        var corpus = new List<int>();
        foreach (var document in documents)
        {
            Tokenizer.Tokenize(document, token =>
            {
                if (index.TryGetValue(token.ToString(), out var w)) corpus.Add(w);
            });
            corpus.Add(-1);
        }
        var ids = corpus.ToArray();
        var total = vocabulary.Sum(p => p.Value);
        var tokens = ids.LongCount(w => w >= 0);
        log?.Invoke($"vocabulary {vocabulary.Length:N0} words (min count {options.MinCount}), {tokens:N0} tokens in {documentCount:N0} documents");

        var keep = vocabulary.Select(p =>
        {
            if (options.Subsample <= 0) return 1.0;
            var f = (double)p.Value / total;
            return Math.Min(1.0, (Math.Sqrt(f / options.Subsample) + 1) * options.Subsample / f);
        }).ToArray();
        var table = NegativeTable(vocabulary.Select(p => p.Value).ToArray());

        var dim = options.Dimension;
        var random = new SplitMix64(options.Seed);
        var input = new float[vocabulary.Length * dim];
        for (var i = 0; i < input.Length; i++) input[i] = (float)((random.NextDouble() - 0.5) / dim);
        var output = new float[vocabulary.Length * dim];
        var hidden = new float[dim];

        var planned = (double)options.Epochs * tokens;
        long done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var loss = 0.0;
            long pairs = 0;
            var sentence = new List<int>();
            for (var start = 0; start < ids.Length; start++)
            {
                // Collect one document, subsampled.
                sentence.Clear();
                var end = start;
                while (end < ids.Length && ids[end] >= 0)
                {
                    var w = ids[end++];
                    done++;
                    if (keep[w] >= 1 || random.NextDouble() < keep[w]) sentence.Add(w);
                }
                var lr = (float)Math.Max(options.LearningRate * 1e-4, options.LearningRate * (1 - done / planned));
                for (var position = 0; position < sentence.Count; position++)
                {
                    var centre = sentence[position];
                    var span = 1 + (int)random.Below(options.Window);
                    for (var other = Math.Max(0, position - span); other <= Math.Min(sentence.Count - 1, position + span); other++)
                    {
                        if (other == position) continue;
                        loss += Update(input.AsSpan(centre * dim, dim), output, sentence[other], table, options.Negatives, lr, random, hidden, dim);
                        pairs++;
                    }
                }
                start = end;
            }
            log?.Invoke($"epoch {epoch}/{options.Epochs}: loss {loss / Math.Max(1, pairs):F4} over {pairs:N0} pairs, {clock.Elapsed.TotalSeconds:F0} s");
        }
        return new SkipGramVectors(vocabulary.Select(p => p.Key).ToArray(), vocabulary.Select(p => p.Value).ToArray(), input, dim, tokens, documentCount);
    }

    /// <summary>One positive pair and its negatives; returns the pair's loss. The centre vector is updated after all of them.</summary>
    private static double Update(Span<float> centre, float[] output, int target, int[] table, int negatives, float lr,
                                 SplitMix64 random, float[] hidden, int dim)
    {
        var gradient = hidden.AsSpan(0, dim);
        gradient.Clear();
        var loss = 0.0;
        for (var k = 0; k <= negatives; k++)
        {
            int word;
            float label;
            if (k == 0) { word = target; label = 1; }
            else
            {
                word = table[random.Below(table.Length)];
                if (word == target) continue;
                label = 0;
            }
            var row = output.AsSpan(word * dim, dim);
            var score = Dot(centre, row);
            var p = 1 / (1 + MathF.Exp(-Math.Clamp(score, -30, 30)));
            loss -= label == 1 ? Math.Log(Math.Max(p, 1e-7)) : Math.Log(Math.Max(1 - p, 1e-7));
            var g = (label - p) * lr;
            Axpy(g, row, gradient);
            Axpy(g, centre, row);
        }
        Axpy(1, gradient, centre);
        return loss;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        var result = Vector.Sum(sum);
        for (; i < a.Length; i++) result += a[i] * b[i];
        return result;
    }

    /// <summary>y += a·x.</summary>
    private static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var scale = new Vector<float>(a);
        var i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(y[i..]) + scale * new Vector<float>(x[i..])).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] += a * x[i];
    }

    /// <summary>Word indices in proportion to count^0.75 (word2vec's noise distribution), drawn uniformly.</summary>
    private static int[] NegativeTable(long[] counts)
    {
        var weights = counts.Select(c => Math.Pow(c, 0.75)).ToArray();
        var sum = weights.Sum();
        var size = (int)Math.Min(TableSize, Math.Max(1_000, counts.Sum()));
        var table = new int[size];
        var word = 0;
        var cumulative = weights[0] / sum;
        for (var i = 0; i < size; i++)
        {
            table[i] = word;
            if ((double)(i + 1) / size > cumulative && word < counts.Length - 1) cumulative += weights[++word] / sum;
        }
        return table;
    }
}

/// <summary>Every WordNet definition of a database (all parts of speech), one document each, in wnid order.</summary>
public sealed record GlossCorpus(string DatabasePath) : ICorpus
{
    public string Name => "glosses";

    public IEnumerable<string> Documents() => GlossVectors.DefinitionsFromDatabase(DatabasePath, null).Select(d => d.Definition);
}
