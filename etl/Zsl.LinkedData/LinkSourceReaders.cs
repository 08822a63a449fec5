using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Zsl.Rdf;
using Zsl.Store;

namespace Zsl.LinkedData;

/// <summary>One line of the BabelNet 2.0.1 WordNet/Wikipedia extract: <c>bn:id [offsets] type main-sense WIKI:EN:T WIKIRED:EN:R ...</c>.</summary>
public sealed record BabelNetExtractLine(
    long Line, string SynsetId, IReadOnlyList<string> Synsets, string SynsetType, string MainSense,
    IReadOnlyList<(string Language, string Title)> Articles, IReadOnlyList<(string Language, string Title)> Redirects);

/// <summary>One line of Fernando's (2013) WordNet 3.0 → Wikipedia mapping: <c>offset lemma pageid#Title#confidence</c>.</summary>
public sealed record FernandoLink(long Line, string Synset, string Lemma, long PageId, string Title, double Confidence);

/// <summary>One line of a CILI map: <c>i46360 02084071-n</c>; <c>Synset</c> in wnid form (n02084071, satellites as a).</summary>
public sealed record IliLink(long Line, string Ili, string Synset);

public sealed record LinkReadOptions
{
    /// <summary>Skip (and count) bad lines instead of stopping at the first.</summary>
    public bool SkipInvalid { get; init; }

    public int MaxErrorsKept { get; init; } = 10;
}

/// <summary>
/// Streaming readers of the link sources (plain or bzip2/gzip, recognised by magic bytes). A bad line is a
/// <see cref="DataFormatException"/> naming file, line and field, or, with <see cref="LinkReadOptions.SkipInvalid"/>,
/// counted in <see cref="Skipped"/> with its error kept in <see cref="Errors"/> (the first ones).
/// </summary>
public sealed partial class LinkSourceReader
{
    private readonly string _path;
    private readonly LinkReadOptions _options;
    private readonly List<string> _errors = [];

    public LinkSourceReader(string path, LinkReadOptions? options = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist", path);
        _path = path;
        _options = options ?? new LinkReadOptions();
    }

    public long Lines { get; private set; }
    public long Skipped { get; private set; }
    public IReadOnlyList<string> Errors => _errors;

    public IEnumerable<BabelNetExtractLine> BabelNet() => Read(ParseBabelNet);

    public IEnumerable<FernandoLink> Fernando() => Read(ParseFernando);

    public IEnumerable<IliLink> Cili() => Read(ParseCili);

    private IEnumerable<T> Read<T>(Func<string[], long, T> parse)
    {
        using var reader = new StreamReader(RdfFile.OpenRead(_path), new UTF8Encoding(false, throwOnInvalidBytes: true), false, 1 << 16);
        long number = 0;
        while (true)
        {
            string? line;
            try { line = reader.ReadLine(); }
            catch (DecoderFallbackException e) { throw new DataFormatException(_path, number + 1, "expected UTF-8 text", e); }
            if (line is null) yield break;
            number++;
            Lines = number;
            if (line.Length == 0) continue;
            T record;
            try
            {
                record = parse(line.Split('\t'), number);
            }
            catch (DataFormatException e) when (_options.SkipInvalid)
            {
                Skipped++;
                if (_errors.Count < _options.MaxErrorsKept) _errors.Add(e.Message);
                continue;
            }
            yield return record;
        }
    }

    private DataFormatException Bad(long line, string field, string expected, string found)
        => new(_path, line, $"field {field}: expected {expected}, found '{(found.Length > 60 ? found[..60] + "…" : found)}'");

    private BabelNetExtractLine ParseBabelNet(string[] f, long line)
    {
        if (f.Length < 4) throw new DataFormatException(_path, line, $"expected at least 4 tab-separated fields (id, [offsets], type, main sense), found {f.Length}");
        if (!BabelNetId().IsMatch(f[0])) throw Bad(line, "1 (BabelNet id)", "bn:NNNNNNNNp", f[0]);
        if (f[1].Length < 2 || f[1][0] != '[' || f[1][^1] != ']') throw Bad(line, "2 (WordNet offsets)", "[NNNNNNNNp, ...]", f[1]);
        var inner = f[1][1..^1];
        var synsets = new List<string>();
        if (inner.Length > 0)
            foreach (var offset in inner.Split(", "))
            {
                if (!PosOffset().IsMatch(offset)) throw Bad(line, "2 (WordNet offsets)", "an 8-digit offset and a part of speech like 02084071n", offset);
                synsets.Add(Wnid(offset[^1], offset[..8]));
            }
        if (f[2] is not ("Concept" or "Named Entity")) throw Bad(line, "3 (synset type)", "Concept or Named Entity", f[2]);
        if (!MainSense().IsMatch(f[3])) throw Bad(line, "4 (main sense)", "lemma#p#sense like dog#n#1", f[3]);
        var articles = new List<(string, string)>();
        var redirects = new List<(string, string)>();
        for (var i = 4; i < f.Length; i++)
        {
            var m = WikiField().Match(f[i]);
            if (!m.Success || m.Groups[3].Value.Trim().Length == 0)
                throw Bad(line, $"{i + 1} (Wikipedia page)", "WIKI:LANG:Title or WIKIRED:LANG:Title with a title", f[i]);
            var page = (m.Groups[2].Value.ToLowerInvariant(), WikipediaTitles.Normalize(m.Groups[3].Value));
            (m.Groups[1].Value == "WIKI" ? articles : redirects).Add(page);
        }
        return new BabelNetExtractLine(line, f[0], synsets, f[2], f[3], articles, redirects);
    }

