using System.Formats.Tar;
using System.IO.Compression;
using Zsl.RevNet.Data;
using Zsl.RevNet.Models;
using Zsl.RevNet.Training;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Training.Tests.RevNet;

public class ImageArchiveTests
{
    private static string CifarArchive => TestPaths.Shared("images", "cifar-10", "cifar-10-jpeg.tar.gz");
    private static string TinyArchive => TestPaths.Shared("images", "tiny-imagenet-200", "tiny-imagenet-200-300.tar.gz");

    /// <summary>A small real archive: the selected members of a shared one, copied byte for byte (optionally altered) into a new tar.gz.</summary>
    private static string Subset(string source, Func<string, bool> keep, string path, Func<string, byte[], byte[]>? alter = null)
    {
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            foreach (var member in ImageArchive.Members(source, keep))
            {
                var content = alter?.Invoke(member.Name, member.Content) ?? member.Content;
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, member.Name) { DataStream = new MemoryStream(content) });
            }
        return path;
    }

    private static bool FirstCifar(string name, int perClass) =>
        name.EndsWith(".jpg") && int.TryParse(Path.GetFileNameWithoutExtension(name), out var k) && k < perClass;

    [Fact]
    public void Reads_a_real_cifar10_subset_with_interleaved_classes()
    {
        var dir = TestPaths.NewTempDirectory();
        var archive = Subset(CifarArchive, n => FirstCifar(n, 3), Path.Combine(dir, "cifar.tar.gz"));
        var (train, test, skipped) = Cifar10Jpeg.Read(archive);
        Assert.Empty(skipped);
        Assert.Equal((30, 30), (train.Count, test.Count));
        Assert.Equal((3, 32, 32), (train.Channels, train.Height, train.Width));
        Assert.Equal(Cifar10Jpeg.ClassNames, train.ClassNames);
        // Classes interleave: image k of every class, then image k + 1, so any prefix is balanced.
        Assert.Equal(Enumerable.Range(0, 10), train.Images.Take(10).Select(i => i.Label));
        Assert.Equal("train/airplane/0000.jpg", train.Images[0].Id);
        Assert.Equal("test/truck/0002.jpg", test.Images[^1].Id);
        Assert.All(train.Images, i => Assert.Equal(3072, i.Pixels.Length));
        // Real photographs: not blank, colour planes differ, brightness spread.
        Assert.All(train.Images, i => Assert.InRange(i.Pixels.Select(p => (int)p).Distinct().Count(), 30, 256));
        Assert.Contains(train.Images, i => !i.Pixels.AsSpan(0, 1024).SequenceEqual(i.Pixels.AsSpan(2048, 1024)));
        // Same archive, same bytes: decoding is deterministic.
        Assert.Equal(train.Images[7].Pixels, Cifar10Jpeg.Read(archive).Train.Images[7].Pixels);
    }

    [Fact]
    public void Only_the_seen_classes_reach_a_restricted_set_relabelled()
    {
        var dir = TestPaths.NewTempDirectory();
        var archive = Subset(CifarArchive, n => FirstCifar(n, 3), Path.Combine(dir, "cifar.tar.gz"));
        var (train, _, _) = Cifar10Jpeg.Read(archive);
        var seen = train.OnlyClasses(["truck", "bird", "cat"]);
        Assert.Equal(["bird", "cat", "truck"], seen.ClassNames);
        Assert.Equal(9, seen.Count);
        Assert.All(seen.Images, i => Assert.StartsWith($"train/{seen.ClassNames[i.Label]}/", i.Id));
        Assert.DoesNotContain(seen.Images, i => i.Id.Contains("/dog/") || i.Id.Contains("/airplane/"));
        Assert.Throws<ArgumentException>(() => train.OnlyClasses(["unicorn"]));
    }

    [Fact]
    public void Cifar10_classes_map_to_the_wordnet_synsets_of_their_names()
    {
        // WordNet noun offsets are byte offsets into data.noun: the synset line of each wnid must list the class name.
        var dataNoun = Path.Combine(TestPaths.WordNetSource, "data.noun");
        Assert.True(File.Exists(dataNoun), $"WordNet 3.0 (wordnet-base) expected at {dataNoun}");
        using var stream = File.OpenRead(dataNoun);
        for (var i = 0; i < 10; i++)
        {
            var wnid = Cifar10Jpeg.Wnids[i];
            stream.Position = long.Parse(wnid[1..]);
            var line = new StreamReader(stream).ReadLine()!;
            var fields = line.Split(' ');
            Assert.Equal(wnid[1..], fields[0]);
            var words = Enumerable.Range(0, Convert.ToInt32(fields[3], 16)).Select(k => fields[4 + 2 * k].ToLowerInvariant()).ToArray();
            Assert.Contains(Cifar10Jpeg.ClassNames[i], words);
            // The first lemma is the synset's own name (car.n.01 for automobile): not a sense where the name is a side meaning.
            Assert.Equal(Cifar10Jpeg.ClassNames[i] switch { "automobile" => "car", var n => n }, words[0]);
        }
        Assert.Equal(10, Cifar10Jpeg.Wnids.Distinct().Count());
    }

    [Fact]
    public void A_truncated_jpeg_is_an_error_naming_the_member_or_skipped_and_listed()
    {
        var dir = TestPaths.NewTempDirectory();
        const string broken = "train/cat/0001.jpg";
        var archive = Subset(CifarArchive, n => FirstCifar(n, 2), Path.Combine(dir, "cifar.tar.gz"),
            (name, bytes) => name == broken ? bytes[..(bytes.Length / 2)] : bytes);
        var cache = Path.Combine(dir, "cache");
        var error = Assert.Throws<DataFormatException>(() => ImageDatasets.Load("cifar10", archive, cache));
        Assert.Contains(broken, error.Message);
        Assert.Contains("--skip-invalid", error.Message);
        // Nothing half-written.
        Assert.False(Directory.Exists(cache) && Directory.EnumerateFileSystemEntries(cache).Any());

        var (train, test, skipped) = ImageDatasets.Load("cifar10", archive, cache, new ImageArchiveOptions(SkipInvalid: true));
        Assert.Equal(broken, Assert.Single(skipped).Member);
        Assert.Equal((19, 20), (train.Count, test.Count));
        Assert.DoesNotContain(train.Images, i => i.Id == broken);
        // The cache records what was skipped and serves the same images next time.
        var again = ImageDatasets.Load("cifar10", archive, cache, new ImageArchiveOptions(SkipInvalid: true));
        Assert.Equal(broken, Assert.Single(again.Skipped).Member);
        Assert.Equal(train.Images.Select(i => i.Id), again.Train.Images.Select(i => i.Id));
        Assert.Equal(train.Images[5].Pixels, again.Train.Images[5].Pixels);
        // A cache with skipped images is not silently used without --skip-invalid.
        Assert.Throws<DataFormatException>(() => ImageDatasets.Load("cifar10", archive, cache));
    }

    [Fact]
    public void A_truncated_archive_is_an_error_naming_the_archive_and_nothing_is_cached()
    {
        var dir = TestPaths.NewTempDirectory();
        var archive = Subset(CifarArchive, n => FirstCifar(n, 5), Path.Combine(dir, "cifar.tar.gz"));
        var bytes = File.ReadAllBytes(archive);
        File.WriteAllBytes(archive, bytes[..(bytes.Length * 2 / 3)]);
        var cache = Path.Combine(dir, "cache");
        var error = Assert.Throws<DataFormatException>(() => ImageDatasets.Load("cifar10", archive, cache));
        Assert.Contains("cifar.tar.gz", error.Message);
        Assert.Contains("breaks after member", error.Message);
        Assert.False(Directory.Exists(cache) && Directory.EnumerateFileSystemEntries(cache).Any());
    }

    [Fact]
    public void The_cache_round_trips_and_rejects_a_truncated_cache_file()
    {
        var dir = TestPaths.NewTempDirectory();
        var archive = Subset(CifarArchive, n => FirstCifar(n, 2), Path.Combine(dir, "cifar.tar.gz"));
        var (train, _, _) = Cifar10Jpeg.Read(archive);
        var path = Path.Combine(dir, "train.u8");
        ImageCache.Write(path, train, archive, ImageCache.Sha256(archive), []);
        Assert.Equal(train.Images.Select(i => i.Id), ImageCache.ReadHeader(path).Ids);
        var read = ImageCache.Read(path);
        Assert.Equal(train.Images.Select(i => (i.Id, i.Label)), read.Images.Select(i => (i.Id, i.Label)));
        Assert.All(Enumerable.Range(0, train.Count), k => Assert.Equal(train.Images[k].Pixels, read.Images[k].Pixels));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);
        Assert.Contains("train.u8", Assert.Throws<DataFormatException>(() => ImageCache.Read(path)).Message);
    }

    [Fact]
    public void Reads_a_real_tiny_imagenet_subset_with_validation_labels()
    {
        var dir = TestPaths.NewTempDirectory();
        // Every class list and annotation, the first 2 training images of each of 3 classes, the first 60 validation images.
        var classes = new[] { "n01443537", "n01629819", "n01641577" };
        bool Keep(string n) => n.EndsWith(".txt") ||
                               (n.Contains("/train/") && classes.Any(c => n.Contains(c)) && ImageNumber(n) < 2) ||
                               (n.Contains("/val/images/") && ImageNumber(n) < 60);
        var archive = Subset(TinyArchive, Keep, Path.Combine(dir, "tiny.tar.gz"));
        var (train, val, skipped) = TinyImageNet.Read(archive);
        Assert.Empty(skipped);
        Assert.Equal(200, train.ClassNames.Count);
        Assert.Equal(train.ClassNames.Order(StringComparer.Ordinal), train.ClassNames);
        Assert.Equal((3, 64, 64), (train.Channels, train.Height, train.Width));
        Assert.Equal(6, train.Count);
        Assert.Equal(classes, train.Images.Select(i => train.ClassNames[i.Label]).Distinct().Order());
        Assert.All(train.Images, i => Assert.StartsWith($"tiny-imagenet-200/train/{train.ClassNames[i.Label]}/", i.Id));
        Assert.Equal(60, val.Count);
        // val_annotations.txt: val_0.JPEG is n03444034 (go-kart) in the standard release.
        Assert.Equal("n03444034", val.ClassNames[val.Images.Single(i => i.Id.EndsWith("/val_0.JPEG")).Label]);
        Assert.All(val.Images, i => Assert.Equal(3 * 64 * 64, i.Pixels.Length));
    }

    private static int ImageNumber(string member)
    {
        var stem = Path.GetFileNameWithoutExtension(member);
        return int.TryParse(stem[(stem.LastIndexOf('_') + 1)..], out var k) ? k : int.MaxValue;
    }

    [Fact]
    public void A_wall_clock_budget_stops_training_and_still_evaluates()
    {
        var dir = TestPaths.NewTempDirectory();
        var archive = Subset(CifarArchive, n => FirstCifar(n, 40), Path.Combine(dir, "cifar.tar.gz"));
        var (train, test, _) = Cifar10Jpeg.Read(archive);
        var arch = new Architecture(ArchitectureKind.Hybrid, [8, 32], [Pooling.Channel], 1, 3, 10);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (_, reports) = Trainer.Train(train, test,
            new TrainingOptions(arch, Epochs: 1000, BatchSize: 40, MaxLearningRate: 0.1, Seed: 3, Threads: 1, Jitter: 4, Flip: true, BudgetSeconds: 6));
        Assert.InRange(reports.Count, 1, 999);
        Assert.NotNull(reports[^1].TestAccuracy);
        Assert.InRange(clock.Elapsed.TotalSeconds, 3, 30);
        var png = Path.Combine(dir, "curve.png");
        LearningCurve.Write(png, "test", reports);
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Equal(reports.Count + 1, File.ReadAllLines(Path.ChangeExtension(png, ".csv")).Length);
    }

    [Fact]
    public void Under_a_generous_budget_the_last_epoch_still_ends_on_an_annealed_learning_rate()
    {
        var dir = TestPaths.NewTempDirectory();
        var archive = Subset(CifarArchive, n => FirstCifar(n, 40), Path.Combine(dir, "cifar.tar.gz"));
        var (train, test, _) = Cifar10Jpeg.Read(archive);
        var arch = new Architecture(ArchitectureKind.Hybrid, [8, 32], [Pooling.Channel], 1, 3, 10);
        // Two epochs of 10 steps take a second or two; the budget is an hour: --epochs ends the run, and the schedule with it.
        var (_, reports) = Trainer.Train(train, test,
            new TrainingOptions(arch, Epochs: 2, BatchSize: 40, MaxLearningRate: 0.1, Seed: 3, Threads: 1, Jitter: 4, Flip: true, BudgetSeconds: 3600));
        Assert.Equal(2, reports.Count);
        Assert.InRange(reports[0].LearningRate, 0.05, 0.1);   // past the peak at 30 % of the steps, not still warming up
        Assert.InRange(reports[1].LearningRate, 0, 0.01);
        Assert.NotNull(reports[^1].TestAccuracy);
    }
}
