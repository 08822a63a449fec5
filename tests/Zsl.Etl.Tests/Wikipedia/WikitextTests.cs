using CsCheck;
using Zsl.Wikipedia;

namespace Zsl.Etl.Tests.Wikipedia;

public class WikitextTests
{
    [Fact]
    public void Templates_references_tables_files_comments_and_formatting_are_dropped()
    {
        var a = Wikitext.ToPlainText("""
            {{Infobox dog|name={{nested|x}}}}<!-- hidden -->The '''dog''' is a ''pet''.<ref name="a">{{cite web|url=x}}</ref> It barks.<ref name="a" />
            [[File:Dog.jpg|thumb|A [[dog]] in a [[park]]]]
            {| class="wikitable"
            | cell [[Table link]]
            |}
            End&nbsp;of&amp;text. __NOTOC__
            """);
        Assert.Equal("The dog is a pet. It barks.\nEnd of&text.", a.Text);
        Assert.Empty(a.Links);
    }

    [Fact]
    public void Links_keep_their_anchor_and_trail_and_are_recorded()
    {
        var a = Wikitext.ToPlainText("Many [[dog breed|breeds]] of [[wolf]]-like [[hunter-gatherer]]s live in [[new_York City#Parks|the city]]. See [[#History|below]] and [[:Category:Dogs]].");
        Assert.Equal("Many breeds of wolf-like hunter-gatherers live in the city. See below and Category:Dogs.", a.Text);
        Assert.Equal(
            [new WikiLink("Dog breed", "breeds"), new WikiLink("Wolf", "wolf"), new WikiLink("Hunter-gatherer", "hunter-gatherers"), new WikiLink("New York City", "the city")],
            a.Links);
    }

    [Fact]
    public void Categories_interlanguage_links_and_external_links()
    {
        var a = Wikitext.ToPlainText("Text with [http://example.org an external link] and [http://bare.example].\n[[Category:Dogs| ]]\n[[Category:Domesticated animals]]\n[[de:Haushund]]");
        Assert.Equal("Text with an external link and .", a.Text);
        Assert.Equal(["Dogs", "Domesticated animals"], a.Categories);
        Assert.Empty(a.Links);
    }

    [Fact]
    public void Headings_end_the_lead_and_list_markers_go()
    {
        var a = Wikitext.ToPlainText("Lead one.\n\nLead two.\n== History ==\n* item [[one]]\n# item two\n; term : definition\n----\nBody.");
        Assert.Equal("Lead one.\nLead two.", a.Lead);
        Assert.Equal("Lead one.\nLead two.\nHistory\nitem one\nitem two\nterm : definition\nBody.", a.Text);
    }

    [Theory]
    [InlineData("{{disambiguation}}", null, true)]
    [InlineData("{{Disambig|geo}}", null, true)]
    [InlineData("{{hndis|Smith, John}}", null, true)]
    [InlineData("Some text", "Mercury (disambiguation)", true)]
    [InlineData("[[Category:Disambiguation pages]]", null, true)]
    [InlineData("{{Infobox}} Plain article", "Mercury", false)]
    public void Disambiguation_pages_are_flagged(string wikitext, string? title, bool expected)
        => Assert.Equal(expected, Wikitext.ToPlainText(wikitext, title).IsDisambiguation);

    [Fact]
    public void Unclosed_markup_is_kept_as_text_instead_of_swallowing_the_article()
    {
        var a = Wikitext.ToPlainText("Start {{unclosed template and [[unclosed link. <ref>unclosed ref\nNext line stays.");
        Assert.Contains("Start {{unclosed template and [[unclosed link.", a.Text);
        Assert.Contains("Next line stays.", a.Text);
    }

    [Theory]
    [InlineData("polar_bear", "Polar bear")]
    [InlineData("  Canis   familiaris ", "Canis familiaris")]
    [InlineData("iPod#History", "IPod")]
    [InlineData("AT&amp;T", "AT&T")]
    public void Titles_are_normalised_like_MediaWiki(string raw, string expected) => Assert.Equal(expected, Wikitext.NormalizeTitle(raw));

    [Fact]
    public void Any_mix_of_markup_converts_without_error_and_leaves_no_balanced_markup()
    {
        var pieces = Gen.OneOfConst("{{", "}}", "[[", "]]", "|", "{|", "|}", "\n", "==", "'''", "''", "<ref>", "</ref>", "<ref name=x/>",
            "<!--", "-->", "<span>", "</span>", "[http://x.org a]", "word", " ", "File:", "Category:", "*", "&amp;");
        Gen.String[Gen.Char['a', 'c'], 0, 3].Select(pieces.Array[0, 40], (w, p) => string.Concat(p) + w).Sample(text =>
        {
            var a = Wikitext.ToPlainText(text);
            Assert.DoesNotContain("'''", a.Text);
            Assert.DoesNotContain("<ref>", a.Text);
            Assert.DoesNotContain("<!--", a.Text);
            Assert.All(a.Links, l => Assert.False(string.IsNullOrWhiteSpace(l.Target)));
            Assert.StartsWith(a.Lead, a.Text);
        }, iter: 2000);
    }

    // The plain definitions the single-pass implementations must agree with.
    private static string ReferenceNormalizeTitle(string title)
    {
        var t = System.Net.WebUtility.HtmlDecode(title).Replace('_', ' ');
        var hash = t.IndexOf('#');
        if (hash >= 0) t = t[..hash];
        t = System.Text.RegularExpressions.Regex.Replace(t, @"[ \t\r\f\v\u00A0]+", " ").Trim();
        if (t.Length == 0) return t;
        return char.IsLower(t[0]) ? char.ToUpperInvariant(t[0]) + t[1..] : t;
    }

    private static string ReferenceNormalize(string raw)
    {
        var lines = System.Net.WebUtility.HtmlDecode(raw).Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"[ \t\r\f\v\u00A0]+", " ").Trim(' '))
            .Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    private static readonly Gen<string> Messy = Gen.OneOfConst("a", "B", "é", " ", "  ", "_", "\t", "\n", "\u00A0", "\u2003", "#", "&amp;", "&", "x y", "\r")
        .Array[0, 12].Select(string.Concat);

    [Fact]
    public void Title_normalisation_agrees_with_its_plain_definition()
        => Messy.Sample(t => Assert.Equal(ReferenceNormalizeTitle(t), Wikitext.NormalizeTitle(t)), iter: 3000);

    [Fact]
    public void Text_normalisation_agrees_with_its_plain_definition()
        => Messy.Sample(t => Assert.Equal(ReferenceNormalize(t), Wikitext.Normalize(t)), iter: 3000);

    [Fact]
    public void Word_counts_agree_with_counting_whitespace_separated_runs()
        => Messy.Sample(t =>
        {
            foreach (var text in new[] { t, Wikitext.Normalize(t) })
                Assert.Equal(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length, WikipediaLoader.CountWords(text));
        }, iter: 3000);
}
