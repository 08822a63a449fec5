using System.Globalization;
using Zsl.Store;

namespace Zsl.WordNet;

/// <summary>
/// Streaming readers for the Princeton WordNet database files (wndb(5WN), senseidx(5WN)). Every reader
/// yields one record per line and throws <see cref="DataFormatException"/> naming the file, line and the
/// field that was expected when a line is malformed or truncated.
/// </summary>
public static class WndbReader
{
    /// <summary>Reads a <c>data.{noun,verb,adj,adv}</c> file.</summary>
    public static IEnumerable<SynsetRecord> ReadData(string path)
    {
        EnsureExists(path);
        foreach (var line in LineReader.Read(path))
        {
            if (line.Text.Length == 0 || line.Text[0] == ' ') continue; // licence header lines start with two spaces
            yield return ParseDataLine(line, path);
        }
    }

    public static SynsetRecord ParseDataLine(NumberedLine line, string path)
    {
        var text = line.Text;
        var bar = text.IndexOf(" | ", StringComparison.Ordinal);
        var fields = new Fields(bar >= 0 ? text[..bar] : text, path, line.Number);
        var offset = fields.Decimal("synset_offset (8 decimal digits)");
        if (offset != line.ByteOffset)
            throw new DataFormatException(path, line.Number, $"synset_offset {offset:D8} equal to the line's byte offset {line.ByteOffset} (file edited or truncated?)");
        var lexFile = (int)fields.Decimal("lex_filenum (2 decimal digits)");
        if (lexFile >= Lexicon.LexNames.Count)
            throw new DataFormatException(path, line.Number, $"lex_filenum between 00 and {Lexicon.LexNames.Count - 1}, found {lexFile:D2}");
        var ssType = fields.Char("ss_type (n, v, a, s or r)", "nvasr");
        var wordCount = (int)fields.Hex("w_cnt (2 hexadecimal digits)");
        var words = new WordRecord[wordCount];
        for (var i = 0; i < wordCount; i++)
        {
            var word = fields.Next("word {0} of {1}", i + 1, wordCount);
            string? marker = null;
            if (word.EndsWith(')'))
            {
                var open = word.LastIndexOf('(');
                if (open > 0) { marker = word[(open + 1)..^1]; word = word[..open]; }
            }
            words[i] = new WordRecord(word, (int)fields.Hex("lex_id of word {0} (hexadecimal digit)", i + 1), marker);
        }
        var pointerCount = (int)fields.Decimal("p_cnt (3 decimal digits)");
        var pointers = new PointerRecord[pointerCount];
        for (var i = 0; i < pointerCount; i++)
        {
            var symbol = fields.Next("pointer_symbol of pointer {0} of {1}", i + 1, pointerCount);
            var target = fields.Decimal("synset_offset of pointer {0}", i + 1);
            var pos = fields.Char("pos of pointer {0} (n, v, a, s or r)", "nvasr", i + 1);
            var sourceTarget = fields.Next("source/target of pointer {0} (4 hexadecimal digits)", i + 1);
            if (sourceTarget.Length != 4 || !int.TryParse(sourceTarget, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var st))
                throw new DataFormatException(path, line.Number, $"source/target of pointer {i + 1} as 4 hexadecimal digits, found '{sourceTarget}'");
            pointers[i] = new PointerRecord(symbol, target, pos, st >> 8, st & 0xFF);
        }
        VerbFrameRecord[] frames = [];
        if (ssType == 'v')
        {
            var frameCount = (int)fields.Decimal("f_cnt (2 decimal digits) of a verb synset");
            frames = new VerbFrameRecord[frameCount];
            for (var i = 0; i < frameCount; i++)
            {
                if (fields.Next("'+' before verb frame {0}", i + 1) != "+")
                    throw new DataFormatException(path, line.Number, $"'+' before verb frame {i + 1}");
                var frame = (int)fields.Decimal("f_num of verb frame {0}", i + 1);
                frames[i] = new VerbFrameRecord(frame, (int)fields.Hex("w_num of verb frame {0}", i + 1));
            }
        }
        fields.ExpectEnd("' | ' and the gloss");
        if (bar < 0)
            throw new DataFormatException(path, line.Number, "' | ' followed by the gloss (line truncated?)");
        var (definition, examples) = SplitGloss(text[(bar + 3)..].TrimEnd());
        return new SynsetRecord(offset, lexFile, ssType, words, pointers, frames, definition, examples);
    }

    /// <summary>
    /// Splits a gloss into its definition and its quoted example sentences: the definition ends where the
    /// first <c>; "</c> begins; every double-quoted span after it is an example.
    /// </summary>
    public static (string Definition, IReadOnlyList<string> Examples) SplitGloss(string gloss)
    {
        var start = gloss.IndexOf("; \"", StringComparison.Ordinal);
        if (start < 0)
        {
            if (gloss.StartsWith('"') && gloss.Length > 1 && gloss.IndexOf('"', 1) is var close and > 0)
                return ("", [gloss[1..close]]);
            return (gloss, []);
        }
        var examples = new List<string>();
        var rest = gloss.AsSpan(start + 2);
        while (true)
        {
            var open = rest.IndexOf('"');
            if (open < 0) break;
            var close = rest[(open + 1)..].IndexOf('"');
            if (close < 0) { examples.Add(rest[(open + 1)..].Trim().ToString()); break; }
            examples.Add(rest.Slice(open + 1, close).ToString());
            rest = rest[(open + close + 2)..];
        }
        return (gloss[..start].TrimEnd(), examples);
    }

