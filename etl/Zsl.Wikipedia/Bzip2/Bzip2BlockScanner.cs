namespace Zsl.Wikipedia.Bzip2;

/// <summary>
/// One compressed bzip2 block cut out of a file and rewrapped as a complete single-block bzip2 stream
/// (header, the block's bits realigned to byte 0, end-of-stream marker, CRC), so that any bzip2 decoder can
/// decompress it on its own. <see cref="Error"/> is set instead when the file ends inside the block.
/// </summary>
public sealed record Bzip2Block(int Index, long StartBit, long EndBit, byte[] Stream, string? Error = null);

/// <summary>
/// Splits a bzip2 file into its blocks without decompressing. bzip2 blocks are independent (each restarts
/// the Burrows–Wheeler transform and carries its own CRC) but are not byte-aligned: a block begins with the
/// 48-bit magic 0x314159265359 at any bit offset and a stream ends with 0x177245385090. The scanner slides a
/// 64-bit window over the bits, so it handles single-stream dumps and multistream dumps (concatenated
/// streams, each with its own "BZh" header) alike, without the multistream index.
/// </summary>
/// <remarks>
/// A block's compressed data could in principle contain the 48-bit magic by chance (about one false split
/// per 2^48 bits, i.e. once in ~30 TB); the block would then fail its CRC check and decoding stops with an
/// error rather than producing wrong text.
/// </remarks>
public static class Bzip2BlockScanner
{
    public const ulong BlockMagic = 0x314159265359UL;
    public const ulong EndOfStreamMagic = 0x177245385090UL;
    private const ulong Mask48 = (1UL << 48) - 1;

    public static bool LooksLikeBzip2(ReadOnlySpan<byte> head)
        => head.Length >= 4 && head[0] == (byte)'B' && head[1] == (byte)'Z' && head[2] == (byte)'h' && head[3] is >= (byte)'1' and <= (byte)'9';

    /// <summary>The blocks of <paramref name="input"/> in file order, read forward in chunks.</summary>
    public static IEnumerable<Bzip2Block> Scan(Stream input, string name, int chunkSize = 1 << 20)
    {
        // pending holds the file's bytes from byte (pendingStartBit / 8) on: the start of the open block.
        var pending = new GrowableBuffer(chunkSize * 2);
        long pendingStartByte = 0;
        long bitPosition = 0; // bits consumed so far
        ulong window = 0;
        long openBlockStart = -1;
        var index = 0;
        var chunk = new byte[chunkSize];
        var first = true;
        int read;
        while ((read = input.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (first)
            {
                if (!LooksLikeBzip2(chunk.AsSpan(0, read)))
                    throw new InvalidDataException($"{name}: not a bzip2 file (expected the header 'BZh1'..'BZh9' at byte 0)");
                first = false;
            }
            pending.Append(chunk.AsSpan(0, read));
            var found = new List<(long Bit, bool IsBlock)>();
            for (var i = 0; i < read; i++)
            {
                var b = chunk[i];
                for (var k = 7; k >= 0; k--)
                {
                    window = (window << 1) | (uint)((b >> k) & 1);
                    bitPosition++;
                    var low = window & Mask48;
                    if (low == BlockMagic) found.Add((bitPosition - 48, true));
                    else if (low == EndOfStreamMagic) found.Add((bitPosition - 48, false));
                }
            }
            foreach (var (bit, isBlock) in found)
            {
                if (openBlockStart >= 0)
                {
                    yield return Cut(pending, pendingStartByte, openBlockStart, bit, index++);
                    openBlockStart = -1;
                }
                if (isBlock) openBlockStart = bit;
            }
            // keep only what the open block (or the next magic, which may straddle the chunk end) still needs
            var keepFromByte = openBlockStart >= 0 ? openBlockStart / 8 : Math.Max(pendingStartByte, (bitPosition - 48) / 8);
            pending.DropFront((int)(keepFromByte - pendingStartByte));
            pendingStartByte = keepFromByte;
        }
        if (first)
            throw new InvalidDataException($"{name}: empty file (expected a bzip2 stream)");
        if (openBlockStart >= 0)
            yield return new Bzip2Block(index, openBlockStart, bitPosition, [],
                $"{name}: the bzip2 data ends inside block {index + 1} (started at byte {openBlockStart / 8:N0}, file has {bitPosition / 8:N0} bytes): the file is truncated");
    }

    private static Bzip2Block Cut(GrowableBuffer pending, long pendingStartByte, long startBit, long endBit, int index)
    {
        var source = pending.Span;
        var offset = startBit - pendingStartByte * 8; // bit offset of the block inside pending
        var bits = endBit - startBit;
        var writer = new BitWriter((int)(bits / 8) + 20);
        writer.Write('B', 8); writer.Write('Z', 8); writer.Write('h', 8); writer.Write('9', 8);
        var crc = ReadBits(source, offset + 48, 32);
        var position = offset;
        var remaining = bits;
        while (remaining >= 32)
        {
            writer.Write(ReadBits(source, position, 32), 32);
            position += 32; remaining -= 32;
        }
        if (remaining > 0) writer.Write(ReadBits(source, position, (int)remaining), (int)remaining);
        // a single-block stream's combined CRC equals the block CRC: (0 rotl 1) xor crc
        writer.Write((uint)(EndOfStreamMagic >> 16), 32);
        writer.Write((uint)(EndOfStreamMagic & 0xFFFF), 16);
        writer.Write(crc, 32);
        return new Bzip2Block(index, startBit, endBit, writer.ToArray());
    }

    /// <summary>Reads <paramref name="count"/> (≤ 32) bits MSB-first starting at bit <paramref name="bit"/>.</summary>
    internal static uint ReadBits(ReadOnlySpan<byte> data, long bit, int count)
    {
        ulong value = 0;
        var byteIndex = (int)(bit >> 3);
        var skip = (int)(bit & 7);
        var needed = (skip + count + 7) >> 3;
        for (var i = 0; i < needed; i++) value = (value << 8) | data[byteIndex + i];
        var total = needed * 8;
        return (uint)((value >> (total - skip - count)) & ((1UL << count) - 1));
    }

    private sealed class GrowableBuffer(int capacity)
    {
        private byte[] _data = new byte[capacity];
        private int _length;

        public ReadOnlySpan<byte> Span => _data.AsSpan(0, _length);

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (_length + bytes.Length > _data.Length)
                Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + bytes.Length));
            bytes.CopyTo(_data.AsSpan(_length));
            _length += bytes.Length;
        }

        public void DropFront(int count)
        {
            if (count <= 0) return;
            _data.AsSpan(count, _length - count).CopyTo(_data);
            _length -= count;
        }
    }

    private sealed class BitWriter(int capacity)
    {
        private readonly MemoryStream _out = new(capacity);
        private ulong _buffer;
        private int _bits;

        public void Write(uint value, int count)
        {
            _buffer = (_buffer << count) | (value & (count == 32 ? 0xFFFFFFFFUL : (1UL << count) - 1));
            _bits += count;
            while (_bits >= 8)
            {
                _bits -= 8;
                _out.WriteByte((byte)(_buffer >> _bits));
            }
        }

        public byte[] ToArray()
        {
            if (_bits > 0) { _out.WriteByte((byte)(_buffer << (8 - _bits))); _bits = 0; }
            return _out.ToArray();
        }
    }
}
