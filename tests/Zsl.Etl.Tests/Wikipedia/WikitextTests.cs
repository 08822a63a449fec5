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

    [Fact]
    public void An_internal_link_nested_in_an_external_link_label_leaves_only_its_text()
    {
        // Aldous Huxley in the sample dump: MediaWiki replaces the internal link before it looks for the external one.
        var a = Wikitext.ToPlainText("He taught at [https://example.org/uc a course at [[University of California, Berkeley|UC Berkeley]] in 1959] and left.");
        Assert.Equal("He taught at a course at UC Berkeley in 1959 and left.", a.Text);
        var b = Wikitext.ToPlainText("See [http://example.org/x the {{lang|fr|site}} of [[Paris]]s] today.");
        Assert.Equal("See the of Pariss today.", b.Text);
    }

    /// <summary>Balanced wikitext: links, templates, references and external links nested in one another.</summary>
    private static readonly Gen<string> BalancedMarkup = Gen.Recursive<string>((depth, inner) =>
    {
        var word = Gen.OneOfConst("dog", "Cat", "a b", "x-y", "é", "1959");
        if (depth >= 3) return word;
        var sub = inner.Array[1, 3].Select(p => string.Join(" ", p));
        return Gen.Frequency(
            (3, word),
            // an external link inside another link's label would nest <a> elements: MediaWiki does not untangle that either
            (2, Gen.Select(word, sub.Where(l => !l.Contains("[https")), (t, l) => $"[[{t}|{l}]]")),
            (1, word.Select(t => $"[[{t}]]s")),
            (2, sub.Select(l => $"{{{{tmpl|{l}}}}}")),
            (2, sub.Where(l => !l.Contains("[https")).Select(l => $"[https://example.org/{depth} {l}]")),
            // a reference ends at the first </ref> (MediaWiki's extension tags do not nest)
            (1, sub.Where(l => !l.Contains("<ref")).Select(l => $"<ref name=\"r{depth}\">{l}</ref>")),
            (1, sub.Where(l => !l.Contains("<ref")).Select(l => $"<ref>{l}</ref>")),
            (1, sub.Select(l => $"'''{l}''' <span>{l}</span>")),
            (1, word.Select(t => $"[[File:{t}.jpg|thumb|[[{t}]] pictured]]")));
    });

    [Fact]
    public void Balanced_markup_nested_in_any_way_leaves_no_link_template_or_reference()
        => BalancedMarkup.Array[1, 6].Select(p => string.Join(" ", p)).Sample(text =>
        {
            var a = Wikitext.ToPlainText(text);
            Assert.DoesNotContain("[[", a.Text);
            Assert.DoesNotContain("]]", a.Text);
            Assert.DoesNotContain("{{", a.Text);
            Assert.DoesNotContain("}}", a.Text);
            Assert.DoesNotContain("<ref", a.Text);
            Assert.DoesNotContain("https://", a.Text);
        }, iter: 3000);

    [Fact]
    public void No_article_of_the_real_dump_keeps_a_link_template_or_reference()
    {
        var articles = 0;
        foreach (var page in DumpReader.ReadPages(WikiFixtures.SampleDump).Where(p => p.Namespace == 0 && p.RedirectTarget is null))
        {
            var text = Wikitext.ToPlainText(page.Text, page.Title).Text;
            foreach (var markup in new[] { "[[", "{{", "<ref" })
            {
                var at = text.IndexOf(markup, StringComparison.OrdinalIgnoreCase);
                var from = Math.Max(0, at - 60);
                Assert.True(at < 0, $"{page.Title} keeps {markup}: ...{(at < 0 ? "" : text.Substring(from, Math.Min(120, text.Length - from)))}...");
            }
            articles++;
        }
        Assert.True(articles > 100, $"only {articles} articles read");
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
