using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Zsl.Benchmark;
using Zsl.TestKit;

namespace Zsl.Benchmark.Tests;

public class UniversePartitionerTests
{
    /// <summary>The 200 classes of Tiny ImageNet, read from the shared archive's wnids.txt.</summary>
    private static IReadOnlyList<string> TinyImageNetClasses()
    {
        using var file = File.OpenRead(TestPaths.Shared("images", "tiny-imagenet-200", "tiny-imagenet-200-300.tar.gz"));
        using var tar = new TarReader(new GZipStream(file, CompressionMode.Decompress));
        while (tar.GetNextEntry() is { } entry)
            if (entry.Name.EndsWith("wnids.txt"))
                return new StreamReader(entry.DataStream!).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        throw new InvalidDataException("no wnids.txt in the Tiny ImageNet archive");
    }

    [Fact]
    public void Tiny_imagenet_partitions_span_the_structural_ratio_reproducibly()
    {
        var graph = NounGraph.Load(WordNetDatabase.Path);
        var universe = TinyImageNetClasses();
        Assert.Equal(200, universe.Count);
        var partitions = UniversePartitioner.Partition(graph, universe, 50, 5, seed: 7, steps: 3000);
        Assert.Equal(5, partitions.Count);
        foreach (var p in partitions)
        {
            Assert.Equal((150, 50), (p.Seen.Count, p.Unseen.Count));
            Assert.Equal(universe.Order(StringComparer.Ordinal), p.Seen.Concat(p.Unseen).Order(StringComparer.Ordinal));
            Assert.Empty(p.Seen.Intersect(p.Unseen));
        }
        var r = partitions.Select(p => p.Report.R).ToArray();
        // Lowest R: unseen classes next to seen ones; highest: unseen classes among themselves, far from the seen ones.
        Assert.True(r[0] < 1.0, $"lowest R {r[0]:F3}");
        Assert.True(r[^1] > 2 * r[0], $"R from {r[0]:F3} to {r[^1]:F3}");
        for (var k = 1; k < r.Length; k++) Assert.True(r[k] > r[k - 1], $"R not increasing: {string.Join(", ", r.Select(v => v.ToString("F3")))}");
        // Intermediate partitions land near their evenly spaced targets.
        Assert.All(partitions, p => Assert.InRange(p.Report.R, p.TargetR - 0.05, p.TargetR + 0.05));
        // The same seed gives the same partitions.
        var again = UniversePartitioner.Partition(graph, universe, 50, 5, seed: 7, steps: 3000);
        Assert.Equal(partitions.Select(p => p.Unseen), again.Select(p => p.Unseen));

        var dir = TestPaths.NewTempDirectory();
        UniversePartitioner.Write(dir, partitions, "wnids.txt", 7, 3000);
        Assert.Equal(partitions[2].Unseen, File.ReadAllLines(Path.Combine(dir, "partition-2", SplitFiles.TestFile)));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "partitions.json")));
        var written = json.RootElement.GetProperty("partitions").EnumerateArray().ToArray();
        Assert.Equal(5, written.Length);
        Assert.Equal(Math.Round(r[4], 6), written[4].GetProperty("r").GetDouble());
        Assert.Equal(partitions[0].Report.Flaws.Count, written[0].GetProperty("flaws").GetProperty("pairs").GetArrayLength());
    }

    [Fact]
    public void Rejects_a_universe_too_small_for_the_unseen_count()
    {
        var graph = NounGraph.Load(WordNetDatabase.Path);
        var universe = TinyImageNetClasses().Take(10).ToArray();
        Assert.Throws<ArgumentException>(() => UniversePartitioner.Partition(graph, universe, 10, 5, 1));
        Assert.Throws<ArgumentException>(() => UniversePartitioner.Partition(graph, [.. universe, universe[0]], 3, 5, 1));
    }
}
