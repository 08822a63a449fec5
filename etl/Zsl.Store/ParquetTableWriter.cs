using System.Buffers.Binary;
using System.Text;

namespace Zsl.Store;

/// <summary>
/// Writes flat tables as Parquet (format 2 metadata, v1 data pages, PLAIN values, RLE definition levels, Zstd at
/// level 1), one data page per column and row group. Values are appended straight into each column's page buffer in
/// their encoded form: a text goes from SQLite's UTF-8 bytes to the page without becoming a .NET string.
/// The files are those of the Parquet specification that every reader takes (DuckDB, pyarrow/pandas, Spark).
/// </summary>
internal sealed class ParquetTableWriter : IDisposable
{
    private const int ZstdLevel = 1;
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private readonly Stream _stream;
    private readonly IReadOnlyList<ColumnSpec> _columns;
    private readonly List<RowGroupInfo> _rowGroups = [];
    private readonly ZstdSharp.Compressor _zstd = new(ZstdLevel);
    private byte[] _compressed = [];
    private long _position;

    public ParquetTableWriter(Stream stream, IReadOnlyList<ColumnSpec> columns)
    {
        _stream = stream;
        _columns = columns;
        Write(Magic);
    }

    /// <summary>Writes one row group from <paramref name="buffers"/> (one per column, each holding <paramref name="rows"/> rows).</summary>
    public void WriteRowGroup(IReadOnlyList<ColumnPage> buffers, int rows)
    {
        var chunks = new List<ChunkInfo>(buffers.Count);
        long uncompressedTotal = 0;
        for (var c = 0; c < buffers.Count; c++)
        {
            var body = buffers[c].PageBody();
            var bound = ZstdSharp.Compressor.GetCompressBound(body.Length);
            if (_compressed.Length < bound) _compressed = new byte[Math.Max(bound, _compressed.Length * 2)];
            var compressedLength = _zstd.Wrap(body, _compressed);
            var header = new ThriftCompactWriter();
            header.I32(1, 0);                            // type: DATA_PAGE
            header.I32(2, body.Length);                  // uncompressed_page_size
            header.I32(3, compressedLength);             // compressed_page_size
            header.BeginStruct(5);                       // data_page_header
            header.I32(1, rows);                         // num_values (nulls included)
            header.I32(2, 0);                            // encoding: PLAIN
            header.I32(3, 3);                            // definition_level_encoding: RLE
            header.I32(4, 3);                            // repetition_level_encoding: RLE
            header.EndStruct();
            header.Stop();
            var offset = _position;
            Write(header.Written);
            Write(_compressed.AsSpan(0, compressedLength));
            chunks.Add(new ChunkInfo(offset, header.Written.Length + body.Length, header.Written.Length + compressedLength, rows));
            uncompressedTotal += header.Written.Length + body.Length;
        }
        _rowGroups.Add(new RowGroupInfo(chunks, rows, uncompressedTotal));
    }