    /// <summary>Reads an <c>index.{noun,verb,adj,adv}</c> file.</summary>
    public static IEnumerable<IndexRecord> ReadIndex(string path)
    {
        EnsureExists(path);
        foreach (var line in LineReader.Read(path))
        {
            if (line.Text.Length == 0 || line.Text[0] == ' ') continue;
            var fields = new Fields(line.Text, path, line.Number);
            var lemma = fields.Next("lemma");
            var pos = fields.Char("pos (n, v, a or r)", "nvar");
            var synsetCount = (int)fields.Decimal("synset_cnt");
            var pointerCount = (int)fields.Decimal("p_cnt");
            for (var i = 0; i < pointerCount; i++) fields.Skip("ptr_symbol {0} of {1}", i + 1, pointerCount);
            var senseCount = (int)fields.Decimal("sense_cnt");
            if (senseCount != synsetCount)
                throw new DataFormatException(path, line.Number, $"sense_cnt equal to synset_cnt {synsetCount}, found {senseCount}");
            var tagged = (int)fields.Decimal("tagsense_cnt");
            var offsets = new long[synsetCount];
            for (var i = 0; i < synsetCount; i++) offsets[i] = fields.Decimal("synset_offset {0} of {1}", i + 1, synsetCount);
            fields.ExpectEnd("end of line after the synset offsets");
            yield return new IndexRecord(lemma, pos, offsets, tagged);
        }
    }

    /// <summary>Reads <c>cntlist.rev</c>: <c>sense_key sense_number tag_cnt</c>.</summary>
    public static IEnumerable<SenseCountRecord> ReadSenseCounts(string path)
    {
        EnsureExists(path);
        foreach (var line in LineReader.Read(path))
        {
            if (line.Text.Length == 0) continue;
            var fields = new Fields(line.Text, path, line.Number);
            var key = fields.Next("sense_key");
            if (!key.Contains('%'))
                throw new DataFormatException(path, line.Number, $"a sense key of the form lemma%lex_sense, found '{key}'");
            var number = (int)fields.Decimal("sense_number");
            var count = (int)fields.Decimal("tag_cnt");
            fields.ExpectEnd("end of line after tag_cnt");
            yield return new SenseCountRecord(key, number, count);
        }
    }

    /// <summary>Reads a morphological exception list (<c>noun.exc</c>, ...): <c>inflected base [base...]</c>.</summary>
    public static IEnumerable<ExceptionRecord> ReadExceptions(string path, char pos)
    {
        EnsureExists(path);
        foreach (var line in LineReader.Read(path))
        {
            if (line.Text.Length == 0) continue;
            var fields = new Fields(line.Text, path, line.Number);
            var inflected = fields.Next("inflected form");
            var any = false;
            while (fields.TryNext(out var baseForm)) { any = true; yield return new ExceptionRecord(pos, inflected, baseForm); }
            if (!any) throw new DataFormatException(path, line.Number, $"at least one base form after '{inflected}'");
        }
    }

    private static void EnsureExists(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"WordNet file {path} is missing (install Debian's wordnet-base or pass --source DIR)", path);
    }

    /// <summary>Space-separated fields of one line, with errors that say which field was expected.</summary>
    /// <summary>
    /// Space-separated fields of one line, with errors that say which field was expected. The description is a
    /// composite format (<c>"word {0} of {1}"</c>) filled in only when a field is missing or malformed, so that the
    /// millions of successful reads allocate nothing for their error text.
    /// </summary>
    private struct Fields(string text, string path, long line)
    {
        private int _position;

        private ReadOnlySpan<char> NextSpan()
        {
            while (_position < text.Length && text[_position] == ' ') _position++;
            var start = _position;
            while (_position < text.Length && text[_position] != ' ') _position++;
            return text.AsSpan(start, _position - start);
        }

        public bool TryNext(out string field)
        {
            var span = NextSpan();
            field = span.ToString();
            return span.Length > 0;
        }

        private ReadOnlySpan<char> Required(string expected, int a, int b)
        {
            var span = NextSpan();
            return span.Length > 0 ? span : throw Error(expected, a, b, null);
        }

        private DataFormatException Error(string expected, int a, int b, string? found)
        {
            var what = string.Format(CultureInfo.InvariantCulture, expected, a, b);
            return new DataFormatException(path, line, found is null ? $"{what}, but the line ended" : $"{what}, found '{found}'");
        }

        public string Next(string expected, int a = 0, int b = 0) => Required(expected, a, b).ToString();

        public long Decimal(string expected, int a = 0, int b = 0)
        {
            var field = Required(expected, a, b);
            return long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value : throw Error(expected, a, b, field.ToString());
        }

        public long Hex(string expected, int a = 0, int b = 0)
        {
            var field = Required(expected, a, b);
            return long.TryParse(field, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
                ? value : throw Error(expected, a, b, field.ToString());
        }

        public char Char(string expected, string allowed, int a = 0, int b = 0)
        {
            var field = Required(expected, a, b);
            return field.Length == 1 && allowed.Contains(field[0])
                ? field[0] : throw Error(expected, a, b, field.ToString());
        }

        /// <summary>Skips one field that must be present (its value is not needed).</summary>
        public void Skip(string expected, int a = 0, int b = 0) => Required(expected, a, b);

        public void ExpectEnd(string expected)
        {
            if (TryNext(out var extra))
                throw new DataFormatException(path, line, $"{expected}, found '{extra}'");
        }
    }
}
