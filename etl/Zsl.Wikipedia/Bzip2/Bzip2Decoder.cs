using System.Buffers;
using System.Runtime.InteropServices;
using ICSharpCode.SharpZipLib.BZip2;

namespace Zsl.Wikipedia.Bzip2;

public enum Bzip2Backend
{
    /// <summary>libbz2 when the system has it (every Debian/Ubuntu system does: dpkg depends on it), else SharpZipLib.</summary>
    Auto,
    /// <summary>The reference C implementation, the system's libbz2.so.1.0, through P/Invoke.</summary>
    LibBz2,
    /// <summary>SharpZipLib's managed decoder: portable, about 1.4× the CPU time of libbz2.</summary>
    SharpZipLib,
}

/// <summary>Decompresses one complete bzip2 stream held in memory (here: one block rewrapped by <see cref="Bzip2BlockScanner"/>).</summary>
public static partial class Bzip2Decoder
{
    private const string Library = "libbz2.so.1.0";
    private static readonly Lazy<bool> LibBz2Loaded = new(() => NativeLibrary.TryLoad(Library, typeof(Bzip2Decoder).Assembly, null, out _));

    public static bool LibBz2Available => LibBz2Loaded.Value;

    public static Bzip2Backend Resolve(Bzip2Backend backend) => backend switch
    {
        Bzip2Backend.Auto => LibBz2Available ? Bzip2Backend.LibBz2 : Bzip2Backend.SharpZipLib,
        Bzip2Backend.LibBz2 when !LibBz2Available => throw new InvalidOperationException($"{Library} cannot be loaded (install Debian's libbz2-1.0, or use the SharpZipLib decoder)"),
        _ => backend,
    };

    /// <summary>The decompressed bytes; <see cref="InvalidDataException"/> when the data is corrupt or incomplete.</summary>
    public static byte[] Decompress(byte[] stream, Bzip2Backend backend)
    {
        var block = DecompressPooled(stream, backend);
        var bytes = block.Span.ToArray();
        block.Return();
        return bytes;
    }

    /// <summary>
    /// Like <see cref="Decompress(byte[], Bzip2Backend)"/>, into an array rented from <see cref="ArrayPool{T}.Shared"/>
    /// (hand it back with <see cref="DecodedBlock.Return"/>): decoded blocks are about 1 MB, and a fresh array
    /// for each would land on the large-object heap and make the GC collect far more often.
    /// </summary>
    public static DecodedBlock DecompressPooled(byte[] stream, Bzip2Backend backend)
        => Resolve(backend) == Bzip2Backend.LibBz2 ? DecompressLibBz2(stream) : new DecodedBlock(DecompressManaged(stream), -1);

    private static byte[] DecompressManaged(byte[] stream)
    {
        try
        {
            using var input = new BZip2InputStream(new MemoryStream(stream, writable: false));
            using var output = new MemoryStream(stream.Length * 5);
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is BZip2Exception or EndOfStreamException or IndexOutOfRangeException or IOException)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static unsafe DecodedBlock DecompressLibBz2(byte[] stream)
    {
        // a 900 kB block usually expands to about 1 MB; run-length coding allows much more, so grow on demand
        var capacity = Math.Max(2 << 20, stream.Length * 8);
        while (true)
        {
            var output = ArrayPool<byte>.Shared.Rent(capacity);
            var length = (uint)output.Length;
            int status;
            fixed (byte* source = stream)
            fixed (byte* destination = output)
                status = BZ2_bzBuffToBuffDecompress(destination, ref length, source, (uint)stream.Length, 0, 0);
            if (status != 0) ArrayPool<byte>.Shared.Return(output);
            switch (status)
            {
                case 0: return new DecodedBlock(output, (int)length);
                case -8 when capacity < 1 << 30: capacity = output.Length * 2; continue; // BZ_OUTBUFF_FULL
                case -4: throw new InvalidDataException("bzip2 data error (CRC mismatch or corrupt block)");
                case -5: throw new InvalidDataException("not bzip2 data (bad magic)");
                case -7: throw new InvalidDataException("unexpected end of the bzip2 data");
                case -3: throw new OutOfMemoryException("libbz2 could not allocate its decompression tables");
                default: throw new InvalidDataException($"libbz2 failed with status {status}");
            }
        }
    }

    [LibraryImport(Library)]
    private static unsafe partial int BZ2_bzBuffToBuffDecompress(byte* dest, ref uint destLen, byte* source, uint sourceLen, int small, int verbosity);
}

/// <summary>A decoded block: the first <see cref="Length"/> bytes of <see cref="Data"/> (all of it when Length is -1, an unpooled array).</summary>
public readonly record struct DecodedBlock(byte[] Data, int Length)
{
    public ReadOnlySpan<byte> Span => Length < 0 ? Data : Data.AsSpan(0, Length);

    /// <summary>Gives a pooled array back to the pool; the block must not be used afterwards.</summary>
    public void Return()
    {
        if (Length >= 0) ArrayPool<byte>.Shared.Return(Data);
    }
}
