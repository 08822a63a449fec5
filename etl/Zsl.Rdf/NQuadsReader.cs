using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Zsl.Rdf;

/// <summary>How a reader treats its input.</summary>
public sealed record RdfReaderOptions
{
    /// <summary>N-Triples rejects a graph label; N-Quads allows one. Null: from the file name (<c>.nt</c> = N-Triples, else N-Quads).</summary>
    public RdfSyntax? Syntax { get; init; }

    /// <summary>Skip lines that are not valid (counting them, keeping the first <see cref="MaxErrorsKept"/>) instead of throwing.</summary>
    public bool SkipInvalid { get; init; }

    public int MaxErrorsKept { get; init; } = 10;
}

/// <summary>
/// A term of the current statement as views into the reader's buffers (UTF-8, escapes decoded): valid only
/// until the next <see cref="NQuadsReader.Read"/>. Turning it into a string is the caller's choice.
/// </summary>
public readonly ref struct RdfTermSpan
{
    public RdfTermKind Kind { get; }
    /// <summary>The IRI, the blank node label without <c>_:</c>, or the literal's lexical form.</summary>
    public ReadOnlySpan<byte> Value { get; }
    /// <summary>Datatype IRI of a typed literal; empty otherwise.</summary>
    public ReadOnlySpan<byte> Datatype { get; }
    /// <summary>Language tag of a language-tagged literal; empty otherwise.</summary>
    public ReadOnlySpan<byte> Language { get; }

    public RdfTermSpan(RdfTermKind kind, ReadOnlySpan<byte> value, ReadOnlySpan<byte> datatype, ReadOnlySpan<byte> language)
    {
        Kind = kind;
        Value = value;
        Datatype = datatype;
        Language = language;
    }

    public string ValueString => Encoding.UTF8.GetString(Value);

    public RdfTerm ToTerm(TermInterner? interner = null)
    {
        string Str(ReadOnlySpan<byte> s) => interner is null ? Encoding.UTF8.GetString(s) : interner.Get(s);
        return Kind switch
        {
            RdfTermKind.Iri => new RdfTerm(RdfTermKind.Iri, Str(Value)),
            RdfTermKind.BlankNode => new RdfTerm(RdfTermKind.BlankNode, Str(Value)),
            _ => new RdfTerm(RdfTermKind.Literal, Encoding.UTF8.GetString(Value),
                Datatype.IsEmpty ? null : Str(Datatype), Language.IsEmpty ? null : Str(Language)),
        };
    }
}

/// <summary>
/// A streaming N-Triples / N-Quads 1.1 reader over UTF-8 bytes. It reads the stream in large blocks, splits
/// lines on any of CR, LF, CRLF, and parses each line in place: terms without escapes are views into the
/// read buffer, escaped ones are decoded into a per-line scratch buffer. Memory stays flat in the file size
/// (the buffer only grows to the longest line).
/// </summary>
public sealed class NQuadsReader : IDisposable
{
    private const int BlockSize = 1 << 20;

    // Bytes that end the fast scan of an IRI: '>' (the end), '\' (an escape) and everything IRIREF forbids.
    private static readonly SearchValues<byte> IriStop = SearchValues.Create(
        [.. Enumerable.Range(0, 0x21).Select(b => (byte)b), .. "<>\"{}|^`\\"u8.ToArray()]);
    private static readonly SearchValues<byte> LiteralStop = SearchValues.Create("\"\\\n\r"u8);

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly RdfReaderOptions _options;
    private byte[] _buffer;
    private int _position;
    private int _length;
    private bool _endOfStream;
    private long _nextLine = 1;
    private int _lineStart;
    private byte[] _scratch = new byte[256];
    private int _scratchLength;
    private readonly Slot[] _slots = new Slot[4];
    private readonly List<RdfSyntaxError> _errors = [];

    private struct Slot
    {
        public RdfTermKind Kind;
        public bool ValueInScratch, DatatypeInScratch;
        public int ValueStart, ValueLength, DatatypeStart, DatatypeLength, LanguageStart, LanguageLength;
    }

