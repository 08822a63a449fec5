using System.Xml;
using Zsl.Store;
using Zsl.Wikipedia.Bzip2;

namespace Zsl.Wikipedia;

/// <summary>One &lt;page&gt; of a MediaWiki export: its latest revision's wikitext, or the target of a redirect.</summary>
public sealed record WikiPage(long Id, string Title, int Namespace, string? RedirectTarget, long? RevisionId, string Text);

/// <summary>A page left out by <c>--skip-invalid-pages</c>, and why.</summary>
public sealed record SkippedPage(string File, long? Line, string Page, string Reason);

/// <summary>
/// Streams the pages of MediaWiki export XML (<c>pages-articles*.xml</c>, bzip2-compressed single- or
/// multistream, or uncompressed) with one forward-only <see cref="XmlReader"/>, DTD processing off. Memory
/// is bounded by one page. Errors name the file, the XML line and the page being read.
/// </summary>
public static class DumpReader
{
    /// <summary>The decompressed XML of a dump: bzip2 (recognised by its "BZh" header) decompressed in parallel, anything else as is.</summary>
    public static Stream OpenDecompressed(string path, int? threads = null, Bzip2Backend backend = Bzip2Backend.Auto)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"dump {path} does not exist", path);
        var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        var n = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        file.Position = 0;
        return Bzip2BlockScanner.LooksLikeBzip2(head[..n]) ? new ParallelBzip2Stream(file, path, threads, backend) : file;
    }

    public static XmlReaderSettings Settings => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>
    /// Every page of <paramref name="path"/> in file order. A page without a title, a numeric id, a namespace or
    /// a text is invalid: it stops the read with a <see cref="DataFormatException"/> unless
    /// <paramref name="onSkipped"/> is given, which then receives it instead. Broken XML and corrupt or truncated
    /// bzip2 data always stop the read (a forward-only XML reader cannot resynchronise after them).
    /// </summary>
    public static IEnumerable<WikiPage> ReadPages(string path, Action<SkippedPage>? onSkipped = null, int? threads = null)
    {
        var state = new PageState();
        var text = new TextContentReader();
        using var reader = XmlReader.Create(OpenDecompressed(path, threads), Settings);
        var lineInfo = (IXmlLineInfo)reader;
        while (true)
        {
            WikiPage? page;
            try
            {
                if (!MoveToNextPage(reader)) yield break;
                page = ReadPage(reader, state, text, path, lineInfo, onSkipped);
            }
            catch (Exception e) when (e is XmlException or InvalidDataException or IOException)
            {
                var line = e is XmlException x && x.LineNumber > 0 ? x.LineNumber : lineInfo.LineNumber;
                throw new DataFormatException(path, line > 0 ? line : null,
                    $"reading {state.Describe()}: expected {(e is XmlException ? "well-formed MediaWiki export XML" : "complete, uncorrupted compressed data")}: {e.Message}", e);
            }
            if (page is not null) yield return page;
        }
    }

    private static bool MoveToNextPage(XmlReader reader)
    {
        while (reader.Read())
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "page") return true;
        return false;
    }

    private sealed class PageState
    {
        public long Number;
        public string? Title;
        public string? Id;
        public string? PreviousTitle;

        public string Describe() => Title is not null
            ? $"page {Number} '{Title}'{(Id is null ? "" : $" (id {Id})")}"
            : PreviousTitle is null ? $"page {Number} (the first page, before its <title>)" : $"page {Number} (the page after '{PreviousTitle}', before its <title>)";
    }

    /// <summary>
    /// The text content of the current element, read in chunks: <see cref="XmlReader.ReadElementContentAsString()"/>
    /// assembles a long value by shifting the reader's own buffer over and over (about a third of the XML thread's
    /// time on the benchmark dump, whose article texts run to hundreds of kilobytes).
    /// </summary>
    private sealed class TextContentReader
    {
        private readonly char[] _chunk = new char[16384];
        private readonly System.Text.StringBuilder _value = new();

        public string Read(XmlReader reader)
        {
            if (reader.IsEmptyElement) { reader.Read(); return ""; }
            var depth = reader.Depth;
            _value.Clear();
            reader.Read();
            while (reader.Depth > depth)
            {
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
                {
                    int n;
                    while ((n = reader.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0) _value.Append(_chunk, 0, n);
                }
                else if (reader.NodeType == XmlNodeType.Element)
                    throw new XmlException($"expected only text inside <text>, found the element <{reader.Name}>", null,
                        (reader as IXmlLineInfo)?.LineNumber ?? 0, (reader as IXmlLineInfo)?.LinePosition ?? 0);
                if (reader.EOF) throw new XmlException("unexpected end of the XML inside <text>");
                reader.Read();
            }
            reader.Read(); // past </text>
            return _value.ToString();
        }
    }

    private static WikiPage? ReadPage(XmlReader reader, PageState state, TextContentReader textReader, string path, IXmlLineInfo lineInfo, Action<SkippedPage>? onSkipped)
    {
        state.PreviousTitle = state.Title ?? state.PreviousTitle;
        state.Title = null; state.Id = null; state.Number++;
        var startLine = lineInfo.LineNumber;
        var depth = reader.Depth;
        string? ns = null, redirect = null, revisionId = null, text = null;
        if (reader.IsEmptyElement) return Invalid("an empty <page/> element");
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF) throw new XmlException("unexpected end of the XML inside <page>");
            if (reader.NodeType == XmlNodeType.Element)
            {
                var relative = reader.Depth - depth;
                switch (reader.LocalName)
                {
                    case "title" when relative == 1: state.Title = reader.ReadElementContentAsString(); continue;
                    case "ns" when relative == 1: ns = reader.ReadElementContentAsString(); continue;
                    case "id" when relative == 1: state.Id = reader.ReadElementContentAsString(); continue;
                    case "redirect" when relative == 1: redirect = reader.GetAttribute("title"); break;
                    case "id" when relative == 2 && revisionId is null: revisionId = reader.ReadElementContentAsString(); continue;
                    case "text" when relative == 2: text = textReader.Read(reader); continue;
                }
            }
            reader.Read();
        }
        if (string.IsNullOrWhiteSpace(state.Title)) return Invalid("a <title>");
        if (!long.TryParse(state.Id, out var id) || id <= 0) return Invalid($"a positive numeric page <id> (got '{state.Id}')");
        if (!int.TryParse(ns, out var nsValue)) return Invalid($"a numeric <ns> (got '{ns}')");
        if (text is null) return Invalid("a <revision> with a <text>");
        if (redirect is not null && string.IsNullOrWhiteSpace(redirect)) return Invalid("a redirect target title");
        return new WikiPage(id, state.Title!, nsValue, redirect, long.TryParse(revisionId, out var rev) ? rev : null, text);

        WikiPage? Invalid(string expected)
        {
            var skipped = new SkippedPage(path, startLine, state.Describe(), $"expected {expected}");
            if (onSkipped is null)
                throw new DataFormatException(path, startLine, $"{state.Describe()}: expected {expected} (use --skip-invalid-pages to skip such pages)");
            onSkipped(skipped);
            return null;
        }
    }
}