    /// <summary>Writes the footer (file metadata); the file is complete after it.</summary>
    public void Finish()
    {
        var meta = new ThriftCompactWriter();
        meta.I32(1, 2); // version
        meta.BeginList(2, ThriftCompactWriter.Struct, _columns.Count + 1); // schema: the root, then one leaf per column
        meta.BeginElement();
        meta.Binary(4, "schema"u8);
        meta.I32(5, _columns.Count);
        meta.EndElement();
        foreach (var column in _columns)
        {
            meta.BeginElement();
            meta.I32(1, PhysicalType(column.ClrType));
            meta.I32(3, column.Nullable ? 1 : 0); // OPTIONAL or REQUIRED
            meta.Binary(4, Encoding.UTF8.GetBytes(column.Name));
            if (column.ClrType == typeof(string))
            {
                meta.I32(6, 0);                  // converted_type: UTF8
                meta.BeginStruct(10);            // logicalType: STRING
                meta.BeginStruct(1);
                meta.EndStruct();
                meta.EndStruct();
            }
            meta.EndElement();
        }
        meta.I64(3, _rowGroups.Sum(g => (long)g.Rows));
        meta.BeginList(4, ThriftCompactWriter.Struct, _rowGroups.Count);
        foreach (var group in _rowGroups)
        {
            meta.BeginElement();
            meta.BeginList(1, ThriftCompactWriter.Struct, group.Chunks.Count);
            for (var c = 0; c < group.Chunks.Count; c++)
            {
                var chunk = group.Chunks[c];
                meta.BeginElement();
                meta.I64(2, chunk.Offset);       // file_offset
                meta.BeginStruct(3);             // meta_data
                meta.I32(1, PhysicalType(_columns[c].ClrType));
                meta.BeginList(2, ThriftCompactWriter.I32Type, 2); // encodings: PLAIN, RLE
                meta.ListI32(0);
                meta.ListI32(3);
                meta.BeginList(3, ThriftCompactWriter.BinaryType, 1); // path_in_schema
                meta.ListBinary(Encoding.UTF8.GetBytes(_columns[c].Name));
                meta.I32(4, 6);                  // codec: ZSTD
                meta.I64(5, chunk.Values);
                meta.I64(6, chunk.UncompressedSize);
                meta.I64(7, chunk.CompressedSize);
                meta.I64(9, chunk.Offset);       // data_page_offset
                meta.EndStruct();
                meta.EndElement();
            }
            meta.I64(2, group.UncompressedSize);
            meta.I64(3, group.Rows);
            meta.EndElement();
        }
        meta.Binary(6, "zsl"u8); // created_by
        meta.Stop();
        Write(meta.Written);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, meta.Written.Length);
        Write(length);
        Write(Magic);
    }

    private static int PhysicalType(Type clr)
        => clr == typeof(long) ? 2 : clr == typeof(double) ? 5 : clr == typeof(bool) ? 0 : 6; // INT64, DOUBLE, BOOLEAN, BYTE_ARRAY

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _position += bytes.Length;
    }

    public void Dispose() => _zstd.Dispose();

    private sealed record ChunkInfo(long Offset, long UncompressedSize, long CompressedSize, long Values);

    private sealed record RowGroupInfo(List<ChunkInfo> Chunks, int Rows, long UncompressedSize);
}

/// <summary>
/// One column's values of one row group, kept as the body of a v1 data page: definition levels (for a nullable
/// column) and the PLAIN-encoded non-null values.
/// </summary>
internal sealed class ColumnPage(ColumnSpec spec)
{
    private readonly GrowableBytes _values = new();
    private readonly GrowableBytes _levels = new();
    private readonly GrowableBytes _body = new();
    private byte[] _defined = new byte[1024];
    private int _rows;
    private byte _bits;
    private int _bitCount;

    public ColumnSpec Spec { get; } = spec;

    public void Clear()
    {
        _values.Clear();
        _rows = 0;
        _bits = 0;
        _bitCount = 0;
    }

    public void AddNull()
    {
        if (!Spec.Nullable) throw new InvalidDataException($"column {Spec.Name} is declared NOT NULL but holds NULL");
        Define(0);
    }

    public void AddInt64(long value)
    {
        Define(1);
        BinaryPrimitives.WriteInt64LittleEndian(_values.Reserve(8), value);
    }

    public void AddDouble(double value)
    {
        Define(1);
        BinaryPrimitives.WriteDoubleLittleEndian(_values.Reserve(8), value);
    }

    public void AddBoolean(bool value)
    {
        Define(1);
        if (value) _bits |= (byte)(1 << _bitCount);
        if (++_bitCount == 8) FlushBits();
    }

