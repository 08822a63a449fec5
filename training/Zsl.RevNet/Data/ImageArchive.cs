using System.Formats.Tar;
using System.IO.Compression;
using Zsl.Store;

namespace Zsl.RevNet.Data;

/// <summary>One regular file of a tar.gz archive, read into memory.</summary>
public sealed record ArchiveMember(string Name, byte[] Content);

/// <summary>An image the reader left out under <c>--skip-invalid</c>: archive member and why.</summary>
public sealed record SkippedImage(string Member, string Reason);

/// <summary>Reading options: <paramref name="SkipInvalid"/> leaves undecodable images out (listed) instead of failing; <paramref name="PerClass"/> keeps only the first N images of each class and split (by member name).</summary>
public sealed record ImageArchiveOptions(bool SkipInvalid = false, int? PerClass = null);

/// <summary>
/// Streams the regular files of a .tar.gz archive (GZipStream + TarReader, nothing extracted to disk). A truncated or
/// corrupt archive raises a <see cref="DataFormatException"/> naming the archive and the last member read.
/// </summary>
public static class ImageArchive
{
    public static IEnumerable<ArchiveMember> Members(string archive, Func<string, bool>? wanted = null)
    {
        if (!File.Exists(archive)) throw new FileNotFoundException($"image archive not found: {archive}", archive);
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var last = "(start of archive)";
        var index = 0L;
        while (true)
        {
            TarEntry? entry;
            byte[]? content = null;
            try
            {
                entry = tar.GetNextEntry(copyData: false);
                if (entry is null) yield break;
                index++;
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && (wanted is null || wanted(entry.Name)))
                {
                    content = new byte[entry.Length];
                    if (entry.Length > 0)
                    {
                        var stream = entry.DataStream ?? throw new InvalidDataException("a regular file without data");
                        stream.ReadExactly(content);
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException)
            {
                throw new DataFormatException(archive, index, $"a complete tar.gz archive: it breaks after member '{last}' ({e.Message})", e);
            }
            last = entry.Name;
            if (content is not null) yield return new ArchiveMember(entry.Name, content);
        }
    }
}

/// <summary>
/// CIFAR-10 as JPEG files in a tar.gz (<c>train/&lt;class&gt;/NNNN.jpg</c>, <c>test/&lt;class&gt;/NNNN.jpg</c>, 32×32 RGB).
/// Labels follow the standard class order of the binary release (<see cref="ClassNames"/>).
/// </summary>
public static class Cifar10Jpeg
{
    public static readonly IReadOnlyList<string> ClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>
    /// The WordNet 3.0 noun synset of each class (offsets = ImageNet wnids), in label order: airplane.n.01, car.n.01
    /// ("automobile"), bird.n.01, cat.n.01, deer.n.01, dog.n.01, frog.n.01, horse.n.01, ship.n.01, truck.n.01.
    /// CIFAR-10's "cat" and "dog" pictures are domestic ones, but the class names are the general synsets.
    /// </summary>
    public static readonly IReadOnlyList<string> Wnids = ["n02691156", "n02958343", "n01503061", "n02121620", "n02430045", "n02084071", "n01639765", "n02374451", "n04194289", "n04490091"];

    public static (ImageSet Train, ImageSet Test, IReadOnlyList<SkippedImage> Skipped) Read(string archive, ImageArchiveOptions? options = null, Action<string>? progress = null)
    {
        options ??= new ImageArchiveOptions();
        var classIndex = ClassNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        var perSplit = new Dictionary<string, List<(string Member, int Label, byte[] Pixels)>> { ["train"] = [], ["test"] = [] };
        var skipped = new List<SkippedImage>();
        var decoded = 0;
        foreach (var member in ImageArchive.Members(archive, name => name.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)))
        {
            var parts = member.Name.TrimStart('.', '/').Split('/');
            if (parts.Length != 3 || !perSplit.ContainsKey(parts[0]))
                throw new DataFormatException(archive, null, $"member '{member.Name}': train/<class>/NNNN.jpg or test/<class>/NNNN.jpg was expected");
            if (!classIndex.TryGetValue(parts[1], out var label))
                throw new DataFormatException(archive, null, $"member '{member.Name}': a CIFAR-10 class ({string.Join(", ", ClassNames)}) was expected, got '{parts[1]}'");
            var pixels = ImageSets.Decode(archive, member, 32, 32, options, skipped);
            if (pixels is null) continue;
            perSplit[parts[0]].Add((member.Name, label, pixels));
            if (++decoded % 10000 == 0) progress?.Invoke($"{archive}: {decoded:N0} images decoded");
        }
        return (ImageSets.Build("cifar10-train", perSplit["train"], ClassNames, options.PerClass, 32, 32),
            ImageSets.Build("cifar10-test", perSplit["test"], ClassNames, options.PerClass, 32, 32), skipped);
    }
}

