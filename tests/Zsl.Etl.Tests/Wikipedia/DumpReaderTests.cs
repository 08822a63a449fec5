using System.Text;
using System.Xml.Linq;
using CsCheck;
using Zsl.Store;
using Zsl.TestKit;
using Zsl.Wikipedia;

namespace Zsl.Etl.Tests.Wikipedia;

public class DumpReaderTests
{
    [Fact]
    public void Pages_of_the_real_dump_are_streamed_with_redirects_and_namespaces()
    {
        var pages = DumpReader.ReadPages(WikiFixtures.SampleDump).ToList();
        Assert.Equal(206, pages.Count);
        Assert.Equal(pages.Count, pages.Select(p => p.Id).Distinct().Count());
        var first = pages[0];
        Assert.Equal(("AccessibleComputing", 10L, "Computer accessibility"), (first.Title, first.Id, first.RedirectTarget));
        var anarchism = pages.Single(p => p.Title == "Anarchism");
        Assert.Equal(12, anarchism.Id);
        Assert.Null(anarchism.RedirectTarget);
        Assert.StartsWith("{{Redirect2|Anarchist|Anarchists", anarchism.Text);
        Assert.Equal(1, pages.Count(p => p.Namespace != 0));
    }

    [Fact]
    public void Uncompressed_and_multistream_dumps_give_the_same_pages()
    {
        var dir = TestPaths.NewTempDirectory();
        var multi = WikiFixtures.WriteTemp(dir, "mini-multistream.xml.bz2", WikiFixtures.Multistream(File.ReadAllText(WikiFixtures.MiniDump), 3));
        var plain = DumpReader.ReadPages(WikiFixtures.MiniDump).ToList();
        var fromMulti = DumpReader.ReadPages(multi).ToList();
        Assert.Equal(9, plain.Count);
        Assert.Equal(plain, fromMulti);
        Assert.Equal("Dog", plain[1].RedirectTarget);
        Assert.Equal(9001, plain[0].RevisionId);
        Assert.Contains("&lt;ref", File.ReadAllText(WikiFixtures.MiniDump));
        Assert.Contains("<ref name=\"vila\">", plain[0].Text); // entities decoded by the XML reader
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Broken_xml_names_the_page_being_read()
    {
        var dir = TestPaths.NewTempDirectory();
        var xml = File.ReadAllText(WikiFixtures.MiniDump).Replace("<title>Cairn Terrier</title>\n    <ns>0</ns>", "<title>Cairn Terrier</title>\n    <ns>0</nss>");
        var path = WikiFixtures.WriteTemp(dir, "broken.xml", Encoding.UTF8.GetBytes(xml));
        var error = Assert.Throws<DataFormatException>(() => DumpReader.ReadPages(path).ToList());
        Assert.Contains("broken.xml", error.Message);
        Assert.Contains("'Cairn Terrier'", error.Message);
        Assert.NotNull(error.Line);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_truncated_bz2_dump_names_the_page_being_read()
    {
        var dir = TestPaths.NewTempDirectory();
        var bytes = File.ReadAllBytes(WikiFixtures.SampleDump);
        var path = WikiFixtures.WriteTemp(dir, "truncated.xml.bz2", bytes[..(bytes.Length * 3 / 4)]);
        var read = 0;
        var error = Assert.Throws<DataFormatException>(() => { foreach (var _ in DumpReader.ReadPages(path)) read++; });
        Assert.Contains("truncated.xml.bz2", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Matches(@"page \d+ ('[^']+'|\(the page after '[^']+')", error.Message);
        Assert.InRange(read, 1, 205);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Invalid_pages_stop_the_read_unless_skipped()
    {
        var dir = TestPaths.NewTempDirectory();
        var xml = File.ReadAllText(WikiFixtures.MiniDump).Replace("<id>102</id>", "<id>not-a-number</id>");
        var path = WikiFixtures.WriteTemp(dir, "invalid.xml", Encoding.UTF8.GetBytes(xml));
        var error = Assert.Throws<DataFormatException>(() => DumpReader.ReadPages(path).ToList());
        Assert.Contains("'Cairn'", error.Message);
        Assert.Contains("numeric page <id>", error.Message);
        var skipped = new List<SkippedPage>();
        var pages = DumpReader.ReadPages(path, skipped.Add).ToList();
        Assert.Equal(8, pages.Count);
        Assert.Single(skipped);
        Assert.Contains("Cairn", skipped[0].Page);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_dtd_is_refused()
    {
        var dir = TestPaths.NewTempDirectory();
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE mediawiki [<!ENTITY boom \"x\">]>\n" + File.ReadAllText(WikiFixtures.MiniDump);
        var path = WikiFixtures.WriteTemp(dir, "dtd.xml", Encoding.UTF8.GetBytes(xml));
        var error = Assert.Throws<DataFormatException>(() => DumpReader.ReadPages(path).ToList());
        Assert.Contains("DTD", error.Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Page_texts_of_any_length_and_markup_read_back_as_the_xml_parser_sees_them()
    {
        var dir = TestPaths.NewTempDirectory();
        // pieces of text: plain runs, characters that must be escaped, non-ASCII, CDATA sections, and long runs
        // that cross the reader's 16 K chunks
        var piece = Gen.OneOf(
            Gen.String[Gen.Char["a-z <>&\"'|{}[]=\n"], 0, 40].Select(t => (Text: t, Cdata: false)),
            Gen.String[Gen.Char["éßΩ漢字 "], 0, 10].Select(t => (Text: t, Cdata: false)),
            Gen.String[Gen.Char["a-z<&"], 0, 20].Select(t => (Text: t, Cdata: true)),
            Gen.Int[1000, 40000].Select(n => (Text: new string('x', n) + "&", Cdata: false)));
        var count = 0;
        piece.Array[0, 12].Array[1, 4].Sample(pages =>
        {
            var xml = new StringBuilder("<mediawiki>\n");
            for (var i = 0; i < pages.Length; i++)
            {
                xml.Append($"  <page>\n    <title>Page {i}</title>\n    <ns>0</ns>\n    <id>{i + 1}</id>\n    <revision>\n      <id>{i + 7}</id>\n      <text bytes=\"1\" xml:space=\"preserve\">");
                foreach (var (text, cdata) in pages[i])
                    xml.Append(cdata ? $"<![CDATA[{text}]]>" : System.Security.SecurityElement.Escape(text));
                xml.Append("</text>\n    </revision>\n  </page>\n");
            }
            xml.Append("</mediawiki>\n");
            var path = WikiFixtures.WriteTemp(dir, $"p{count++}.xml", Encoding.UTF8.GetBytes(xml.ToString()));
            var expected = XDocument.Parse(xml.ToString()).Descendants("text").Select(t => t.Value).ToList();
            Assert.Equal(expected, DumpReader.ReadPages(path).Select(p => p.Text).ToList());
        }, iter: 60);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void An_element_inside_a_page_text_is_an_error()
    {
        var dir = TestPaths.NewTempDirectory();
        var xml = File.ReadAllText(WikiFixtures.MiniDump);
        var at = xml.IndexOf("<text", StringComparison.Ordinal);
        at = xml.IndexOf('>', at) + 1;
        var path = WikiFixtures.WriteTemp(dir, "element.xml", Encoding.UTF8.GetBytes(xml[..at] + "<b>bold</b>" + xml[at..]));
        var error = Assert.Throws<DataFormatException>(() => DumpReader.ReadPages(path).ToList());
        Assert.Contains("element.xml", error.Message);
        Assert.Contains("<b>", error.Message);
        Directory.Delete(dir, true);
    }
}