    public NQuadsReader(Stream stream, string fileName, RdfReaderOptions? options = null, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        // Small inputs (a test line, a fixture) need no 1 MiB block; the buffer grows if a line needs it.
        _buffer = new byte[stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 256, BlockSize) : BlockSize];
        _options = options ?? new RdfReaderOptions();
        FileName = fileName;
        Syntax = _options.Syntax ?? RdfFile.SyntaxOf(fileName);
    }

    /// <summary>Opens a file, plain or compressed (gzip / bzip2, recognised by their magic bytes).</summary>
    public static NQuadsReader Open(string path, RdfReaderOptions? options = null)
        => new(RdfFile.OpenRead(path), path, options);

    public string FileName { get; }
    public RdfSyntax Syntax { get; }
    /// <summary>1-based line number of the current statement.</summary>
    public long Line { get; private set; }
    public long StatementCount { get; private set; }
    public long InvalidLineCount { get; private set; }
    /// <summary>The first errors met while skipping invalid lines.</summary>
    public IReadOnlyList<RdfSyntaxError> Errors => _errors;
    public bool HasGraph { get; private set; }

    public RdfTermSpan Subject => Term(0);
    public RdfTermSpan Predicate => Term(1);
    public RdfTermSpan Object => Term(2);
    /// <summary>The graph label; check <see cref="HasGraph"/> first (default: an empty IRI).</summary>
    public RdfTermSpan Graph => HasGraph ? Term(3) : default;

    /// <summary>Advances to the next statement; false at the end of the input.</summary>
    public bool Read()
    {
        while (NextLine(out var length))
        {
            var line = new ReadOnlySpan<byte>(_buffer, _lineStart, length);
            try
            {
                if (ParseLine(line))
                {
                    StatementCount++;
                    return true;
                }
            }
            catch (LineError error)
            {
                var reported = new RdfSyntaxError(FileName, Line, ColumnOf(line, error.Position), error.Message);
                if (!_options.SkipInvalid) throw new RdfSyntaxException(reported);
                InvalidLineCount++;
                if (_errors.Count < _options.MaxErrorsKept) _errors.Add(reported);
            }
        }
        return false;
    }

    /// <summary>The statements as values, IRIs and other repeated strings interned.</summary>
    public IEnumerable<Quad> ReadQuads(TermInterner? interner = null)
    {
        interner ??= new TermInterner();
        while (Read()) yield return CurrentQuad(interner);
    }

    public Quad CurrentQuad(TermInterner? interner = null)
        => new(Subject.ToTerm(interner), Predicate.ToTerm(interner), Object.ToTerm(interner), HasGraph ? Graph.ToTerm(interner) : null);

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private RdfTermSpan Term(int index)
    {
        ref var s = ref _slots[index];
        var value = s.ValueInScratch ? _scratch.AsSpan(s.ValueStart, s.ValueLength) : _buffer.AsSpan(_lineStart + s.ValueStart, s.ValueLength);
        var datatype = s.DatatypeLength == 0 ? default
            : s.DatatypeInScratch ? _scratch.AsSpan(s.DatatypeStart, s.DatatypeLength) : _buffer.AsSpan(_lineStart + s.DatatypeStart, s.DatatypeLength);
        var language = s.LanguageLength == 0 ? default : _buffer.AsSpan(_lineStart + s.LanguageStart, s.LanguageLength);
        return new RdfTermSpan(s.Kind, value, datatype, language);
    }

    // ---- lines ----

    private bool NextLine(out int length)
    {
        while (true)
        {
            var available = new ReadOnlySpan<byte>(_buffer, _position, _length - _position);
            var end = available.IndexOfAny((byte)'\n', (byte)'\r');
            if (end >= 0)
            {
                var terminator = 1;
                if (available[end] == (byte)'\r')
                {
                    if (end + 1 < available.Length) { if (available[end + 1] == (byte)'\n') terminator = 2; }
                    else if (!_endOfStream) { Fill(); continue; }
                }
                _lineStart = _position;
                length = end;
                _position += end + terminator;
                Line = _nextLine++;
                return true;
            }
            if (_endOfStream)
            {
                length = available.Length;
                if (length == 0) return false;
                _lineStart = _position;
                _position = _length;
                Line = _nextLine++;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        var pending = _length - _position;
        if (_position > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, pending);
            _position = 0;
            _length = pending;
        }
        if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = _stream.ReadAtLeast(_buffer.AsSpan(_length), _buffer.Length - _length, throwOnEndOfStream: false);
        if (read == 0) _endOfStream = true;
        _length += read;
    }

    // ---- statements ----

    private sealed class LineError(int position, string expected) : Exception(expected)
    {
        public int Position { get; } = position;
    }

    private static int ColumnOf(ReadOnlySpan<byte> line, int position)
        => Encoding.UTF8.GetCharCount(line[..Math.Clamp(position, 0, line.Length)]) + 1;

    /// <summary>Parses one line into the slots; false for a blank or comment line.</summary>
    private bool ParseLine(ReadOnlySpan<byte> line)
    {
        _scratchLength = 0;
        if (!Utf8.IsValid(line)) throw new LineError(FirstInvalidUtf8(line), "valid UTF-8");
        // A UTF-8 byte order mark at the start of the file is not part of the first line.
        var i = SkipSpace(line, Line == 1 && line.StartsWith("\uFEFF"u8) ? 3 : 0);
        if (i == line.Length || line[i] == (byte)'#') return false;

        i = line[i] switch
        {
            (byte)'<' => ParseIri(line, i, ref _slots[0]),
            (byte)'_' => ParseBlankNode(line, i, ref _slots[0]),
            _ => throw new LineError(i, "subject: an IRI <...> or a blank node _:label"),
        };
        i = SkipSpace(line, i);
        if (i == line.Length || line[i] != (byte)'<') throw new LineError(i, "predicate: an IRI <...>");
        i = SkipSpace(line, ParseIri(line, i, ref _slots[1]));
        if (i == line.Length) throw new LineError(i, "object: an IRI, a blank node or a literal");
        i = line[i] switch
        {
            (byte)'<' => ParseIri(line, i, ref _slots[2]),
            (byte)'_' => ParseBlankNode(line, i, ref _slots[2]),
            (byte)'"' => ParseLiteral(line, i, ref _slots[2]),
            _ => throw new LineError(i, "object: an IRI <...>, a blank node _:label or a literal \"...\""),
        };
        i = SkipSpace(line, i);
        HasGraph = false;
        if (i < line.Length && line[i] != (byte)'.')
        {
            if (Syntax == RdfSyntax.NTriples)
                throw new LineError(i, "'.' to end the triple (N-Triples has no graph label)");
            i = line[i] switch
            {
                (byte)'<' => ParseIri(line, i, ref _slots[3]),
                (byte)'_' => ParseBlankNode(line, i, ref _slots[3]),
                _ => throw new LineError(i, "'.' or a graph label (an IRI or a blank node)"),
            };
            HasGraph = true;
            i = SkipSpace(line, i);
        }
        if (i == line.Length || line[i] != (byte)'.') throw new LineError(i, "'.' to end the statement");
        i = SkipSpace(line, i + 1);
        if (i < line.Length && line[i] != (byte)'#') throw new LineError(i, "end of line or a # comment after '.'");
        return true;
    }

    private static int SkipSpace(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
        return i;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (i < line.Length)
        {
            if (Rune.DecodeFromUtf8(line[i..], out _, out var consumed) != OperationStatus.Done) return i;
            i += consumed;
        }
        return i;
    }

    /// <summary>Parses <c>&lt;iri&gt;</c> at <paramref name="i"/> into the value of <paramref name="slot"/>; returns the position after '>'.</summary>
    private int ParseIri(ReadOnlySpan<byte> line, int i, ref Slot slot)
    {
        slot = default;
        slot.Kind = RdfTermKind.Iri;
        var (start, length, inScratch, end) = ScanIri(line, i);
        slot.ValueStart = start;
        slot.ValueLength = length;
        slot.ValueInScratch = inScratch;
        return end;
    }

    private (int Start, int Length, bool InScratch, int End) ScanIri(ReadOnlySpan<byte> line, int i)
    {
        var start = i + 1;
        var stop = line[start..].IndexOfAny(IriStop);
        if (stop < 0) throw new LineError(line.Length, "'>' to close the IRI");
        var k = start + stop;
        if (line[k] == (byte)'>')
        {
            CheckAbsolute(line.Slice(start, k - start), start);
            return (start, k - start, false, k + 1);
        }
        if (line[k] != (byte)'\\') throw new LineError(k, "an IRI character (no space, control character or <>\"{}|^`)");

        // Escapes: decode the IRI into the scratch buffer.
        var scratchStart = _scratchLength;
        AppendScratch(line.Slice(start, k - start));
        while (true)
        {
            if (line[k] == (byte)'>') break;
            if (line[k] != (byte)'\\') throw new LineError(k, "an IRI character (no space, control character or <>\"{}|^`)");
            if (k + 1 >= line.Length || (line[k + 1] != (byte)'u' && line[k + 1] != (byte)'U'))
                throw new LineError(k, "\\uXXXX or \\UXXXXXXXX (the only escapes allowed in an IRI)");
            var (codePoint, next) = ReadUnicodeEscape(line, k);
            if (codePoint <= 0x20 || codePoint is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
                throw new LineError(k, "an escape of a character allowed in IRIs");
            AppendRune(codePoint);
            k = next;
            var more = line[k..].IndexOfAny(IriStop);
            if (more < 0) throw new LineError(line.Length, "'>' to close the IRI");
            AppendScratch(line.Slice(k, more));
            k += more;
        }
        var length = _scratchLength - scratchStart;
        CheckAbsolute(_scratch.AsSpan(scratchStart, length), start);
        return (scratchStart, length, true, k + 1);
    }

    private static void CheckAbsolute(ReadOnlySpan<byte> iri, int position)
    {
        // scheme ":" with scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        if (iri.Length > 0 && IsAsciiLetter(iri[0]))
        {
            for (var j = 1; j < iri.Length; j++)
            {
                var b = iri[j];
                if (b == (byte)':') return;
                if (!IsAsciiLetter(b) && !char.IsAsciiDigit((char)b) && b is not ((byte)'+' or (byte)'-' or (byte)'.')) break;
            }
        }
        throw new LineError(position, "an absolute IRI (scheme:...), relative IRIs are not allowed");
    }

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static (int CodePoint, int Next) ReadUnicodeEscape(ReadOnlySpan<byte> line, int backslash)
    {
        var digits = line[backslash + 1] == (byte)'u' ? 4 : 8;
        var first = backslash + 2;
        if (first + digits > line.Length) throw new LineError(backslash, $"{digits} hex digits after \\{(char)line[backslash + 1]}");
        var value = 0L;
        for (var j = first; j < first + digits; j++)
        {
            var h = HexValue(line[j]);
            if (h < 0) throw new LineError(j, $"{digits} hex digits after \\{(char)line[backslash + 1]}");
            value = value * 16 + h;
        }
        if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
            throw new LineError(backslash, "an escape of a Unicode scalar value (not a surrogate, at most U+10FFFF)");
        return ((int)value, first + digits);
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private int ParseBlankNode(ReadOnlySpan<byte> line, int i, ref Slot slot)
    {
        slot = default;
        slot.Kind = RdfTermKind.BlankNode;
        if (i + 1 >= line.Length || line[i + 1] != (byte)':') throw new LineError(i, "'_:' to start a blank node");
        var start = i + 2;
        var k = start;
        var lastNonDot = -1;
        while (k < line.Length)
        {
            int codePoint = line[k];
            var size = 1;
            if (codePoint >= 0x80)
            {
                Rune.DecodeFromUtf8(line[k..], out var rune, out size);
                codePoint = rune.Value;
            }
            var ok = k == start ? IsPnCharsU(codePoint) || (codePoint is >= '0' and <= '9') : IsPnChars(codePoint) || codePoint == '.';
            if (!ok) break;
            k += size;
            if (codePoint != '.') lastNonDot = k;
        }
        if (k == start) throw new LineError(start, "a blank node label (a letter, digit or '_' after '_:')");
        // A label cannot end with '.', so trailing dots belong to the statement.
        slot.ValueStart = start;
        slot.ValueLength = lastNonDot - start;
        var end = lastNonDot;
        if (end < line.Length && line[end] == (byte)':') throw new LineError(end, "a blank node label character (':' is not allowed)");
        return end;
    }

    private static bool IsPnCharsBase(int c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= 0xC0 and <= 0xD6 or >= 0xD8 and <= 0xF6 or >= 0xF8 and <= 0x2FF
            or >= 0x370 and <= 0x37D or >= 0x37F and <= 0x1FFF or >= 0x200C and <= 0x200D or >= 0x2070 and <= 0x218F
            or >= 0x2C00 and <= 0x2FEF or >= 0x3001 and <= 0xD7FF or >= 0xF900 and <= 0xFDCF or >= 0xFDF0 and <= 0xFFFD
            or >= 0x10000 and <= 0xEFFFF;

    internal static bool IsPnCharsU(int c) => IsPnCharsBase(c) || c == '_';

    internal static bool IsPnChars(int c) =>
        IsPnCharsU(c) || c == '-' || c is >= '0' and <= '9' || c == 0xB7 || c is >= 0x300 and <= 0x36F || c is >= 0x203F and <= 0x2040;

    private int ParseLiteral(ReadOnlySpan<byte> line, int i, ref Slot slot)
    {
        slot = default;
        slot.Kind = RdfTermKind.Literal;
        var start = i + 1;
        var stop = line[start..].IndexOfAny(LiteralStop);
        if (stop < 0) throw new LineError(line.Length, "'\"' to close the literal");
        var k = start + stop;
        if (line[k] == (byte)'"')
        {
            slot.ValueStart = start;
            slot.ValueLength = k - start;
        }
        else
        {
            var scratchStart = _scratchLength;
            AppendScratch(line.Slice(start, k - start));
            while (line[k] != (byte)'"')
            {
                if (line[k] != (byte)'\\') throw new LineError(k, "'\"' to close the literal");
                if (k + 1 >= line.Length) throw new LineError(k, "an escape after '\\'");
                var e = line[k + 1];
                byte? simple = e switch
                {
                    (byte)'t' => 9, (byte)'b' => 8, (byte)'n' => 10, (byte)'r' => 13, (byte)'f' => 12,
                    (byte)'"' => (byte)'"', (byte)'\'' => (byte)'\'', (byte)'\\' => (byte)'\\',
                    _ => null,
                };
                if (simple is { } s)
                {
                    AppendScratch([s]);
                    k += 2;
                }
                else if (e is (byte)'u' or (byte)'U')
                {
                    var (codePoint, next) = ReadUnicodeEscape(line, k);
                    AppendRune(codePoint);
                    k = next;
                }
                else throw new LineError(k, "a string escape: \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX");
                var more = line[k..].IndexOfAny(LiteralStop);
                if (more < 0) throw new LineError(line.Length, "'\"' to close the literal");
                AppendScratch(line.Slice(k, more));
                k += more;
            }
            slot.ValueInScratch = true;
            slot.ValueStart = scratchStart;
            slot.ValueLength = _scratchLength - scratchStart;
        }
        k++;
        if (k < line.Length && line[k] == (byte)'@')
        {
            var tagStart = k + 1;
            var j = tagStart;
            while (j < line.Length && IsAsciiLetter(line[j])) j++;
            if (j == tagStart) throw new LineError(tagStart, "a language tag (letters, then -subtags) after '@'");
            while (j < line.Length && line[j] == (byte)'-')
            {
                var subtag = ++j;
                while (j < line.Length && (IsAsciiLetter(line[j]) || char.IsAsciiDigit((char)line[j]))) j++;
                if (j == subtag) throw new LineError(subtag, "a language subtag (letters or digits) after '-'");
            }
            slot.LanguageStart = tagStart;
            slot.LanguageLength = j - tagStart;
            return j;
        }
        if (k + 1 < line.Length && line[k] == (byte)'^' && line[k + 1] == (byte)'^')
        {
            if (k + 2 >= line.Length || line[k + 2] != (byte)'<') throw new LineError(k + 2, "a datatype IRI <...> after '^^'");
            var (dtStart, dtLength, dtInScratch, end) = ScanIri(line, k + 2);
            slot.DatatypeStart = dtStart;
            slot.DatatypeLength = dtLength;
            slot.DatatypeInScratch = dtInScratch;
            return end;
        }
        return k;
    }

    private void AppendScratch(ReadOnlySpan<byte> bytes)
    {
        if (_scratchLength + bytes.Length > _scratch.Length)
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + bytes.Length));
        bytes.CopyTo(_scratch.AsSpan(_scratchLength));
        _scratchLength += bytes.Length;
    }

    private void AppendRune(int codePoint)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var n = new Rune(codePoint).EncodeToUtf8(utf8);
        AppendScratch(utf8[..n]);
    }
}
