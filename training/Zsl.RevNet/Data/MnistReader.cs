using System.Buffers.Binary;
using Zsl.Store;

namespace Zsl.RevNet.Data;

/// <summary>
/// MNIST in the IDX format (big-endian magic 0x00000803 images [n, rows, cols] of unsigned bytes, 0x00000801 labels [n]).
/// </summary>
public static class MnistReader
{
    public static readonly IReadOnlyList<string> ClassNames = Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray();

    /// <summary>Split "train" (train-*-ubyte) or "test" (t10k-*-ubyte) of an MNIST directory.</summary>
    public static ImageSet Load(string directory, string split)
    {
        var prefix = split switch
        {
            "train" => "train",
            "test" or "t10k" => "t10k",
            _ => throw new ArgumentException($"MNIST split must be train or test, got '{split}'"),
        };
        var images = Path.Combine(directory, $"{prefix}-images-idx3-ubyte");
        var labels = Path.Combine(directory, $"{prefix}-labels-idx1-ubyte");
        var (rows, cols, pixels) = ReadImages(images);
        var labelBytes = ReadLabels(labels);
        if (labelBytes.Length != pixels.Count)
            throw new DataFormatException(labels, null, $"{labelBytes.Length} labels for {pixels.Count} images in {images}");
        var list = new LabeledImage[pixels.Count];
        for (var i = 0; i < list.Length; i++)
        {
            if (labelBytes[i] > 9) throw new DataFormatException(labels, i, $"a digit label 0-9, got {labelBytes[i]}");
            list[i] = new LabeledImage($"mnist-{split}-{i:D5}", labelBytes[i], pixels[i]);
        }
        return new ImageSet($"mnist-{split}", 1, rows, cols, list, ClassNames);
    }

    /// <summary>Streams the images of an IDX3 file (record number = image index).</summary>
    public static (int Rows, int Cols, IReadOnlyList<byte[]> Images) ReadImages(string path)
    {
        using var stream = File.OpenRead(path);
        var header = ReadExactly(stream, 16, path, "a 16-byte IDX3 header");
        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != 0x00000803) throw new DataFormatException(path, null, $"IDX3 magic 0x00000803 (unsigned byte, 3 dimensions), got 0x{magic:X8}");
        var n = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
        if (n < 0 || rows <= 0 || cols <= 0) throw new DataFormatException(path, null, $"positive dimensions, got {n}×{rows}×{cols}");
        if (stream.Length != 16 + (long)n * rows * cols)
            throw new DataFormatException(path, null, $"{16 + (long)n * rows * cols} bytes for {n} images of {rows}×{cols}, file has {stream.Length}");
        var images = new byte[n][];
        for (var i = 0; i < n; i++) images[i] = ReadExactly(stream, rows * cols, path, $"image {i}");
        return (rows, cols, images);
    }

    public static byte[] ReadLabels(string path)
    {
        using var stream = File.OpenRead(path);
        var header = ReadExactly(stream, 8, path, "an 8-byte IDX1 header");
        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != 0x00000801) throw new DataFormatException(path, null, $"IDX1 magic 0x00000801 (unsigned byte, 1 dimension), got 0x{magic:X8}");
        var n = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (n < 0 || stream.Length != 8 + (long)n) throw new DataFormatException(path, null, $"{8 + (long)n} bytes for {n} labels, file has {stream.Length}");
        return ReadExactly(stream, n, path, "labels");
    }

    internal static byte[] ReadExactly(Stream stream, int count, string path, string what)
    {
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        if (read != count) throw new DataFormatException(path, null, $"{what}: {count} bytes, file ended after {read}");
        return buffer;
    }
}
