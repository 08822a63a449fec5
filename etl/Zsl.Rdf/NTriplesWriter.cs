using System.Buffers;
using System.Globalization;
using System.Text;

namespace Zsl.Rdf;

/// <summary>
/// Writes statements as N-Triples lines (N-Quads when a statement has a graph), one per line ending in LF.
/// Output is canonical: literals escape <c>\b \t \n \f \r \" \\</c> as string escapes and other control
/// characters as <c>\u00XX</c>; everything else is written as UTF-8. Terms that cannot be written faithfully
/// (relative or ill-formed IRIs, bad blank node labels or language tags, lone surrogates) are refused.
/// </summary>
public sealed class NTriplesWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _leaveOpen;

    public NTriplesWriter(Stream stream, bool leaveOpen = false)
    {
        _writer = new StreamWriter(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), 1 << 16, leaveOpen) { NewLine = "\n" };
        _leaveOpen = leaveOpen;
    }

    public NTriplesWriter(TextWriter writer)
    {
        _writer = writer;
        _leaveOpen = true;
    }

    public long Count { get; private set; }

    public void Write(Quad quad) => Write(quad.Subject, quad.Predicate, quad.Object, quad.Graph);

    public void Write(RdfTerm subject, RdfTerm predicate, RdfTerm @object, RdfTerm? graph = null)
    {
        if (subject.IsLiteral) throw new ArgumentException($"a subject cannot be a literal: {subject.Value}");
        if (!predicate.IsIri) throw new ArgumentException($"a predicate must be an IRI: {predicate.Value}");
        if (graph is { IsLiteral: true }) throw new ArgumentException($"a graph label cannot be a literal: {graph.Value}");
        NTriplesFormat.Append(_writer, subject);
        _writer.Write(' ');
        NTriplesFormat.Append(_writer, predicate);
        _writer.Write(' ');
        NTriplesFormat.Append(_writer, @object);
        if (graph is not null)
        {
            _writer.Write(' ');
            NTriplesFormat.Append(_writer, graph);
        }
        _writer.Write(" .\n");
        Count++;
    }

    public void Flush() => _writer.Flush();

    public void Dispose()
    {
        _writer.Flush();
        if (!_leaveOpen) _writer.Dispose();
    }
}

/// <summary>The N-Triples form of single terms.</summary>
public static class NTriplesFormat
{
    private static readonly SearchValues<char> LiteralSpecial = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '"', '\\', '\x7F', .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]);
    private static readonly SearchValues<char> IriForbidden = SearchValues.Create(
        [.. Enumerable.Range(0, 0x21).Select(c => (char)c), '<', '>', '"', '{', '}', '|', '^', '`', '\\']);

    public static string Format(RdfTerm term)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        Append(text, term);
        return text.ToString();
    }

    public static void Append(TextWriter writer, RdfTerm term)
    {
        switch (term.Kind)
        {
            case RdfTermKind.Iri:
                AppendIri(writer, term.Value);
                break;
            case RdfTermKind.BlankNode:
                CheckBlankLabel(term.Value);
                writer.Write("_:");
                writer.Write(term.Value);
                break;
            default:
                writer.Write('"');
                AppendEscaped(writer, term.Value);
                writer.Write('"');
                if (term.Language is { } language)
                {
                    if (term.Datatype is not null && term.Datatype != RdfTerm.RdfLangString)
                        throw new ArgumentException($"a literal has either a language tag or a datatype, not both: \"{term.Value}\"");
                    CheckLanguage(language);
                    writer.Write('@');
                    writer.Write(language);
                }
                else if (term.Datatype is { } datatype)
                {
                    writer.Write("^^");
                    AppendIri(writer, datatype);
                }
                break;
        }
    }

    private static void AppendIri(TextWriter writer, string iri)
    {
        var bad = iri.AsSpan().IndexOfAny(IriForbidden);
        if (bad >= 0) throw new ArgumentException($"IRI <{iri}> contains U+{(int)iri[bad]:X4}, which N-Triples IRIs cannot hold");
        if (!IsAbsolute(iri)) throw new ArgumentException($"IRI <{iri}> is not absolute (scheme:...)");
        CheckSurrogates(iri);
        writer.Write('<');
        writer.Write(iri);
        writer.Write('>');
    }

    private static bool IsAbsolute(string iri)
    {
        if (iri.Length == 0 || !char.IsAsciiLetter(iri[0])) return false;
        for (var i = 1; i < iri.Length; i++)
        {
            var c = iri[i];
            if (c == ':') return true;
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false;
        }
        return false;
    }

    private static void AppendEscaped(TextWriter writer, string text)
    {
        var span = text.AsSpan();
        while (true)
        {
            var next = span.IndexOfAny(LiteralSpecial);
            if (next < 0)
            {
                writer.Write(span);
                return;
            }
            writer.Write(span[..next]);
            var c = span[next];
            var consumed = 1;
            switch (c)
            {
                case '"': writer.Write("\\\""); break;
                case '\\': writer.Write("\\\\"); break;
                case '\n': writer.Write("\\n"); break;
                case '\r': writer.Write("\\r"); break;
                case '\t': writer.Write("\\t"); break;
                case '\b': writer.Write("\\b"); break;
                case '\f': writer.Write("\\f"); break;
                default:
                    if (char.IsHighSurrogate(c) && next + 1 < span.Length && char.IsLowSurrogate(span[next + 1]))
                    {
                        writer.Write(span.Slice(next, 2));
                        consumed = 2;
                    }
                    else if (char.IsSurrogate(c))
                        throw new ArgumentException($"literal \"{text}\" contains a lone surrogate U+{(int)c:X4}, which is not a Unicode character");
                    else
                        writer.Write($"\\u{(int)c:X4}");
                    break;
            }
            span = span[(next + consumed)..];
        }
    }

    private static void CheckSurrogates(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            throw new ArgumentException($"\"{text}\" contains a lone surrogate U+{(int)text[i]:X4}");
        }
    }

    public static bool IsValidBlankLabel(string label)
    {
        if (label.Length == 0) return false;
        var first = true;
        var last = 0;
        foreach (var rune in label.EnumerateRunes())
        {
            var c = rune.Value;
            if (first ? !(NQuadsReader.IsPnCharsU(c) || c is >= '0' and <= '9') : !(NQuadsReader.IsPnChars(c) || c == '.')) return false;
            first = false;
            last = c;
        }
        return last != '.' && IsPaired(label);
    }

    private static bool IsPaired(string s)
    {
        try { CheckSurrogates(s); return true; } catch (ArgumentException) { return false; }
    }

    private static void CheckBlankLabel(string label)
    {
        if (!IsValidBlankLabel(label)) throw new ArgumentException($"'{label}' is not a valid blank node label");
    }

    public static bool IsValidLanguage(string tag)
    {
        var parts = tag.Split('-');
        return parts[0].Length > 0 && parts[0].All(char.IsAsciiLetter) && parts.Skip(1).All(p => p.Length > 0 && p.All(char.IsAsciiLetterOrDigit));
    }

    private static void CheckLanguage(string tag)
    {
        if (!IsValidLanguage(tag)) throw new ArgumentException($"'{tag}' is not a valid language tag");
    }
}
