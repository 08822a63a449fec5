using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Zsl.Wikipedia;

/// <summary>An article fetched as HTML (the REST API's Parsoid HTML): identity plus the same plain text, links and categories as from a dump.</summary>
public sealed record FetchedArticle(long PageId, string Title, long? RevisionId, ArticleText Article);

/// <summary>
/// Parsoid HTML (what <c>/api/rest_v1/page/html/{title}</c> returns) to plain text, consistent with
/// <see cref="Wikitext"/>: template output (elements marked <c>typeof="mw:Transclusion"</c> and their
/// <c>about</c> siblings), references, tables, figures/files, hatnotes, navigation boxes, styles and scripts
/// are dropped; wiki links keep their text and are recorded; categories come from
/// <c>link rel="mw:PageProp/Category"</c>; the lead is the text before the first heading.
/// </summary>
public static class ArticleHtml
{
    private static readonly string[] DroppedSelectors =
    [
        "script", "style", "table", "figure", "figure-inline", "sup.reference", "sup.mw-ref", ".mw-references-wrap", "ol.references",
        ".reflist", ".hatnote", "[role=note]", ".navbox", ".infobox", ".thumb", ".noprint", ".mw-empty-elt", ".gallery", "math", ".mwe-math-element",
        "[typeof~='mw:File']", "[typeof~='mw:File/Thumb']", "[typeof~='mw:File/Frameless']", "[typeof~='mw:Image']", "[typeof~='mw:Extension/references']",
    ];

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "br", "pre", "body",
    };

    public static FetchedArticle Parse(string html, string requestedTitle, string? source = null)
    {
        var document = new HtmlParser().ParseDocument(html);
        var what = source ?? $"HTML of '{requestedTitle}'";
        var pageIdText = document.QuerySelector("meta[property='mw:pageId']")?.GetAttribute("content");
        if (!long.TryParse(pageIdText, out var pageId) || pageId <= 0)
            throw new InvalidDataException($"{what}: expected Parsoid HTML with <meta property=\"mw:pageId\" content=\"ID\">");
        var title = document.QuerySelector("head > title")?.TextContent.Trim();
        if (string.IsNullOrEmpty(title))
        {
            var version = document.QuerySelector("link[rel='dc:isVersionOf']")?.GetAttribute("href");
            title = version is null ? requestedTitle : Uri.UnescapeDataString(version[(version.LastIndexOf('/') + 1)..]);
        }
        title = Wikitext.NormalizeTitle(title);
        long? revision = null;
        var about = document.DocumentElement.GetAttribute("about");
        if (about is not null && long.TryParse(about[(about.LastIndexOf('/') + 1)..], out var rev)) revision = rev;

        var categories = document.QuerySelectorAll("link[rel='mw:PageProp/Category']")
            .Select(l => LinkTarget(l.GetAttribute("href")))
            .Where(t => t is not null && t.StartsWith("Category:", StringComparison.OrdinalIgnoreCase))
            .Select(t => Wikitext.NormalizeTitle(t!["Category:".Length..])).Where(c => c.Length > 0).Distinct().ToArray();
        var disambiguation = document.QuerySelector("meta[property='mw:PageProp/disambiguation']") is not null
            || title.EndsWith("(disambiguation)", StringComparison.OrdinalIgnoreCase)
            || categories.Any(c => c.Contains("disambiguation pages", StringComparison.OrdinalIgnoreCase));

        var body = document.Body ?? throw new InvalidDataException($"{what}: expected a <body>");
        var transclusions = body.QuerySelectorAll("[typeof~='mw:Transclusion']").ToArray();
        var aboutIds = transclusions.Select(e => e.GetAttribute("about")).Where(a => a is not null).ToHashSet();
        foreach (var element in transclusions) element.Remove();
        foreach (var element in body.QuerySelectorAll("[about]").Where(e => aboutIds.Contains(e.GetAttribute("about"))).ToArray()) element.Remove();
        foreach (var selector in DroppedSelectors)
            foreach (var element in body.QuerySelectorAll(selector).ToArray()) element.Remove();

        var output = new StringBuilder();
        var links = new List<WikiLink>();
        int? leadEnd = null;
        Walk(body, output, links, ref leadEnd);
        var text = Wikitext.Normalize(output.ToString());
        var lead = leadEnd is { } end ? Wikitext.Normalize(output.ToString(0, end)) : text;
        return new FetchedArticle(pageId, title, revision, new ArticleText(text, lead, links, categories, disambiguation));
    }

    private static void Walk(INode node, StringBuilder output, List<WikiLink> links, ref int? leadEnd)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText textNode) { output.Append(textNode.Data); continue; }
            if (child is not IElement element) continue;
            var name = element.LocalName;
            if (name is "h2" or "h3" or "h4" or "h5" or "h6") leadEnd ??= output.Length;
            var block = BlockElements.Contains(name);
            if (block) output.Append('\n');
            if (name == "a" && (element.GetAttribute("rel") ?? "").Split(' ').Contains("mw:WikiLink"))
            {
                var target = LinkTarget(element.GetAttribute("href"));
                var anchor = element.TextContent;
                output.Append(anchor);
                if (target is not null && !IsNamespaced(target))
                    links.Add(new WikiLink(Wikitext.NormalizeTitle(target), Wikitext.Normalize(anchor)));
                continue;
            }
            Walk(element, output, links, ref leadEnd);
            if (block) output.Append('\n');
        }
    }

    /// <summary>"./Polar_bear#Diet" gives "Polar_bear"; null for anything that is not a relative wiki link.</summary>
    private static string? LinkTarget(string? href)
    {
        if (href is null || !href.StartsWith("./", StringComparison.Ordinal)) return null;
        var target = href[2..];
        var cut = target.IndexOfAny(['#', '?']);
        if (cut >= 0) target = target[..cut];
        target = Uri.UnescapeDataString(target);
        return target.Length == 0 ? null : target;
    }

    private static bool IsNamespaced(string target)
    {
        var colon = target.IndexOf(':');
        if (colon <= 0) return false;
        var prefix = target[..colon].Replace('_', ' ');
        return prefix is "File" or "Image" or "Media" or "Category" or "Template" or "Help" or "Wikipedia" or "Portal" or "Special" or "Talk" or "User" or "Draft" or "Module"
            || prefix.EndsWith(" talk", StringComparison.Ordinal);
    }
}
