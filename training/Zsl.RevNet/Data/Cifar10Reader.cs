using Zsl.Store;

namespace Zsl.RevNet.Data;

/// <summary>
/// CIFAR-10 binary version (cifar-10-batches-bin): records of 1 label byte then 3,072 pixel bytes (1,024 red, 1,024
/// green, 1,024 blue, rows of 32); train = data_batch_1..5.bin, test = test_batch.bin; class names in batches.meta.txt.
/// </summary>
public static class Cifar10Reader
{
    public const int RecordSize = 1 + 3 * 32 * 32;

    public static ImageSet Load(string directory, string split)
    {
        var files = split switch
        {
            "train" => Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray(),
            "test" => ["test_batch.bin"],
            _ => throw new ArgumentException($"CIFAR-10 split must be train or test, got '{split}'"),
        };
        var names = ReadClassNames(directory);
        var images = new List<LabeledImage>();
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path)) throw new FileNotFoundException($"CIFAR-10 batch file missing: {path}", path);
            var offset = images.Count;
            images.AddRange(ReadBatch(path, names.Count).Select(r => r with { Id = $"cifar10-{split}-{offset + int.Parse(r.Id):D5}" }).ToList());
        }
        return new ImageSet($"cifar10-{split}", 3, 32, 32, images, names);
    }

    /// <summary>Streams one batch file; Id = record number within the file.</summary>
    public static IEnumerable<LabeledImage> ReadBatch(string path, int classes = 10)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length % RecordSize != 0)
            throw new DataFormatException(path, stream.Length / RecordSize, $"records of {RecordSize} bytes (label + 3×32×32 pixels); file length {stream.Length} is not a multiple");
        var record = new byte[RecordSize];
        for (var i = 0L; ; i++)
        {
            var read = stream.ReadAtLeast(record, RecordSize, throwOnEndOfStream: false);
            if (read == 0) yield break;
            if (record[0] >= classes) throw new DataFormatException(path, i, $"a label below {classes}, got {record[0]}");
            yield return new LabeledImage(i.ToString(), record[0], record[1..]);
        }
    }

    public static IReadOnlyList<string> ReadClassNames(string directory)
    {
        var path = Path.Combine(directory, "batches.meta.txt");
        if (!File.Exists(path))
            return ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != 10) throw new DataFormatException(path, null, $"10 class names, one a line, got {names.Length}");
        return names;
    }
}
