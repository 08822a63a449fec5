using System.Text;
using System.Text.Json;
using System.Xml;
using Zsl.Store;

namespace Zsl.ImageNet;

/// <summary>
/// Streaming readers of ImageNet's metadata files. Each names the file and line (or record) of bad input in a
/// <see cref="DataFormatException"/>.
/// </summary>
public static class ImageNetReaders
{
    /// <summary>A wnid list, one wnid a line (ilsvrc2012_wnids.txt, imagenet21k_wnids.txt); blank lines are skipped.</summary>
    public static IEnumerable<string> ReadWnidList(string path)
    {
        using var reader = OpenText(path);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            var wnid = text.Trim();
            if (wnid.Length == 0) continue;
            if (!Wnids.IsWnid(wnid))
                throw new DataFormatException(path, line, $"expected a wnid ('n' and 8 digits, e.g. n02084071), found '{Shorten(wnid)}'");
            if (!seen.Add(wnid))
                throw new DataFormatException(path, line, $"wnid {wnid} is listed twice");
            yield return wnid;
        }
    }

    /// <summary>imagenet-testsets.json: a JSON object whose members are arrays of wnids (train, 2-hops, 3-hops, all, ...).</summary>
    public static IReadOnlyList<NamedWnidList> ReadTestSets(string path)
    {
        using var document = ParseJson(path);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new DataFormatException(path, null, "expected a JSON object mapping split names to arrays of wnids");
        var lists = new List<NamedWnidList>();
        foreach (var member in document.RootElement.EnumerateObject())
            lists.Add(new NamedWnidList(member.Name, WnidArray(path, member.Value, $"split '{member.Name}'")));
        return lists;
    }

    /// <summary>A JSON array of wnids (imagenet-xml-wnids.json).</summary>
    public static IReadOnlyList<string> ReadWnidArray(string path)
    {
        using var document = ParseJson(path);
        return WnidArray(path, document.RootElement, "the document");
    }

    /// <summary>
    /// ImageNet's ReleaseStatus.xml: <c>&lt;synset wnid="n01440764" numImages="1300" .../&gt;</c> elements anywhere in
    /// the document. DTD processing is off (no entity expansion, no external fetches).
    /// </summary>
    public static IEnumerable<ClassPopulation> ReadReleaseStatus(string path)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        using var stream = OpenFile(path);
        using var reader = XmlReader.Create(stream, settings);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            bool more;
            try { more = reader.Read(); }
            catch (XmlException error) { throw new DataFormatException(path, error.LineNumber, $"malformed XML: {error.Message}", error); }
            if (!more) break;
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "synset") continue;
            var line = (reader as IXmlLineInfo)?.LineNumber;
            var wnid = reader.GetAttribute("wnid");
            var images = reader.GetAttribute("numImages");
            if (wnid is null || !Wnids.IsWnid(wnid))
                throw new DataFormatException(path, line, $"expected a <synset> element with a wnid attribute ('n' and 8 digits), found wnid='{Shorten(wnid ?? "")}'");
            if (images is null || !long.TryParse(images, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
                throw new DataFormatException(path, line, $"expected <synset wnid=\"{wnid}\"> to have a numImages attribute holding a non-negative integer, found '{Shorten(images ?? "")}'");
            if (!seen.Add(wnid))
                throw new DataFormatException(path, line, $"synset {wnid} is listed twice");
            yield return new ClassPopulation(wnid, count, "ReleaseStatus.xml", line);
        }
    }

    /// <summary>
    /// An image-URL list (ImageNet's fall11_urls.txt): <c>n01440764_10026&lt;TAB&gt;url</c> lines. Returns the number
    /// of listed images per wnid, in wnid order.
    /// </summary>
    public static IEnumerable<ClassPopulation> ReadUrlList(string path)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using (var reader = OpenText(path))
        {
            long line = 0;
            while (reader.ReadLine() is { } text)
            {
                line++;
                if (text.Length == 0) continue;
                var tab = text.IndexOf('\t');
                var id = tab < 0 ? text : text[..tab];
                var underscore = id.IndexOf('_');
                if (tab < 0 || underscore != 9 || !Wnids.IsWnid(id[..9]) || id.Length == 10 || id.AsSpan(10).ContainsAnyExcept("0123456789"))
                    throw new DataFormatException(path, line, $"expected 'WNID_NUMBER<TAB>URL' (e.g. n01440764_10026<TAB>http://...), found '{Shorten(text)}'");
                counts[id[..9]] = counts.GetValueOrDefault(id[..9]) + 1;
            }
        }
        foreach (var (wnid, count) in counts) yield return new ClassPopulation(wnid, count, "url-list");
    }

    /// <summary>
    /// Image counts per class as a TSV of <c>wnid&lt;TAB&gt;count</c> lines (fall11-image-counts.tsv: the numbers of
    /// ReleaseStatus.xml). A first line that is not a record (e.g. <c>wnid&lt;TAB&gt;num_urls_fall11</c>) is a header.
    /// </summary>
    public static IEnumerable<ClassPopulation> ReadImageCounts(string path)
    {
        using var reader = OpenText(path);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var fields = text.Split('\t');
            if (line == 1 && !Wnids.IsWnid(fields[0].Trim())) continue;
            if (fields.Length != 2 || !Wnids.IsWnid(fields[0].Trim()))
                throw new DataFormatException(path, line, $"expected 'WNID<TAB>COUNT' (e.g. n02084071<TAB>1603), found '{Shorten(text)}'");
            var wnid = fields[0].Trim();
            if (!long.TryParse(fields[1].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
                throw new DataFormatException(path, line, $"expected the image count of {wnid} to be a non-negative integer, found '{Shorten(fields[1])}'");
            if (!seen.Add(wnid))
                throw new DataFormatException(path, line, $"wnid {wnid} is listed twice");
            yield return new ClassPopulation(wnid, count, "image-counts", line);
        }
    }

    /// <summary>An image folder <c>ROOT/wnid/*.JPEG</c> (the ImageNet archive layout): JPEG files per class, in wnid order.</summary>
    public static IEnumerable<ClassPopulation> CountImageFolder(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"image folder {root} does not exist");
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
            .Where(name => !name.StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
        foreach (var name in folders)
        {
            if (!Wnids.IsWnid(name))
                throw new DataFormatException(Path.Combine(root, name), null, "expected the image folder to hold one sub-folder per class named by its wnid (e.g. n01440764)");
            var images = Directory.EnumerateFiles(Path.Combine(root, name))
                .Count(f => f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase));
            yield return new ClassPopulation(name, images, "image-folder");
        }
    }

    /// <summary>
    /// A word-frequency list in any of the formats of the mirror: a JSON array of <c>{word, count}</c> (SUBTLEX-US),
    /// <c>COUNT WORD</c> lines (mlang/wikiwordfreq) or <c>WORD&lt;TAB&gt;COUNT</c> lines with an optional header
    /// (iitis/wikiwords). The format is told by the first character and the first record.
    /// </summary>
    public static IReadOnlyList<WordCount> ReadWordCountList(string path)
    {
        using (var probe = OpenText(path))
        {
            int c;
            while ((c = probe.Peek()) >= 0 && char.IsWhiteSpace((char)c)) probe.Read();
            if (c == '[') return ReadWordCounts(path);
        }
        var results = new List<WordCount>();
        using var reader = OpenText(path);
        long line = 0;
        bool? tabbed = null;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0) continue;
            tabbed ??= text.Contains('\t');
            string word, number;
            if (tabbed.Value)
            {
                var fields = text.Split('\t');
                if (fields.Length != 2)
                    throw new DataFormatException(path, line, $"expected 'WORD<TAB>COUNT' (two tab-separated fields), found '{Shorten(text)}'");
                (word, number) = (fields[0].Trim(), fields[1].Trim());
            }
            else
            {
                var trimmed = text.Trim();
                var space = trimmed.IndexOf(' ');
                if (space < 0)
                    throw new DataFormatException(path, line, $"expected 'COUNT WORD' (e.g. 792 cassowary), found '{Shorten(text)}'");
                (number, word) = (trimmed[..space], trimmed[(space + 1)..].Trim());
            }
            if (!long.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                if (line == 1 && tabbed.Value) continue; // a header such as 'word<TAB>count'
                throw new DataFormatException(path, line, $"expected the count of '{Shorten(word)}' to be a non-negative integer, found '{Shorten(number)}'");
            }
            if (word.Length == 0) throw new DataFormatException(path, line, "expected a word beside the count, found none");
            results.Add(new WordCount(word, count));
        }
        if (results.Count == 0) throw new DataFormatException(path, null, "expected word counts, found none");
        return results;
    }

    /// <summary>A word-frequency list as a JSON array of <c>{"word": ..., "count": ...}</c> objects (SUBTLEX-US), read token by token.</summary>
    public static IReadOnlyList<WordCount> ReadWordCounts(string path)
    {
        var buffer = File.ReadAllBytes(path);
        var reader = new Utf8JsonReader(buffer, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var results = new List<WordCount>();
        long record = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw Bad(path, buffer, reader, "expected a JSON array of {\"word\": ..., \"count\": ...} objects");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                record++;
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw Bad(path, buffer, reader, $"record {record}: expected an object {{\"word\": ..., \"count\": ...}}");
                string? word = null;
                long? count = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (name == "word" && reader.TokenType == JsonTokenType.String) word = reader.GetString();
                    else if (name == "count" && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var c) && c >= 0) count = c;
                    else if (name is "word" or "count")
                        throw Bad(path, buffer, reader, $"record {record}: '{name}' must be {(name == "word" ? "a string" : "a non-negative integer")}");
                    else reader.Skip();
                }
                if (string.IsNullOrWhiteSpace(word) || count is null)
                    throw Bad(path, buffer, reader, $"record {record}: expected both a non-empty \"word\" and a \"count\"");
                results.Add(new WordCount(word, count.Value));
            }
        }
        catch (JsonException error)
        {
            throw new DataFormatException(path, (error.LineNumber ?? 0) + 1, $"malformed JSON: {error.Message}", error);
        }
        return results;
    }

    private static DataFormatException Bad(string path, byte[] buffer, Utf8JsonReader reader, string expected)
    {
        var offset = (int)Math.Min(reader.TokenStartIndex, buffer.Length);
        var line = 1 + buffer.AsSpan(0, offset).Count((byte)'\n');
        return new DataFormatException(path, line, expected);
    }

    private static IReadOnlyList<string> WnidArray(string path, JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new DataFormatException(path, null, $"{what}: expected an array of wnids");
        var wnids = new List<string>(element.GetArrayLength());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var wnid = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            if (item.ValueKind != JsonValueKind.String || !Wnids.IsWnid(wnid))
                throw new DataFormatException(path, null, $"{what}, item {index}: expected a wnid ('n' and 8 digits), found {Shorten(wnid)}");
            if (!seen.Add(wnid))
                throw new DataFormatException(path, null, $"{what}, item {index}: wnid {wnid} is listed twice");
            wnids.Add(wnid);
            index++;
        }
        return wnids;
    }

    private static JsonDocument ParseJson(string path)
    {
        using var stream = OpenFile(path);
        try { return JsonDocument.Parse(stream); }
        catch (JsonException error) { throw new DataFormatException(path, (error.LineNumber ?? 0) + 1, $"malformed JSON: {error.Message}", error); }
    }

    private static FileStream OpenFile(string path)
        => File.Exists(path) ? File.OpenRead(path) : throw new FileNotFoundException($"{path} does not exist", path);

    private static StreamReader OpenText(string path) => new(OpenFile(path), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
