using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Zsl.Store;

namespace Zsl.RevNet.Data;

/// <summary>What a cache file holds besides the pixels.</summary>
public sealed record ImageCacheHeader(string Name, int Channels, int Height, int Width, string[] ClassNames, string[] Ids, int[] Labels,
    string Source, string SourceSha256, SkippedImage[] Skipped);

/// <summary>
/// Decoded images as one compact file, so that epochs never decode JPEG again: the magic <c>ZSLIMG01</c>, the length
/// (int32, little-endian) of a UTF-8 JSON <see cref="ImageCacheHeader"/>, the header, then N×C×H×W uint8 pixels in
/// channel-major order (the layout of a uint8 tensor). Written to a temporary file and moved into place; the
/// header records the SHA-256 of the archive it was decoded from, and a cache of another archive is rebuilt.
/// </summary>
public static class ImageCache
{
    private static readonly byte[] Magic = "ZSLIMG01"u8.ToArray();

    public static void Write(string path, ImageSet set, string source, string sourceSha256, IReadOnlyList<SkippedImage> skipped)
    {
        var header = new ImageCacheHeader(set.Name, set.Channels, set.Height, set.Width, set.ClassNames.ToArray(),
            set.Images.Select(i => i.Id).ToArray(), set.Images.Select(i => i.Label).ToArray(), source, sourceSha256, skipped.ToArray());
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        using (var stream = File.Create(tmp))
        {
            stream.Write(Magic);
            stream.Write(BitConverter.GetBytes(json.Length));
            stream.Write(json);
            foreach (var image in set.Images)
            {
                if (image.Pixels.Length != set.PixelsPerImage) throw new ArgumentException($"image {image.Id}: {set.PixelsPerImage} pixel bytes expected, got {image.Pixels.Length}");
                stream.Write(image.Pixels);
            }
        }
        File.Move(tmp, path, overwrite: true);
    }

    public static ImageCacheHeader ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadHeader(path, stream);
    }

    public static ImageSet Read(string path)
    {
        using var stream = File.OpenRead(path);
        var header = ReadHeader(path, stream);
        var size = header.Channels * header.Height * header.Width;
        var expected = stream.Position + (long)size * header.Ids.Length;
        if (stream.Length != expected)
            throw new DataFormatException(path, null, $"{header.Ids.Length} images of {size} bytes after the header ({expected} bytes in all), the file has {stream.Length}");
        var images = new LabeledImage[header.Ids.Length];
        for (var i = 0; i < images.Length; i++)
        {
            var pixels = new byte[size];
            stream.ReadExactly(pixels);
            images[i] = new LabeledImage(header.Ids[i], header.Labels[i], pixels);
        }
        return new ImageSet(header.Name, header.Channels, header.Height, header.Width, images, header.ClassNames);
    }

    private static ImageCacheHeader ReadHeader(string path, Stream stream)
    {
        var magic = new byte[Magic.Length + 4];
        if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) != magic.Length || !magic.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new DataFormatException(path, null, "an image cache file starting with ZSLIMG01");
        var length = BitConverter.ToInt32(magic, Magic.Length);
        if (length <= 0 || length > stream.Length) throw new DataFormatException(path, null, $"a header length within the file, got {length}");
        var json = new byte[length];
        stream.ReadExactly(json);
        var header = JsonSerializer.Deserialize<ImageCacheHeader>(json) ?? throw new DataFormatException(path, null, "a JSON header object");
        if (header.Labels.Length != header.Ids.Length) throw new DataFormatException(path, null, $"as many labels as ids ({header.Ids.Length}), got {header.Labels.Length}");
        if (header.Labels.Any(l => l < 0 || l >= header.ClassNames.Length)) throw new DataFormatException(path, null, $"labels below {header.ClassNames.Length}");
        return header;
    }

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>The two image archives of the shared data, decoded once into caches (train and test/val).</summary>
public static class ImageDatasets
{
    public static readonly IReadOnlyList<string> Names = ["cifar10", "tiny-imagenet"];

    /// <summary>The default archive of <paramref name="name"/> under the reference data folder.</summary>
    public static string DefaultArchive(string name, string dataRoot) => name switch
    {
        "cifar10" => Path.Combine(dataRoot, "images", "cifar-10", "cifar-10-jpeg.tar.gz"),
        "tiny-imagenet" => Path.Combine(dataRoot, "images", "tiny-imagenet-200", "tiny-imagenet-200-300.tar.gz"),
        _ => throw new ArgumentException($"unknown image data set '{name}': expected {string.Join(" or ", Names)}"),
    };

    /// <summary>
    /// Training and test (CIFAR-10) or validation (Tiny ImageNet) images, from <c>cacheDir/name[-perN].{train,test}.u8</c>
    /// when those caches were decoded from the same archive (same SHA-256), else decoded from the archive and cached.
    /// </summary>
    public static (ImageSet Train, ImageSet Test, IReadOnlyList<SkippedImage> Skipped) Load(string name, string archive, string cacheDir,
        ImageArchiveOptions? options = null, Action<string>? log = null)
    {
        options ??= new ImageArchiveOptions();
        var stem = Path.Combine(cacheDir, name + (options.PerClass is { } n ? $"-per{n}" : ""));
        var (trainPath, testPath) = (stem + ".train.u8", stem + ".test.u8");
        if (!File.Exists(archive)) throw new FileNotFoundException($"image archive not found: {archive}", archive);
        var sha = ImageCache.Sha256(archive);
        if (File.Exists(trainPath) && File.Exists(testPath))
        {
            var header = ImageCache.ReadHeader(trainPath);
            var testHeader = ImageCache.ReadHeader(testPath);
            if (header.SourceSha256 == sha && testHeader.SourceSha256 == sha && (header.Skipped.Length == 0 || options.SkipInvalid))
            {
                log?.Invoke($"image cache {trainPath} (+ {Path.GetFileName(testPath)}), decoded from {archive}");
                return (ImageCache.Read(trainPath), ImageCache.Read(testPath), header.Skipped);
            }
            log?.Invoke($"image cache {trainPath} is of another archive or options: decoding again");
        }
        log?.Invoke($"decoding {archive} (once; cached as {trainPath}, {testPath})");
        var (train, test, skipped) = name switch
        {
            "cifar10" => Cifar10Jpeg.Read(archive, options, log),
            "tiny-imagenet" => TinyImageNet.Read(archive, options, log),
            _ => throw new ArgumentException($"unknown image data set '{name}': expected {string.Join(" or ", Names)}"),
        };
        foreach (var s in skipped) log?.Invoke($"skipped invalid image {s.Member}: {s.Reason}");
        if (skipped.Count > 0) log?.Invoke($"{skipped.Count} invalid image(s) skipped");
        ImageCache.Write(testPath, test, archive, sha, skipped);
        ImageCache.Write(trainPath, train, archive, sha, skipped);
        return (train, test, skipped);
    }
}