    /// <summary>A BYTE_ARRAY value: its length, then its bytes.</summary>
    public void AddBytes(ReadOnlySpan<byte> value)
    {
        Define(1);
        var target = _values.Reserve(4 + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(target, value.Length);
        value.CopyTo(target[4..]);
    }

    /// <summary>A text as UTF-8 BYTE_ARRAY.</summary>
    public void AddString(string value)
    {
        Define(1);
        var target = _values.Reserve(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, target[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(target, length);
        _values.Unreserve(Encoding.UTF8.GetMaxByteCount(value.Length) - length);
    }

    private void Define(byte level)
    {
        if (Spec.Nullable)
        {
            if (_rows == _defined.Length) Array.Resize(ref _defined, _defined.Length * 2);
            _defined[_rows] = level;
        }
        _rows++;
    }

    private void FlushBits()
    {
        _values.Reserve(1)[0] = _bits;
        _bits = 0;
        _bitCount = 0;
    }

    /// <summary>The page body: the definition levels as one RLE/bit-packed hybrid block of runs (bit width 1), then the values.</summary>
    public ReadOnlySpan<byte> PageBody()
    {
        if (_bitCount > 0) FlushBits();
        _body.Clear();
        if (Spec.Nullable)
        {
            _levels.Clear();
            var i = 0;
            while (i < _rows)
            {
                var level = _defined[i];
                var run = 1;
                while (i + run < _rows && _defined[i + run] == level) run++;
                WriteVarint(_levels, (ulong)run << 1); // an RLE run: its length, then the repeated value in one byte
                _levels.Reserve(1)[0] = level;
                i += run;
            }
            BinaryPrimitives.WriteInt32LittleEndian(_body.Reserve(4), _levels.Length);
            _levels.Span.CopyTo(_body.Reserve(_levels.Length));
        }
        _values.Span.CopyTo(_body.Reserve(_values.Length));
        return _body.Span;
    }

    private static void WriteVarint(GrowableBytes target, ulong value)
    {
        while (value >= 0x80)
        {
            target.Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }
        target.Reserve(1)[0] = (byte)value;
    }
}

/// <summary>A byte buffer that grows by doubling and is reused from row group to row group.</summary>
internal sealed class GrowableBytes
{
    private byte[] _buffer = new byte[1 << 12];

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(Length + count, _buffer.Length * 2));
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    public void Unreserve(int count) => Length -= count;
}

/// <summary>Thrift's compact protocol, writing only: the encoding of Parquet's page headers and file metadata.</summary>
internal sealed class ThriftCompactWriter
{
    public const byte I32Type = 5, I64Type = 6, BinaryType = 8, ListType = 9, Struct = 12;
    private readonly GrowableBytes _bytes = new();
    private readonly Stack<short> _lastIds = new();
    private short _lastId;

    public ReadOnlySpan<byte> Written => _bytes.Span;

    public void I32(short id, int value) { Header(id, I32Type); Varint(ZigZag(value)); }
    public void I64(short id, long value) { Header(id, I64Type); Varint(ZigZag(value)); }

    public void Binary(short id, ReadOnlySpan<byte> value)
    {
        Header(id, BinaryType);
        ListBinary(value);
    }

    public void BeginStruct(short id)
    {
        Header(id, Struct);
        BeginElement();
    }

    public void EndStruct() => EndElement();

    public void BeginList(short id, byte elementType, int count)
    {
        Header(id, ListType);
        if (count < 15) Byte((byte)((count << 4) | elementType));
        else
        {
            Byte((byte)(0xF0 | elementType));
            Varint((ulong)count);
        }
    }

    /// <summary>A struct inside a list (or the body of a struct field): field ids restart from zero.</summary>
    public void BeginElement()
    {
        _lastIds.Push(_lastId);
        _lastId = 0;
    }

    public void EndElement()
    {
        Stop();
        _lastId = _lastIds.Pop();
    }

    public void ListI32(int value) => Varint(ZigZag(value));

    public void ListBinary(ReadOnlySpan<byte> value)
    {
        Varint((ulong)value.Length);
        value.CopyTo(_bytes.Reserve(value.Length));
    }

    public void Stop() => Byte(0);

    private void Header(short id, byte type)
    {
        var delta = id - _lastId;
        if (delta is > 0 and <= 15) Byte((byte)((delta << 4) | type));
        else
        {
            Byte(type);
            Varint(ZigZag(id));
        }
        _lastId = id;
    }

    private void Byte(byte value) => _bytes.Reserve(1)[0] = value;

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            Byte((byte)(value | 0x80));
            value >>= 7;
        }
        Byte((byte)value);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