/// <summary>
/// Tiny ImageNet in a tar.gz: <c>tiny-imagenet-200/wnids.txt</c> (the classes), training images
/// <c>train/&lt;wnid&gt;/images/&lt;wnid&gt;_&lt;k&gt;.JPEG</c>, validation images <c>val/images/val_&lt;k&gt;.JPEG</c> labelled by
/// <c>val/val_annotations.txt</c> (file, wnid, box). 64×64 RGB; labels index the sorted wnids.
/// </summary>
public static class TinyImageNet
{
    public static (ImageSet Train, ImageSet Val, IReadOnlyList<SkippedImage> Skipped) Read(string archive, ImageArchiveOptions? options = null, Action<string>? progress = null)
    {
        options ??= new ImageArchiveOptions();
        string[]? wnids = null;
        Dictionary<string, string>? annotations = null;
        var train = new List<(string Member, string Wnid, byte[] Pixels)>();
        var val = new List<(string Member, string File, byte[] Pixels)>();
        var skipped = new List<SkippedImage>();
        var decoded = 0;
        foreach (var member in ImageArchive.Members(archive))
        {
            var parts = member.Name.TrimStart('.', '/').Split('/');
            var rel = parts.Length > 1 && parts[0] == "tiny-imagenet-200" ? parts[1..] : parts;
            if (rel is ["wnids.txt"])
                wnids = Lines(member).Select((l, i) => IsWnid(l) ? l : throw new DataFormatException($"{archive}:{member.Name}", i + 1, $"a wnid (n + 8 digits), got '{l}'")).Order(StringComparer.Ordinal).ToArray();
            else if (rel is ["val", "val_annotations.txt"])
                annotations = Lines(member).Select((l, i) => l.Split('\t') is [var f, var w, ..] && IsWnid(w) ? (f, w)
                    : throw new DataFormatException($"{archive}:{member.Name}", i + 1, $"file<TAB>wnid<TAB>box, got '{l}'")).ToDictionary(p => p.f, p => p.w);
            else if (rel is ["train", var wnid, "images", var file] && file.EndsWith(".JPEG", StringComparison.OrdinalIgnoreCase))
            {
                if (options.PerClass is { } n && ImageSets.Ordinal(file) >= n) continue;
                if (ImageSets.Decode(archive, member, 64, 64, options, skipped) is { } pixels) train.Add((member.Name, wnid, pixels));
                if (++decoded % 10000 == 0) progress?.Invoke($"{archive}: {decoded:N0} images decoded");
            }
            else if (rel is ["val", "images", var valFile] && valFile.EndsWith(".JPEG", StringComparison.OrdinalIgnoreCase))
            {
                if (ImageSets.Decode(archive, member, 64, 64, options, skipped) is { } pixels) val.Add((member.Name, valFile, pixels));
                if (++decoded % 10000 == 0) progress?.Invoke($"{archive}: {decoded:N0} images decoded");
            }
        }
        if (wnids is null) throw new DataFormatException(archive, null, "a member tiny-imagenet-200/wnids.txt (the class list) was expected");
        if (val.Count > 0 && annotations is null) throw new DataFormatException(archive, null, "a member tiny-imagenet-200/val/val_annotations.txt (validation labels) was expected");
        var index = wnids.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
        int Label(string wnid, string member) => index.TryGetValue(wnid, out var l) ? l
            : throw new DataFormatException(archive, null, $"member '{member}': a class of wnids.txt was expected, got '{wnid}'");
        var trainImages = train.Select(t => (t.Member, Label(t.Wnid, t.Member), t.Pixels)).ToList();
        var valImages = val.Select(v => (v.Member,
            Label(annotations!.TryGetValue(v.File, out var w) ? w : throw new DataFormatException(archive, null, $"member '{v.Member}' has no line in val_annotations.txt"), v.Member), v.Pixels)).ToList();
        return (ImageSets.Build("tiny-imagenet-train", trainImages, wnids, options.PerClass, 64, 64),
            ImageSets.Build("tiny-imagenet-val", valImages, wnids, options.PerClass, 64, 64), skipped);
    }

    private static bool IsWnid(string s) => s.Length == 9 && s[0] == 'n' && s[1..].All(char.IsAsciiDigit);

    private static string[] Lines(ArchiveMember member) =>
        System.Text.Encoding.UTF8.GetString(member.Content).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToArray();
}

internal static class ImageSets
{
    /// <summary>The decoded pixels, or null (recorded in <paramref name="skipped"/>) for an invalid image under SkipInvalid.</summary>
    public static byte[]? Decode(string archive, ArchiveMember member, int height, int width, ImageArchiveOptions options, List<SkippedImage> skipped)
    {
        try { return JpegImage.DecodeRgb(member.Content, height, width); }
        catch (InvalidDataException e)
        {
            if (!options.SkipInvalid) throw new DataFormatException(archive, null, $"member '{member.Name}': {e.Message} (--skip-invalid leaves such images out)", e);
            skipped.Add(new SkippedImage(member.Name, e.Message));
            return null;
        }
    }

    /// <summary>The number in a file name like NNNN.jpg or wnid_k.JPEG (for "the first N per class").</summary>
    public static int Ordinal(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        var digits = stem[(stem.LastIndexOf('_') + 1)..];
        return int.TryParse(digits, out var k) ? k : int.MaxValue;
    }

    /// <summary>
    /// Images ordered by (numeric ordinal, label, member), so classes interleave (the first N images are balanced, as in
    /// the binary release) and the order does not depend on the archive's member order.
    /// </summary>
    public static ImageSet Build(string name, IEnumerable<(string Member, int Label, byte[] Pixels)> images, IReadOnlyList<string> classes, int? perClass, int height, int width)
    {
        var ordered = images.OrderBy(i => Ordinal(i.Member)).ThenBy(i => i.Label).ThenBy(i => i.Member, StringComparer.Ordinal).ToList();
        var rank = new Dictionary<string, int>();
        foreach (var group in ordered.GroupBy(i => i.Label))
        {
            var k = 0;
            foreach (var i in group) rank[i.Member] = k++;
        }
        var selected = perClass is { } n ? ordered.Where(i => rank[i.Member] < n) : ordered;
        var list = selected.Select(i => new LabeledImage(i.Member, i.Label, i.Pixels)).ToArray();
        return new ImageSet(name, 3, height, width, list, classes);
    }
}
