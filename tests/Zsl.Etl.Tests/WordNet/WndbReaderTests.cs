using System.Globalization;
using System.Text;
using CsCheck;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.WordNet;

namespace Zsl.Etl.Tests.WordNet;

public class WndbReaderTests
{
    private const string DogLine =
        "02084071 05 n 03 dog 0 domestic_dog 0 Canis_familiaris 0 002 @ 02083346 n 0000 @ 01317541 n 0000 | a member of the genus Canis; \"the dog barked all night\"  ";

    private static SynsetRecord Parse(string line, long offset = 2084071) => WndbReader.ParseDataLine(new NumberedLine(7, offset, line), "data.noun");

    [Fact]
    public void Parses_words_pointers_and_gloss()
    {
        var dog = Parse(DogLine);
        Assert.Equal("n02084071", dog.Wnid);
        Assert.Equal(["dog", "domestic dog", "Canis familiaris"], dog.Words.Select(w => w.Lemma));
        Assert.Equal(["n02083346", "n01317541"], dog.Pointers.Select(p => p.TargetWnid));
        Assert.Equal("a member of the genus Canis", dog.Definition);
        Assert.Equal(["the dog barked all night"], dog.Examples);
    }

    [Fact]
    public void Parses_satellites_markers_lexical_pointers_and_verb_frames()
    {
        var handy = WndbReader.ParseDataLine(new NumberedLine(1, 19731,
            "00019731 00 s 02 handy 0 ready_to_hand(p) 0 002 & 00019131 a 0000 + 04718999 n 0101 | easy to reach  "), "data.adj");
        Assert.Equal("a00019731", handy.Wnid);
        Assert.Equal('s', handy.SsType);
        Assert.Equal(("ready_to_hand", "p"), (handy.Words[1].Word, handy.Words[1].Marker));
        Assert.Equal((1, 1), (handy.Pointers[1].SourceWord, handy.Pointers[1].TargetWord));
        var breathe = WndbReader.ParseDataLine(new NumberedLine(1, 1740,
            "00001740 29 v 01 breathe 0 001 $ 00002325 v 0000 02 + 02 00 + 08 01 | draw air  "), "data.verb");
        Assert.Equal([new VerbFrameRecord(2, 0), new VerbFrameRecord(8, 1)], breathe.Frames);
    }

    [Theory]
    [InlineData("02084071 05 n 03 dog 0 domestic_dog 0", "word 3 of 3")]
    [InlineData("02084071 05 n 01 dog 0 002 @ 02083346 n 0000 | gloss", "pointer_symbol of pointer 2 of 2")]
    [InlineData("02084071 05 n 01 dog 0 001 @ 0208334x n 0000 | gloss", "synset_offset of pointer 1")]
    [InlineData("02084071 05 q 01 dog 0 000 | gloss", "ss_type")]
    [InlineData("02084071 77 n 01 dog 0 000 | gloss", "lex_filenum")]
    [InlineData("02084071 05 n 01 dog 0 000", "' | ' followed by the gloss")]
    [InlineData("02084071 05 n 01 dog 0 001 @ 02083346 n 00 | gloss", "4 hexadecimal digits")]
    public void Malformed_or_truncated_lines_name_file_line_and_expected_field(string line, string expected)
    {
        var error = Assert.Throws<DataFormatException>(() => Parse(line));
        Assert.Equal("data.noun", error.File);
        Assert.Equal(7, error.Line);
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("data.noun:7:", error.Message);
    }

    [Fact]
    public void An_offset_that_is_not_the_byte_offset_is_an_error()
    {
        var error = Assert.Throws<DataFormatException>(() => Parse(DogLine, offset: 100));
        Assert.Contains("byte offset 100", error.Message);
    }

    [Theory]
    [InlineData("a small dog", "a small dog")]
    [InlineData("a dog; \"one\"; \"two, three\"", "a dog", "one", "two, three")]
    [InlineData("\"only an example\"", "", "only an example")]
    [InlineData("to bark; \"unterminated", "to bark", "unterminated")]
    public void Glosses_split_into_definition_and_examples(string gloss, string definition, params string[] examples)
    {
        var (d, e) = WndbReader.SplitGloss(gloss);
        Assert.Equal(definition, d);
        Assert.Equal(examples, e);
    }

