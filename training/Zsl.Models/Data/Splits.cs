using System.Text.RegularExpressions;
using Zsl.Store;

namespace Zsl.Models.Data;

/// <summary>A ZSL split: disjoint training (seen) and test (unseen) classes, each list in file order.</summary>
public sealed record ZslSplit(IReadOnlyList<string> Train, IReadOnlyList<string> Test)
{
    public IReadOnlyList<string> All => [.. Train, .. Test];

    /// <summary>Reads <c>train_wnids.txt</c> and <c>test_wnids.txt</c> (one wnid a line, blank lines and # comments skipped).</summary>
    public static ZslSplit Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"split folder {folder} does not exist (expected train_wnids.txt and test_wnids.txt in it)");
        var train = ReadWnids(Path.Combine(folder, "train_wnids.txt"));
        var test = ReadWnids(Path.Combine(folder, "test_wnids.txt"));
        var overlap = train.Intersect(test).Take(5).ToArray();
        if (overlap.Length > 0)
            throw new DataFormatException(Path.Combine(folder, "test_wnids.txt"), null, $"test classes disjoint from training classes, found {string.Join(", ", overlap)} in both");
        return new ZslSplit(train, test);
    }

    public static IReadOnlyList<string> ReadWnids(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"class list {path} does not exist", path);
        var list = new List<string>();
        var seen = new HashSet<string>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!WnidPattern.IsMatch(line)) throw new DataFormatException(path, lineNumber, $"a noun wnid like n02084071, found '{line}'");
            if (!seen.Add(line)) throw new DataFormatException(path, lineNumber, $"each wnid once, '{line}' is repeated");
            list.Add(line);
        }
        if (list.Count == 0) throw new DataFormatException(path, null, "at least one wnid");
        return list;
    }

    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteText(Path.Combine(folder, "train_wnids.txt"), string.Join("\n", Train) + "\n");
        AtomicFile.WriteText(Path.Combine(folder, "test_wnids.txt"), string.Join("\n", Test) + "\n");
    }

    private static readonly Regex WnidPattern = new("^n[0-9]{8}$", RegexOptions.Compiled);
}

/// <summary>Class embeddings (wnid -> vector) read whole from a vector Parquet file (<c>wnid</c>, <c>vector</c>).</summary>
public sealed record ClassEmbeddings(int Dimension, IReadOnlyDictionary<string, float[]> Vectors)
{
    public static async Task<ClassEmbeddings> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var (keys, _, dimension, _) = await VectorParquet.DescribeAsync(path, cancellationToken);
        var wnidIndex = keys.ToList().IndexOf("wnid");
        if (wnidIndex < 0) throw new DataFormatException(path, null, $"a 'wnid' key column (class embeddings: wnid, vector), found {string.Join(", ", keys)}");
        var vectors = new Dictionary<string, float[]>();
        long row = 0;
        await foreach (var r in VectorParquet.ReadAsync(path, cancellationToken))
        {
            row++;
            if (!vectors.TryAdd(r.Keys[wnidIndex], r.Vector)) throw new DataFormatException(path, row, $"one row per wnid, '{r.Keys[wnidIndex]}' is repeated");
        }
        return new ClassEmbeddings(dimension, vectors);
    }

    /// <summary>The vectors of <paramref name="wnids"/> in order; a missing class is an error naming it.</summary>
    public float[][] For(IEnumerable<string> wnids, string source)
        => wnids.Select(w => Vectors.TryGetValue(w, out var v) ? v
            : throw new DataFormatException(source, null, $"an embedding for class {w} (every training and test class needs one)")).ToArray();
}
