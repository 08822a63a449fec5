using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Zsl.Store;

namespace Zsl.WordVectors;

/// <summary>A word and its vector.</summary>
public sealed record WordVector(string Word, float[] Vector);

/// <summary>On-disk formats of pre-trained word vectors.</summary>
public enum WordVectorFormat
{
    /// <summary>Detect: .bin is word2vec binary; a first line "count dim" is word2vec text / fastText .vec; else GloVe.</summary>
    Auto,
    /// <summary>GloVe text: "word v1 ... vd" per line, no header.</summary>
    GloVe,
    /// <summary>word2vec text: header "count dim", then "word v1 ... vd" per line.</summary>
    Word2VecText,
    /// <summary>word2vec binary: header "count dim\n", then per word: the word, a space, d little-endian float32 (and usually '\n').</summary>
    Word2VecBinary,
    /// <summary>fastText .vec: the word2vec text layout.</summary>
    FastTextVec,
}

/// <summary>
/// Streaming readers for GloVe, word2vec (text and binary) and fastText .vec files. Vectors are parsed only for words
/// the vocabulary filter accepts, so a multi-gigabyte file is read in one pass without holding it in memory.
/// Malformed records raise <see cref="DataFormatException"/> naming the file and line (or record).
/// </summary>
public static class WordVectorReader
{
    public static WordVectorFormat Detect(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"word-vector file {path} does not exist", path);
        if (path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)) return WordVectorFormat.Word2VecBinary;
        using var reader = new StreamReader(path, Encoding.UTF8);
        var first = reader.ReadLine() ?? "";
        var parts = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var isHeader = parts.Length == 2 && int.TryParse(parts[0], out _) && int.TryParse(parts[1], out _);
        if (!isHeader) return WordVectorFormat.GloVe;
        return path.EndsWith(".vec", StringComparison.OrdinalIgnoreCase) ? WordVectorFormat.FastTextVec : WordVectorFormat.Word2VecText;
    }

    public static WordVectorFormat Parse(string name) => name.ToLowerInvariant() switch
    {
        "auto" => WordVectorFormat.Auto,
        "glove" => WordVectorFormat.GloVe,
        "word2vec" or "word2vec-text" => WordVectorFormat.Word2VecText,
        "word2vec-binary" or "word2vec-bin" => WordVectorFormat.Word2VecBinary,
        "fasttext" or "vec" => WordVectorFormat.FastTextVec,
        _ => throw new ArgumentException($"unknown word-vector format '{name}': expected auto, glove, word2vec-text, word2vec-binary or fasttext"),
    };

    /// <summary>The vectors of <paramref name="path"/> whose word passes <paramref name="keep"/> (all when null), in file order.</summary>
    public static IEnumerable<WordVector> Read(string path, WordVectorFormat format = WordVectorFormat.Auto, Func<string, bool>? keep = null)
    {
        if (format == WordVectorFormat.Auto) format = Detect(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"word-vector file {path} does not exist", path);
        return format == WordVectorFormat.Word2VecBinary ? ReadBinary(path, keep) : ReadText(path, format != WordVectorFormat.GloVe, keep);
    }

    private static IEnumerable<WordVector> ReadText(string path, bool header, Func<string, bool>? keep)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var lineNumber = 0;
        int? dimension = null;
        long? declaredCount = null;
        long count = 0;
        if (header)
        {
            var line = reader.ReadLine();
            lineNumber++;
            var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is not { Length: 2 } || !long.TryParse(parts[0], out var c) || !int.TryParse(parts[1], out var d) || d <= 0)
                throw new DataFormatException(path, lineNumber, "a header 'count dimension' of two positive integers");
            (declaredCount, dimension) = (c, d);
        }
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var trimmed = line.TrimEnd(' ', '\r');
            if (trimmed.Length == 0) continue;
            count++;
            // The word ends at the first space (fastText/word2vec words contain no spaces; GloVe 840B has a few
            // odd tokens, which are taken up to the first space like gensim does).
            var space = trimmed.IndexOf(' ');
            if (space <= 0) throw new DataFormatException(path, lineNumber, "a word followed by space-separated numbers");
            var fields = trimmed.AsSpan(space + 1);
            if (dimension is null)
            {
                var d = CountFields(fields);
                if (d == 0) throw new DataFormatException(path, lineNumber, "a word followed by space-separated numbers");
                dimension = d;
            }
            var word = trimmed[..space];
            if (keep is not null && !keep(word)) continue;
            yield return new WordVector(word, ParseVector(fields, dimension.Value, path, lineNumber));
        }
        if (declaredCount is { } expected && expected != count)
            throw new DataFormatException(path, lineNumber, $"{expected} vectors as the header says, found {count}");
    }

    private static int CountFields(ReadOnlySpan<char> fields)
    {
        var n = 0;
        foreach (var _ in fields.Split(' ')) n++;
        return n;
    }

    private static float[] ParseVector(ReadOnlySpan<char> fields, int dimension, string path, int lineNumber)
    {
        var vector = new float[dimension];
        var i = 0;
        foreach (var range in fields.Split(' '))
        {
            var field = fields[range];
            if (field.Length == 0) continue;
            if (i == dimension || !float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out vector[i]))
                throw new DataFormatException(path, lineNumber, $"{dimension} numbers after the word");
            i++;
        }
        if (i != dimension) throw new DataFormatException(path, lineNumber, $"{dimension} numbers after the word, found {i}");
        return vector;
    }

    private static IEnumerable<WordVector> ReadBinary(string path, Func<string, bool>? keep)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
        var header = ReadToken(stream, '\n') ?? throw new DataFormatException(path, 1, "a header 'count dimension'");
        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !long.TryParse(parts[0], out var count) || !int.TryParse(parts[1], out var dimension) || dimension <= 0)
            throw new DataFormatException(path, 1, "a header 'count dimension' of two positive integers");
        var buffer = new byte[dimension * 4];
        for (long record = 1; record <= count; record++)
        {
            var word = ReadToken(stream, ' ');
            if (word is null) throw new DataFormatException(path, (int)Math.Min(int.MaxValue, record), $"{count} records as the header says (file ends early)");
            word = word.TrimStart('\n');
            if (word.Length == 0) throw new DataFormatException(path, (int)Math.Min(int.MaxValue, record), "a word before the vector");
            if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
                throw new DataFormatException(path, (int)Math.Min(int.MaxValue, record), $"{dimension} float32 values after '{word}' (file ends early)");
            if (keep is not null && !keep(word)) continue;
            var vector = new float[dimension];
            for (var i = 0; i < dimension; i++) vector[i] = BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(i * 4));
            yield return new WordVector(word, vector);
        }
    }

    /// <summary>UTF-8 bytes up to (not including) <paramref name="end"/>; null at end of stream before any byte.</summary>
    private static string? ReadToken(Stream stream, char end)
    {
        var bytes = new List<byte>(32);
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
            if (b == end) return Encoding.UTF8.GetString(bytes.ToArray());
            bytes.Add((byte)b);
        }
    }
}

/// <summary>Word vectors held in memory (usually the few words a task needs, read through a vocabulary filter).</summary>
public sealed class WordVectorTable
{
    private readonly Dictionary<string, float[]> _vectors;

    public int Dimension { get; }
    public int Count => _vectors.Count;

    public WordVectorTable(IEnumerable<WordVector> vectors)
    {
        _vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var v in vectors)
        {
            _vectors.TryAdd(v.Word, v.Vector); // first occurrence wins, as in gensim
            Dimension = v.Vector.Length;
        }
    }

    public static WordVectorTable Load(string path, WordVectorFormat format = WordVectorFormat.Auto, IReadOnlySet<string>? vocabulary = null)
        => new(WordVectorReader.Read(path, format, vocabulary is null ? null : vocabulary.Contains));

    public bool TryGet(string word, out float[] vector) => _vectors.TryGetValue(word, out vector!);

    public bool Contains(string word) => _vectors.ContainsKey(word);
}