    [Fact]
    public void Index_cntlist_and_exception_readers_check_their_fields()
    {
        var dir = TestPaths.NewTempDirectory();
        var index = Path.Combine(dir, "index.noun");
        File.WriteAllText(index, "  1 licence line\ndog n 2 1 @ 2 1 02084071 10114209  \ncat n 2 1 @ 3 1 02121620 \n");
        var error = Assert.Throws<DataFormatException>(() => WndbReader.ReadIndex(index).ToList());
        Assert.Contains(":3:", error.Message);
        Assert.Contains("sense_cnt equal to synset_cnt 2", error.Message);

        var counts = Path.Combine(dir, "cntlist.rev");
        File.WriteAllText(counts, "dog%1:05:00:: 1 42\nbroken 1 2\n");
        Assert.Contains(":2:", Assert.Throws<DataFormatException>(() => WndbReader.ReadSenseCounts(counts).ToList()).Message);

        var exceptions = Path.Combine(dir, "noun.exc");
        File.WriteAllText(exceptions, "geese goose\nmice\n");
        Assert.Contains("at least one base form", Assert.Throws<DataFormatException>(() => WndbReader.ReadExceptions(exceptions, 'n').ToList()).Message);
        Assert.Throws<FileNotFoundException>(() => WndbReader.ReadData(Path.Combine(dir, "data.noun")).ToList());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Line_reader_reports_byte_offsets_for_LF_and_CRLF_and_a_last_line_without_newline()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "lines");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("ab\r\nçd\nlast"));
        var lines = LineReader.Read(path).ToArray();
        Assert.Equal([new NumberedLine(1, 0, "ab"), new NumberedLine(2, 4, "çd"), new NumberedLine(3, 8, "last")], lines);
        Directory.Delete(dir, true);
    }

    private static readonly Gen<SynsetRecord> Synsets =
        from ssType in Gen.OneOfConst('n', 'v', 'a', 's', 'r')
        from lexFile in Gen.Int[0, 44]
        from words in Gen.Select(Gen.String[Gen.Char["a-z_."], 1, 12], Gen.Int[0, 15], Gen.OneOfConst<string?>(null, "p", "a", "ip")).Array[1, 5]
        from pointers in Gen.Select(Gen.OneOfConst("@", "~", "!", "+", "%p", ";c"), Gen.Long[0, 99_999_999], Gen.OneOfConst('n', 'v', 'a', 's', 'r'), Gen.Int[0, 255], Gen.Int[0, 255]).Array[0, 6]
        from frames in Gen.Select(Gen.Int[1, 35], Gen.Int[0, 255]).Array[0, 3]
        from definition in Gen.String[Gen.Char["a-z ,()"], 1, 40]
        from examples in Gen.String[Gen.Char["a-z ,"], 1, 20].Array[0, 3]
        select new SynsetRecord(0, lexFile, ssType,
            words.Select(w => new WordRecord(w.Item1, w.Item2, ssType is 'a' or 's' ? w.Item3 : null)).ToArray(),
            pointers.Select(p => new PointerRecord(p.Item1, p.Item2, p.Item3, p.Item4, p.Item5)).ToArray(),
            ssType == 'v' ? frames.Select(f => new VerbFrameRecord(f.Item1, f.Item2)).ToArray() : [],
            definition.Trim() is { Length: > 0 } d ? d : "x", examples);

    /// <summary>Writes a synset as a WNDB data line (wndb(5WN)), the inverse of the parser.</summary>
    private static string Format(SynsetRecord s, long offset)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"{offset:D8} {s.LexFileNumber:D2} {s.SsType} {s.Words.Count:x2} ");
        foreach (var w in s.Words) b.Append(CultureInfo.InvariantCulture, $"{w.Word}{(w.Marker is null ? "" : $"({w.Marker})")} {w.LexId:x} ");
        b.Append(CultureInfo.InvariantCulture, $"{s.Pointers.Count:D3} ");
        foreach (var p in s.Pointers) b.Append(CultureInfo.InvariantCulture, $"{p.Symbol} {p.TargetOffset:D8} {p.TargetPos} {p.SourceWord:x2}{p.TargetWord:x2} ");
        if (s.SsType == 'v')
        {
            b.Append(CultureInfo.InvariantCulture, $"{s.Frames.Count:D2} ");
            foreach (var f in s.Frames) b.Append(CultureInfo.InvariantCulture, $"+ {f.FrameNumber:D2} {f.WordNumber:x2} ");
        }
        b.Append("| ").Append(s.Definition);
        foreach (var e in s.Examples) b.Append("; \"").Append(e).Append('"');
        return b.Append("  ").ToString();
    }

    [Fact]
    public void Property_format_then_parse_gives_back_the_synset()
    {
        Synsets.Sample(s =>
        {
            var parsed = WndbReader.ParseDataLine(new NumberedLine(1, 1234, Format(s, 1234)), "data.x");
            return parsed.Offset == 1234 && parsed.LexFileNumber == s.LexFileNumber && parsed.SsType == s.SsType
                && parsed.Words.SequenceEqual(s.Words) && parsed.Pointers.SequenceEqual(s.Pointers)
                && parsed.Frames.SequenceEqual(s.Frames) && parsed.Definition == s.Definition.TrimEnd()
                && parsed.Examples.SequenceEqual(s.Examples);
        }, iter: 2000);
    }
}
