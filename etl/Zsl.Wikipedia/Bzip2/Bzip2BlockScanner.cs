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
        // pending holds the file's bytes from byte pendingStartByte on: the start of the open block, or the
        // bytes not searched yet.
        var pending = new GrowableBuffer(chunkSize * 2);
        long pendingStartByte = 0;
        long searchFrom = 0;  // absolute byte number of the next byte a magic may start in
        long fileBytes = 0;
        long openBlockStart = -1;
        var index = 0;
        var chunk = new byte[chunkSize];
        var first = true;
        var found = new List<(long Bit, bool IsBlock)>();
        while (true)
        {
            var read = input.Read(chunk, 0, chunk.Length);
            if (first)
            {
                if (read == 0) throw new InvalidDataException($"{name}: empty file (expected a bzip2 stream)");
                if (!LooksLikeBzip2(chunk.AsSpan(0, read)))
                    throw new InvalidDataException($"{name}: not a bzip2 file (expected the header 'BZh1'..'BZh9' at byte 0)");
                first = false;
            }
            var atEnd = read == 0;
            pending.Append(chunk.AsSpan(0, read));
            fileBytes += read;
            // a magic starting in byte j spans bytes j..j+6; before the end only search where all of them are read
            var searchTo = atEnd ? fileBytes : fileBytes - 6;
            found.Clear();
            if (searchTo > searchFrom)
                FindMagics(pending.Span, (int)(searchFrom - pendingStartByte), (int)(searchTo - pendingStartByte), pendingStartByte * 8, found);
            searchFrom = Math.Max(searchFrom, searchTo);
            foreach (var (bit, isBlock) in found)
            {
                if (openBlockStart >= 0)
                {
                    yield return Cut(pending, pendingStartByte, openBlockStart, bit, index++);
                    openBlockStart = -1;
                }
                if (isBlock) openBlockStart = bit;
            }
            if (atEnd) break;
            // keep only what the open block, or the search still to do, needs
            var keepFromByte = openBlockStart >= 0 ? openBlockStart / 8 : searchFrom;
            pending.DropFront((int)(keepFromByte - pendingStartByte));
            pendingStartByte = keepFromByte;
        }
        if (openBlockStart >= 0)
            yield return new Bzip2Block(index, openBlockStart, fileBytes * 8, [],
                $"{name}: the bzip2 data ends inside block {index + 1} (started at byte {openBlockStart / 8:N0}, file has {fileBytes:N0} bytes): the file is truncated");
    }

    // For each bit shift k (0..7) of a 48-bit magic starting in byte j, bytes j+1..j+5 hold 40 of its bits whole:
    // a 5-byte pattern that a vectorised IndexOf finds; each hit is then checked bit for bit.
    private static readonly (byte[] Pattern, int Shift, ulong Magic, bool IsBlock)[] Patterns =
        [.. new[] { (BlockMagic, true), (EndOfStreamMagic, false) }.SelectMany(m => Enumerable.Range(0, 8).Select(k => (PatternOf(m.Item1, k), k, m.Item1, m.Item2)))];

    private static byte[] PatternOf(ulong magic, int shift)
    {
        var field = magic << (8 - shift); // the magic inside 7 bytes (56 bits), starting at bit `shift` of the first
        var pattern = new byte[5];
        for (var i = 0; i < 5; i++) pattern[i] = (byte)(field >> (8 * (5 - i)));
        return pattern;
    }

    /// <summary>Every magic whose first bit lies in bytes [from, to) of <paramref name="data"/>, in bit order.</summary>
    private static void FindMagics(ReadOnlySpan<byte> data, int from, int to, long baseBit, List<(long Bit, bool IsBlock)> found)
    {
        var start = found.Count;
        foreach (var (pattern, shift, magic, isBlock) in Patterns)
        {
            var j = from;
            while (j < to)
            {
                var window = data[(j + 1)..Math.Min(data.Length, to + 6)];
                var hit = window.IndexOf(pattern);
                if (hit < 0) break;
                j += hit; // the candidate magic starts in byte j
                if (j >= to) break;
                if (MagicAt(data, j, shift) == magic) found.Add((baseBit + j * 8L + shift, isBlock));
                j++;
            }
        }
        if (found.Count - start > 1) found.Sort(start, found.Count - start, Comparer<(long Bit, bool IsBlock)>.Default);
    }

    /// <summary>The 48 bits starting at bit <paramref name="shift"/> of byte <paramref name="j"/> (bytes past the end read as 0).</summary>
    private static ulong MagicAt(ReadOnlySpan<byte> data, int j, int shift)
    {
        ulong value = 0;
        for (var i = 0; i < 7; i++) value = (value << 8) | (j + i < data.Length ? data[j + i] : 0UL);
        if (shift > 0 && j + 6 >= data.Length) return ulong.MaxValue; // the magic would end past the data
        return (value >> (8 - shift)) & Mask48;
    }

    private static Bzip2Block Cut(GrowableBuffer pending, long pendingStartByte, long startBit, long endBit, int index)
    {
        var source = pending.Span;
        var offset = startBit - pendingStartByte * 8; // bit offset of the block inside pending
        var bits = endBit - startBit;
        var crc = ReadBits(source, offset + 48, 32);
        // "BZh9", the block's bits realigned to byte 4, the end-of-stream magic and the stream CRC; a single-block
        // stream's combined CRC equals the block CRC: (0 rotl 1) xor crc
        var wholeBytes = (int)(bits / 8);
        var output = new byte[(32 + bits + 48 + 32 + 7) / 8];
        "BZh9"u8.CopyTo(output);
        var first = (int)(offset >> 3);
        var shift = (int)(offset & 7);
        var src = source.Slice(first, wholeBytes + 1 < source.Length - first ? wholeBytes + 1 : source.Length - first);
        var dst = output.AsSpan(4, wholeBytes);
        if (shift == 0) src[..wholeBytes].CopyTo(dst);
        else
            for (var i = 0; i < wholeBytes; i++) dst[i] = (byte)((src[i] << shift) | (src[i + 1] >> (8 - shift)));
        var writer = new BitWriter(output, 4 + wholeBytes);
        var rest = (int)(bits % 8);
        if (rest > 0) writer.Write(ReadBits(source, offset + wholeBytes * 8L, rest), rest);
        writer.Write((uint)(EndOfStreamMagic >> 16), 32);
        writer.Write((uint)(EndOfStreamMagic & 0xFFFF), 16);
        writer.Write(crc, 32);
        writer.Flush();
        return new Bzip2Block(index, startBit, endBit, output);
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

    /// <summary>Writes bits MSB-first into an array from a byte position on.</summary>
    private sealed class BitWriter(byte[] output, int position)
    {
        private ulong _buffer;
        private int _bits;

        public void Write(uint value, int count)
        {
            _buffer = (_buffer << count) | (value & (count == 32 ? 0xFFFFFFFFUL : (1UL << count) - 1));
            _bits += count;
            while (_bits >= 8)
            {
                _bits -= 8;
                output[position++] = (byte)(_buffer >> _bits);
            }
        }

        /// <summary>Pads the last byte with zero bits.</summary>
        public void Flush()
        {
            if (_bits > 0) { output[position++] = (byte)(_buffer << (8 - _bits)); _bits = 0; }
        }
    }
}
