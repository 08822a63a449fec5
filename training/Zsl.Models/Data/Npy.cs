using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Zsl.Store;

namespace Zsl.Models.Data;

/// <summary>The element types of NumPy arrays this reader understands.</summary>
public enum NpyType { Float32, Float64, Unicode }

/// <summary>The header of a .npy array: element type (little-endian), shape, and for unicode strings the width in characters.</summary>
public sealed record NpyHeader(NpyType Type, IReadOnlyList<long> Shape, int CharWidth = 0)
{
    public long Rows => Shape.Count == 0 ? 1 : Shape[0];
    /// <summary>Elements per row: the product of every dimension after the first (1 for a vector).</summary>
    public int Columns => checked((int)Shape.Skip(1).Aggregate(1L, (a, b) => a * b));
    public int ElementSize => Type switch { NpyType.Float32 => 4, NpyType.Float64 => 8, _ => 4 * CharWidth };
}

/// <summary>
/// Reader and writer for NumPy's .npy format (versions 1-3) and .npz archives (a zip of .npy files, stored or
/// deflated). Arrays are read row by row from a forward-only stream, so an array of any size streams in
/// constant memory. Supported: little-endian float32/float64 and unicode strings, C order.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads and validates the header; the stream is left at the first data byte.</summary>
    public static NpyHeader ReadHeader(Stream stream, string name)
    {
        var prefix = new byte[8];
        ReadExactly(stream, prefix, name, "the 8-byte .npy preamble (\\x93NUMPY, version)");
        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DataFormatException(name, null, "the .npy magic string \\x93NUMPY at the start");
        int major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            var len = new byte[2];
            ReadExactly(stream, len, name, "the 2-byte header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if (major is 2 or 3)
        {
            var len = new byte[4];
            ReadExactly(stream, len, name, "the 4-byte header length");
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(len));
        }
        else throw new DataFormatException(name, null, $".npy format version 1, 2 or 3, found {major}");
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, name, $"a header of {headerLength} bytes");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        return ParseHeader(header, name);
    }

    internal static NpyHeader ParseHeader(string header, string name)
    {
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
            throw new DataFormatException(name, null, $"a header dict with 'descr', 'fortran_order' and 'shape', found {header.Trim()}");
        if (order.Groups[1].Value == "True")
            throw new DataFormatException(name, null, "a C-order array (fortran_order: False); re-save it with numpy.ascontiguousarray");
        var type = descr.Groups[1].Value;
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.TryParse(d.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                : throw new DataFormatException(name, null, $"integer dimensions in 'shape', found '{d}'")).ToArray();
        return type switch
        {
            "<f4" => new NpyHeader(NpyType.Float32, dims),
            "<f8" => new NpyHeader(NpyType.Float64, dims),
            _ when type.StartsWith("<U", StringComparison.Ordinal) && int.TryParse(type[2..], out var width) && width > 0
                => new NpyHeader(NpyType.Unicode, dims, width),
            _ => throw new DataFormatException(name, null, $"a little-endian float32 ('<f4'), float64 ('<f8') or unicode ('<U…') array, found descr '{type}'"),
        };
    }

    /// <summary>Streams the rows of a float array (a vector is read as rows of one value) as float64.</summary>
    public static IEnumerable<double[]> ReadRows(Stream stream, NpyHeader header, string name)
    {
        if (header.Type == NpyType.Unicode) throw new DataFormatException(name, null, "a float32 or float64 array, found a string array");
        var columns = header.Columns;
        var buffer = new byte[columns * header.ElementSize];
        for (long r = 0; r < header.Rows; r++)
        {
            ReadExactly(stream, buffer, name, $"{header.Rows} rows of {columns} values, the data ends in row {r + 1}");
            var row = new double[columns];
            if (header.Type == NpyType.Float32)
                for (var c = 0; c < columns; c++) row[c] = BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(4 * c));
            else
                for (var c = 0; c < columns; c++) row[c] = BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(8 * c));
            yield return row;
        }
    }

    /// <summary>Streams the strings of a one-dimensional unicode array (UTF-32, NUL-padded).</summary>
    public static IEnumerable<string> ReadStrings(Stream stream, NpyHeader header, string name)
    {
        if (header.Type != NpyType.Unicode || header.Shape.Count != 1)
            throw new DataFormatException(name, null, "a one-dimensional unicode string array ('<U…')");
        var buffer = new byte[header.ElementSize];
        for (long r = 0; r < header.Rows; r++)
        {
            ReadExactly(stream, buffer, name, $"{header.Rows} strings, the data ends at string {r + 1}");
            var text = Encoding.UTF32.GetString(buffer);
            var end = text.IndexOf('\0');
            yield return end < 0 ? text : text[..end];
        }
    }

    /// <summary>Reads a whole .npy file as rows (small arrays: models, fixtures).</summary>
    public static double[][] ReadMatrix(string path)
    {
        using var stream = OpenFile(path);
        var header = ReadHeader(stream, path);
        return ReadRows(stream, header, path).ToArray();
    }

    /// <summary>Opens array <paramref name="array"/> of an .npz archive (with or without the .npy suffix).</summary>
    public static (ZipArchive Archive, Stream Stream, NpyHeader Header) OpenNpzEntry(string path, string array)
    {
        var archive = new ZipArchive(OpenFile(path), ZipArchiveMode.Read);
        try
        {
            var entry = archive.GetEntry(array + ".npy") ?? archive.GetEntry(array)
                ?? throw new DataFormatException(path, null, $"an array named '{array}' in the .npz archive, found {string.Join(", ", archive.Entries.Select(e => e.FullName))}");
            var stream = entry.Open();
            return (archive, stream, ReadHeader(stream, $"{path}:{entry.FullName}"));
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    public static IReadOnlyList<string> NpzArrays(string path)
    {
        using var archive = new ZipArchive(OpenFile(path), ZipArchiveMode.Read);
        return archive.Entries.Select(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal) ? e.FullName[..^4] : e.FullName).ToArray();
    }

    // ---- writing (fixtures, model files) ----

    /// <summary>Writes a float array of the given shape in .npy version 1.0 format.</summary>
    public static void WriteFloats(Stream stream, IReadOnlyList<long> shape, IEnumerable<double> values, NpyType type)
    {
        if (type == NpyType.Unicode) throw new ArgumentException("use WriteStrings for unicode arrays", nameof(type));
        WriteHeader(stream, type == NpyType.Float32 ? "<f4" : "<f8", shape);
        var expected = shape.Aggregate(1L, (a, b) => a * b);
        long count = 0;
        Span<byte> buffer = stackalloc byte[8];
        foreach (var v in values)
        {
            if (type == NpyType.Float32) { BinaryPrimitives.WriteSingleLittleEndian(buffer, (float)v); stream.Write(buffer[..4]); }
            else { BinaryPrimitives.WriteDoubleLittleEndian(buffer, v); stream.Write(buffer); }
            count++;
        }
        if (count != expected) throw new ArgumentException($"shape ({string.Join(", ", shape)}) needs {expected} values, got {count}");
    }

    public static void WriteStrings(Stream stream, IReadOnlyList<string> values)
    {
        var width = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.Length));
        WriteHeader(stream, $"<U{width}", [values.Count]);
        foreach (var v in values)
        {
            var bytes = new byte[4 * width];
            Encoding.UTF32.GetBytes(v, bytes);
            stream.Write(bytes);
        }
    }

    public static void WriteMatrix(string path, double[][] rows, NpyType type = NpyType.Float64)
    {
        var columns = rows.Length == 0 ? 0 : rows[0].Length;
        AtomicFile.Write(path, stream => WriteFloats(stream, [rows.Length, columns], rows.SelectMany(r => r), type));
    }

    private static void WriteHeader(Stream stream, string descr, IReadOnlyList<long> shape)
    {
        var shapeText = shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // Pad with spaces so that preamble + header + newline is a multiple of 64 bytes, as numpy writes it.
        var total = 10 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - total % 64) % 64) + "\n";
        stream.Write(Magic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, checked((ushort)padded.Length));
        stream.Write(len);
        stream.Write(Encoding.Latin1.GetBytes(padded));
    }

    private static Stream OpenFile(string path)
        => File.Exists(path) ? File.OpenRead(path) : throw new FileNotFoundException($"NumPy file {path} does not exist", path);

    private static void ReadExactly(Stream stream, byte[] buffer, string name, string expected)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0) throw new DataFormatException(name, null, expected + " (file truncated)");
            read += n;
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")] private static partial Regex DescrPattern();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")] private static partial Regex OrderPattern();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")] private static partial Regex ShapePattern();
}

/// <summary>Writes a file through a temporary sibling, moved into place only when writing succeeded.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".tmp-{Environment.ProcessId}";
        try
        {
            using (var stream = File.Create(temp)) write(stream);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteText(string path, string text) => Write(path, s => { var b = new UTF8Encoding(false).GetBytes(text); s.Write(b); });
}