    private FernandoLink ParseFernando(string[] f, long line)
    {
        if (f.Length != 3) throw new DataFormatException(_path, line, $"expected 3 tab-separated fields (offset, lemma, pageid#Title#confidence), found {f.Length}");
        if (f[0].Length is 0 or > 8 || !f[0].All(char.IsAsciiDigit)) throw Bad(line, "1 (offset)", "a WordNet noun offset of up to 8 digits", f[0]);
        if (f[1].Trim().Length == 0) throw Bad(line, "2 (lemma)", "a lemma", f[1]);
        var first = f[2].IndexOf('#');
        var last = f[2].LastIndexOf('#');
        if (first <= 0 || last <= first + 1 || last == f[2].Length - 1) throw Bad(line, "3 (page)", "pageid#Title#confidence", f[2]);
        if (!long.TryParse(f[2].AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var pageId))
            throw Bad(line, "3 (page id)", "a page id (digits)", f[2][..first]);
        if (!double.TryParse(f[2].AsSpan(last + 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var confidence) || confidence > 100)
            throw Bad(line, "3 (confidence)", "a confidence from 0 to 100", f[2][(last + 1)..]);
        var title = WikipediaTitles.Normalize(f[2][(first + 1)..last]);
        if (title.Length == 0) throw Bad(line, "3 (title)", "a page title", f[2]);
        return new FernandoLink(line, Wnid('n', f[0].PadLeft(8, '0')), f[1], pageId, title, confidence / 100);
    }

    private IliLink ParseCili(string[] f, long line)
    {
        if (f.Length != 2) throw new DataFormatException(_path, line, $"expected 2 tab-separated fields (ILI id, offset-pos), found {f.Length}");
        if (!IliId().IsMatch(f[0])) throw Bad(line, "1 (ILI id)", "i followed by digits", f[0]);
        if (!OffsetDashPos().IsMatch(f[1])) throw Bad(line, "2 (synset)", "an 8-digit offset, '-' and a part of speech (n v a s r)", f[1]);
        return new IliLink(line, f[0], Wnid(f[1][^1], f[1][..8]));
    }

    /// <summary>The wnid form of the database: part of speech then offset, adjective satellites as adjectives.</summary>
    public static string Wnid(char pos, string offset) => (pos == 's' ? 'a' : pos) + offset;

    [GeneratedRegex(@"^bn:\d{8}[nvar]$")]
    private static partial Regex BabelNetId();

    [GeneratedRegex(@"^\d{8}[nvasr]$")]
    private static partial Regex PosOffset();

    [GeneratedRegex(@"^.+#[nvasr]#\d+$")]
    private static partial Regex MainSense();

    [GeneratedRegex(@"^(WIKI|WIKIRED):([A-Za-z][A-Za-z0-9-]*):(.*)$")]
    private static partial Regex WikiField();

    [GeneratedRegex(@"^i\d+$")]
    private static partial Regex IliId();

    [GeneratedRegex(@"^\d{8}-[nvasr]$")]
    private static partial Regex OffsetDashPos();
}

/// <summary>Wikipedia page titles as the link tables keep them, and their IRIs.</summary>
public static class WikipediaTitles
{
    /// <summary>Underscores for spaces, as in page URLs.</summary>
    public static string Normalize(string title) => title.Trim().Replace(' ', '_');

    /// <summary>
    /// https://en.wikipedia.org/wiki/Title with the characters an N-Triples IRI cannot hold, and % ? #, percent-encoded
    /// (UTF-8), so that <see cref="LodIris.Wikipedia"/> reads the same title back.
    /// </summary>
    public static string Iri(string language, string title)
    {
        var text = new StringBuilder("https://").Append(language).Append(".wikipedia.org/wiki/");
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in title.EnumerateRunes())
        {
            var c = rune.Value;
            if (c <= 0x20 || c == 0x7F || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\' or '%' or '?' or '#')
            {
                var n = rune.EncodeToUtf8(utf8);
                for (var i = 0; i < n; i++) text.Append('%').Append(utf8[i].ToString("X2", CultureInfo.InvariantCulture));
            }
            else text.Append(rune.ToString());
        }
        return text.ToString();
    }

    /// <summary>The title without a trailing qualifier in parentheses, lower case, spaces: "Kite_(bird)" → "kite".</summary>
    public static string Base(string title)
    {
        var t = title.Replace('_', ' ').Trim();
        if (t.EndsWith(')') && t.LastIndexOf(" (", StringComparison.Ordinal) is > 0 and var open) t = t[..open];
        return t.ToLowerInvariant();
    }
}
