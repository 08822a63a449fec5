using System.IO.Compression;
using System.Text;
using ICSharpCode.SharpZipLib.BZip2;
using Zsl.Rdf;
using Zsl.TestKit;

namespace Zsl.Rdf.Tests.Rdf;

public class NQuadsReaderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static List<Quad> ReadAll(string text, RdfSyntax syntax = RdfSyntax.NQuads)
    {
        using var reader = new NQuadsReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.nq", new RdfReaderOptions { Syntax = syntax });
        return reader.ReadQuads().ToList();
    }

    [Fact]
    public void Splits_lines_on_CRLF_CR_and_LF_and_reads_a_last_line_without_newline()
    {
        using var reader = NQuadsReader.Open(Fixture("line-endings.nt"));
        var quads = reader.ReadQuads().ToList();
        Assert.Equal(["crlf", "cr", "lf", "no final newline"], quads.Select(q => q.Object.Value));
        Assert.Equal(4, reader.Line);
    }

    [Fact]
    public void Skips_a_byte_order_mark_at_the_start_of_the_file_only()
    {
        Assert.Single(ReadAll("\uFEFF<http://ex.org/s> <http://ex.org/p> \"x\" ."));
        var error = Assert.Throws<RdfSyntaxException>(() => ReadAll("# first\n\uFEFF<http://ex.org/s> <http://ex.org/p> \"x\" ."));
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Decodes_every_escape_in_literals_and_IRIs()
    {
        var quad = Assert.Single(ReadAll("<http://ex.org/\\u00E9t\\U0001F600> <http://ex.org/p> \"t\\tb\\bn\\nr\\rf\\f q\\\" s\\' bs\\\\ \\u00e9\\U0001F600\" ."));
        Assert.Equal("http://ex.org/ét😀", quad.Subject.Value);
        Assert.Equal("t\tb\bn\nr\rf\f q\" s' bs\\ é😀", quad.Object.Value);
    }

    [Fact]
    public void Reads_language_tags_datatypes_blank_nodes_and_graphs()
    {
        var quads = ReadAll("_:a <http://ex.org/p> \"x\"@en-GB _:g .\n<http://ex.org/s> <http://ex.org/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> <http://ex.org/g> . # c\n");
        Assert.Equal(RdfTerm.Blank("a"), quads[0].Subject);
        Assert.Equal(RdfTerm.LangLiteral("x", "en-GB"), quads[0].Object);
        Assert.Equal(RdfTerm.Blank("g"), quads[0].Graph);
        Assert.Equal(RdfTerm.TypedLiteral("1", "http://www.w3.org/2001/XMLSchema#integer"), quads[1].Object);
        Assert.Equal(RdfTerm.Iri("http://ex.org/g"), quads[1].Graph);
    }

    [Fact]
    public void Errors_name_file_line_column_and_what_was_expected()
    {
        var error = Assert.Throws<RdfSyntaxException>(() =>
        {
            using var reader = NQuadsReader.Open(Fixture("dirty.nq"));
            while (reader.Read()) { }
        });
        Assert.EndsWith("dirty.nq", error.File);
        Assert.Equal(4, error.Line);
        Assert.Equal(62, error.Column); // the end of the line: the literal never closes
        Assert.Contains("'\"' to close the literal", error.Message);
        Assert.Matches(@"dirty\.nq:4:62: ", error.Message);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var error = Assert.Throws<RdfSyntaxException>(() => ReadAll("<http://ex.org/é> <http://ex.org/p> \"ü\" x ."));
        Assert.Equal(1, error.Line);
        Assert.Equal(41, error.Column);
    }

    [Fact]
    public void Skip_invalid_keeps_the_valid_statements_and_counts_the_rest()
    {
        using var reader = NQuadsReader.Open(Fixture("dirty.nq"), new RdfReaderOptions { SkipInvalid = true });
        var quads = reader.ReadQuads().ToList();
        Assert.Equal(["one", "two", "three", "b2", "five"], quads.Select(q => q.Object.Value));
        Assert.Equal(3, reader.InvalidLineCount);
        Assert.Equal([4L, 6L, 8L], reader.Errors.Select(e => e.Line));
        Assert.Contains("absolute IRI", reader.Errors[1].Expected);
        Assert.Contains("string escape", reader.Errors[2].Expected);
    }

    [Fact]
    public void N_triples_rejects_a_graph_label()
    {
        var error = Assert.Throws<RdfSyntaxException>(() => ReadAll("<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> <http://ex.org/g> .", RdfSyntax.NTriples));
        Assert.Contains("N-Triples has no graph label", error.Message);
    }

    [Fact]
    public void Rejects_invalid_UTF8_with_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("<http://ex.org/s> <http://ex.org/p> \"ab\" .").ToList();
        bytes.Insert(38, 0xFF);
        using var reader = new NQuadsReader(new MemoryStream(bytes.ToArray()), "bad.nt");
        var error = Assert.Throws<RdfSyntaxException>(() => reader.Read());
        Assert.Equal(39, error.Column);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Reads_lines_longer_than_the_read_block()
    {
        var text = new string('x', 3 << 20);
        var quad = Assert.Single(ReadAll($"<http://ex.org/s> <http://ex.org/p> \"{text}\" .\n"));
        Assert.Equal(text.Length, quad.Object.Value.Length);
    }

    [Fact]
    public void Interns_repeated_IRIs()
    {
        var quads = ReadAll("<http://ex.org/s> <http://ex.org/p> \"1\" .\n<http://ex.org/s> <http://ex.org/p> \"2\" .\n");
        Assert.Same(quads[0].Predicate.Value, quads[1].Predicate.Value);
        Assert.Same(quads[0].Subject.Value, quads[1].Subject.Value);
    }

    [Fact]
    public void Reads_gzip_and_bzip2_files_by_their_magic_bytes()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var plain = File.ReadAllBytes(Fixture("babelnet-lemon-sample.nt"));
            var gz = Path.Combine(dir, "sample.nt.gz");
            using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest)) output.Write(plain);
            var bz2 = Path.Combine(dir, "sample.nt.bz2");
            using (var output = new BZip2OutputStream(File.Create(bz2))) output.Write(plain);
            var expected = ReadFile(Fixture("babelnet-lemon-sample.nt"));
            Assert.Equal(119 - 5, expected.Count);
            Assert.Equal(expected, ReadFile(gz));
            Assert.Equal(expected, ReadFile(bz2));
        }
        finally { Directory.Delete(dir, true); }

        static List<Quad> ReadFile(string path)
        {
            using var reader = NQuadsReader.Open(path);
            Assert.Equal(RdfSyntax.NTriples, reader.Syntax);
            return reader.ReadQuads().ToList();
        }
    }
}
