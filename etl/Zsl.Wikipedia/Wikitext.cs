using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Zsl.Wikipedia;

/// <summary>A link from an article: the target article's normalised title and the text shown for it.</summary>
public sealed record WikiLink(string Target, string Anchor);

/// <summary>
/// An article as plain text: <see cref="Lead"/> is the text before the first section heading; links and
/// categories are recorded separately.
/// </summary>
public sealed record ArticleText(string Text, string Lead, IReadOnlyList<WikiLink> Links, IReadOnlyList<string> Categories, bool IsDisambiguation);

/// <summary>
/// Wikitext to plain text: templates, tables, references, files/images, comments, HTML tags, magic words and
/// formatting are dropped; a link is replaced by its anchor (plus its link trail: [[dog]]s gives "dogs"),
/// and its target recorded; category links are recorded and dropped; headings and list items keep their text.
/// Not a full MediaWiki parser (templates are not expanded), which is what plain-text corpora built from
/// dumps conventionally do.
/// </summary>
public static partial class Wikitext
{
    private static readonly HashSet<string> DroppedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "ref", "references", "gallery", "math", "chem", "ce", "timeline", "syntaxhighlight", "source", "score",
        "imagemap", "graph", "mapframe", "maplink", "templatedata", "hiero", "includeonly", "pre", "code", "categorytree",
    };

    private static readonly HashSet<string> FileNamespaces = new(StringComparer.OrdinalIgnoreCase) { "file", "image", "media" };

    private static readonly HashSet<string> OtherNamespaces = new(StringComparer.OrdinalIgnoreCase)
    {
        "talk", "user", "user talk", "wikipedia", "wp", "wikipedia talk", "file talk", "mediawiki", "template", "template talk",
        "help", "category talk", "portal", "book", "draft", "module", "special", "wikt", "wiktionary", "commons", "wikisource",
        "wikiquote", "wikibooks", "wikispecies", "wikinews", "wikiversity", "wikivoyage", "meta", "m", "w", "s", "q", "b", "n", "v", "d", "species", "mw",
    };

    private static readonly HashSet<string> DisambiguationTemplates = new(StringComparer.OrdinalIgnoreCase)
    {
        "disambiguation", "disambig", "dab", "disamb", "dis", "hndis", "geodis", "numberdis", "schooldis", "shipindex",
        "mil-unit-dis", "hospitaldis", "roaddis", "mountainindex", "letter-numbercombdisambig", "disambiguation cleanup",
    };

    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("{[<'_\n");

    public static ArticleText ToPlainText(string wikitext, string? title = null)
    {
        var withoutComments = StripComments(wikitext);
        var state = new State(withoutComments.Length);
        Render(withoutComments, state, state.Output, topLevel: true);
        var raw = state.Output.ToString();
        var text = Normalize(raw);
        var lead = state.LeadEnd is { } end ? Normalize(raw.AsSpan(0, end)) : text;
        var disambiguation = state.Disambiguation
            || (title?.EndsWith("(disambiguation)", StringComparison.OrdinalIgnoreCase) ?? false)
            || state.Categories.Any(c => c.Contains("disambiguation pages", StringComparison.OrdinalIgnoreCase));
        return new ArticleText(text, lead, state.Links, state.Categories.Distinct().ToArray(), disambiguation);
    }

    /// <summary>MediaWiki title normalisation: underscores as spaces, collapsed whitespace, first letter upper case, no section.</summary>
    public static string NormalizeTitle(string title)
    {
        var t = title.Contains('&') ? WebUtility.HtmlDecode(title) : title;
        var source = t.AsSpan();
        var hash = source.IndexOf('#');
        if (hash >= 0) source = source[..hash];
        // runs of spaces, tabs and underscores become one space (a single-pass form of Replace + Regex.Replace)
        var buffer = source.Length <= 512 ? stackalloc char[source.Length] : new char[source.Length];
        var n = 0;
        var pendingSpace = false;
        foreach (var ch in source)
        {
            if (ch is '_' or ' ' or '\t' or '\r' or '\f' or '\v' or '\u00A0') { pendingSpace = true; continue; }
            if (pendingSpace && n > 0) buffer[n++] = ' ';
            pendingSpace = false;
            buffer[n++] = ch;
        }
        var collapsed = buffer[..n].Trim();
        if (collapsed.Length == 0) return "";
        if (!char.IsLower(collapsed[0]))
            return collapsed.Length == t.Length && collapsed.SequenceEqual(t) ? t : new string(collapsed);
        collapsed[0] = char.ToUpperInvariant(collapsed[0]);
        return new string(collapsed);
    }

    private sealed class State(int capacity)
    {
        public readonly StringBuilder Output = new(capacity);
        public readonly List<WikiLink> Links = [];
        public readonly List<string> Categories = [];
        public int? LeadEnd;
        public bool Disambiguation;
    }

    private static string StripComments(string s)
    {
        var start = s.IndexOf("<!--", StringComparison.Ordinal);
        if (start < 0) return s;
        var sb = new StringBuilder(s.Length);
        var i = 0;
        while (start >= 0)
        {
            sb.Append(s, i, start - i);
            var end = s.IndexOf("-->", start + 4, StringComparison.Ordinal);
            i = end < 0 ? s.Length : end + 3;
            start = i < s.Length ? s.IndexOf("<!--", i, StringComparison.Ordinal) : -1;
        }
        if (i < s.Length) sb.Append(s, i, s.Length - i);
        return sb.ToString();
    }

    private static void Render(string s, State state, StringBuilder output, bool topLevel)
    {
        var i = 0;
        var n = s.Length;
        while (i < n)
        {
            var c = s[i];
            var lineStart = i == 0 || s[i - 1] == '\n';
            if (lineStart && topLevel && TryLineMarkup(s, ref i, state, output)) continue;
            switch (c)
            {
                case '{' when i + 1 < n && s[i + 1] == '{':
                {
                    var end = FindClose(s, i, "{{", "}}");
                    if (end < 0) { output.Append(c); i++; continue; }
                    if (topLevel) NoteTemplate(s.AsSpan(i + 2, end - i - 2), state);
                    i = end + 2;
                    continue;
                }
                case '{' when i + 1 < n && s[i + 1] == '|' && AtLineStart(s, i):
                {
                    var end = FindClose(s, i, "{|", "|}");
                    i = end < 0 ? n : end + 2;
                    continue;
                }
                case '[' when i + 1 < n && s[i + 1] == '[':
                {
                    var end = FindClose(s, i, "[[", "]]");
                    if (end < 0) { output.Append("[["); i += 2; continue; }
                    i = RenderLink(s, i + 2, end, state, output);
                    continue;
                }
                case '[' when IsExternalLinkStart(s, i + 1):
                {
                    var end = ExternalLinkEnd(s, i + 1);
                    if (end < 0) { i++; continue; }
                    var space = s.IndexOf(' ', i, end - i);
                    if (space > 0) Render(s[(space + 1)..end], state, output, topLevel: false);
                    i = end + 1;
                    continue;
                }
                case '<':
                    i = RenderTag(s, i, state, output);
                    continue;
                case '\'' when i + 1 < n && s[i + 1] == '\'':
                    while (i < n && s[i] == '\'') i++;
                    continue;
                case '_' when i + 1 < n && s[i + 1] == '_':
                {
                    var m = MagicWord().Match(s, i);
                    if (m.Success && m.Index == i) { i += m.Length; continue; }
                    output.Append(c); i++;
                    continue;
                }
                case '\n':
                    output.Append(c);
                    i++;
                    continue;
                default:
                {
                    // copy the run of ordinary characters up to the next one that may start markup
                    var next = s.AsSpan(i + 1).IndexOfAny(Special);
                    var stop = next < 0 ? n : i + 1 + next;
                    output.Append(s, i, stop - i);
                    i = stop;
                    continue;
                }
            }
        }
    }

    private static bool AtLineStart(string s, int i)
    {
        for (var j = i - 1; j >= 0; j--)
        {
            if (s[j] == '\n') return true;
            if (s[j] is not (' ' or '\t' or ':')) return false;
        }
        return true;
    }

    /// <summary>Headings, list markers, indentation and rules at the start of a line.</summary>
    private static bool TryLineMarkup(string s, ref int i, State state, StringBuilder output)
    {
        var lineEnd = s.IndexOf('\n', i);
        if (lineEnd < 0) lineEnd = s.Length;
        if (s[i] == '=')
        {
            var line = s.AsSpan(i, lineEnd - i).TrimEnd();
            var level = 0;
            while (level < line.Length && line[level] == '=') level++;
            var closing = 0;
            while (closing < line.Length - level && line[line.Length - 1 - closing] == '=') closing++;
            var eq = Math.Min(level, closing);
            if (eq > 0 && line.Length > 2 * eq)
            {
                state.LeadEnd ??= output.Length;
                output.Append('\n');
                Render(line[eq..^eq].ToString().Trim(), state, output, topLevel: false);
                output.Append('\n');
                i = lineEnd;
                return true;
            }
            return false;
        }
        if (s[i] is '*' or '#' or ':' or ';')
        {
            while (i < lineEnd && s[i] is '*' or '#' or ':' or ';') i++;
            return true;
        }
        if (s[i] == '-' && s.AsSpan(i, lineEnd - i).StartsWith("----"))
        {
            i = lineEnd;
            return true;
        }
        return false;
    }

    /// <summary>Index of the <paramref name="close"/> matching the <paramref name="open"/> at <paramref name="start"/>, or -1.</summary>
    private static int FindClose(string s, int start, string open, string close)
    {
        var depth = 0;
        var i = start;
        while (i < s.Length - 1)
        {
            if (s[i] == open[0] && s[i + 1] == open[1]) { depth++; i += 2; continue; }
            if (s[i] == close[0] && s[i + 1] == close[1])
            {
                depth--;
                if (depth == 0) return i;
                i += 2;
                continue;
            }
            i++;
        }
        return -1;
    }

    private static void NoteTemplate(ReadOnlySpan<char> inner, State state)
    {
        var bar = inner.IndexOf('|');
        var name = (bar >= 0 ? inner[..bar] : inner).Trim().ToString().Replace('_', ' ');
        if (name.StartsWith("template:", StringComparison.OrdinalIgnoreCase)) name = name[9..].Trim();
        if (DisambiguationTemplates.Contains(name) || name.EndsWith(" disambiguation", StringComparison.OrdinalIgnoreCase))
            state.Disambiguation = true;
    }

    private static int RenderLink(string s, int start, int end, State state, StringBuilder output)
    {
        var inner = s.AsSpan(start, end - start);
        var bar = TopLevelBar(inner);
        var target = (bar >= 0 ? inner[..bar] : inner).Trim().ToString();
        var anchorSource = bar >= 0 ? inner[(bar + 1)..].ToString() : null;
        var after = end + 2;
        var visible = target.StartsWith(':');
        if (visible) target = target[1..].TrimStart();
        var colon = target.IndexOf(':');
        if (colon > 0 && !visible)
        {
            var prefix = target[..colon].Trim();
            if (FileNamespaces.Contains(prefix)) return after;
            if (prefix.Equals("category", StringComparison.OrdinalIgnoreCase))
            {
                var category = NormalizeTitle(target[(colon + 1)..]);
                if (category.Length > 0) state.Categories.Add(category);
                return after;
            }
            if (LanguageCode().IsMatch(prefix) && anchorSource is null) return after; // interlanguage link
        }
        if (target.StartsWith('#'))
        {
            Render(anchorSource ?? target[1..], state, output, topLevel: false);
            return after;
        }
        var isArticle = colon <= 0 || !(OtherNamespaces.Contains(target[..colon].Trim()) || LanguageCode().IsMatch(target[..colon].Trim())
            || target[..colon].Trim().Equals("category", StringComparison.OrdinalIgnoreCase));
        var anchorMarkup = anchorSource is { Length: > 0 } ? anchorSource : target;
        // link trail: [[dog]]s renders as "dogs"
        var trail = after;
        while (after < s.Length && char.IsAsciiLetterLower(s[after])) after++;
        string anchorText;
        if (anchorMarkup.AsSpan().IndexOfAny(Special) < 0) // no markup: Render would copy it as is
            anchorText = after == trail ? anchorMarkup : string.Concat(anchorMarkup.AsSpan(), s.AsSpan(trail, after - trail));
        else
        {
            var anchor = new StringBuilder();
            Render(anchorMarkup, state, anchor, topLevel: false);
            anchor.Append(s, trail, after - trail);
            anchorText = anchor.ToString();
        }
        output.Append(anchorText);
        if (isArticle)
        {
            var normalized = NormalizeTitle(target);
            if (normalized.Length > 0) state.Links.Add(new WikiLink(normalized, Normalize(anchorText)));
        }
        return after;
    }

    private static int TopLevelBar(ReadOnlySpan<char> inner)
    {
        var depth = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if ((c == '[' || c == '{') && i + 1 < inner.Length && inner[i + 1] == c) { depth++; i++; }
            else if ((c == ']' || c == '}') && i + 1 < inner.Length && inner[i + 1] == c) { depth--; i++; }
            else if (c == '|' && depth == 0) return i;
        }
        return -1;
    }

    /// <summary>
    /// The ']' that closes an external link opened before <paramref name="i"/>, or -1 when the line ends first.
    /// MediaWiki replaces internal links and templates before it looks for external links, so a
    /// <c>[[target|label]]</c> or <c>{{...}}</c> inside the label is skipped whole rather than ending the label at its first ']'.
    /// </summary>
    private static int ExternalLinkEnd(string s, int i)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (c is ']') return i;
            if (c is '\n') return -1;
            if ((c is '[' or '{') && i + 1 < s.Length && s[i + 1] == c)
            {
                var close = c == '[' ? FindClose(s, i, "[[", "]]") : FindClose(s, i, "{{", "}}");
                // a template may span lines (it is expanded first); a link may not
                if (close >= 0 && (c == '{' || s.IndexOf('\n', i, close - i) < 0)) { i = close + 2; continue; }
            }
            i++;
        }
        return -1;
    }

    private static bool IsExternalLinkStart(string s, int i)
        => s.AsSpan(i).StartsWith("http://", StringComparison.OrdinalIgnoreCase)
           || s.AsSpan(i).StartsWith("https://", StringComparison.OrdinalIgnoreCase)
           || s.AsSpan(i).StartsWith("ftp://", StringComparison.OrdinalIgnoreCase)
           || s.AsSpan(i).StartsWith("//", StringComparison.Ordinal)
           || s.AsSpan(i).StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    private static int RenderTag(string s, int i, State state, StringBuilder output)
    {
        var m = Tag().Match(s, i);
        if (!m.Success || m.Index != i) { output.Append('<'); return i + 1; }
        var name = m.Groups["name"].Value;
        var closing = m.Groups["close"].Success;
        var selfClosing = m.Groups["self"].Success;
        var after = i + m.Length;
        if (closing) return after;
        if (name.Equals("br", StringComparison.OrdinalIgnoreCase)) { output.Append(' '); return after; }
        if (selfClosing) return after;
        if (DroppedTags.Contains(name) || name.Equals("nowiki", StringComparison.OrdinalIgnoreCase))
        {
            var close = s.IndexOf("</" + name, after, StringComparison.OrdinalIgnoreCase);
            var contentEnd = close < 0 ? s.Length : close;
            if (name.Equals("nowiki", StringComparison.OrdinalIgnoreCase)) output.Append(s, after, contentEnd - after);
            if (close < 0) return name.Equals("ref", StringComparison.OrdinalIgnoreCase) ? SkipToLineEnd(s, after) : s.Length;
            var gt = s.IndexOf('>', close);
            return gt < 0 ? s.Length : gt + 1;
        }
        return after; // other tags (span, small, sup, div, ...): drop the tag, keep its content
    }

    private static int SkipToLineEnd(string s, int i)
    {
        var newline = s.IndexOf('\n', i);
        return newline < 0 ? s.Length : newline;
    }

    /// <summary>Decodes entities, collapses spaces, trims lines and drops empty ones (one pass).</summary>
    internal static string Normalize(string raw) => Normalize(raw.AsSpan(), raw);

    private static string Normalize(ReadOnlySpan<char> raw, string? rawString = null)
    {
        if (raw.Contains('&'))
        {
            var decoded = WebUtility.HtmlDecode(rawString ?? raw.ToString());
            return Collapse(decoded.AsSpan(), decoded);
        }
        return Collapse(raw, rawString);
    }

    /// <summary>Collapses spaces, trims lines and drops empty ones; returns <paramref name="textString"/> itself when nothing changes.</summary>
    private static string Collapse(ReadOnlySpan<char> text, string? textString)
    {
        var rented = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
        try
        {
            var output = rented.AsSpan();
            var n = 0;
            var lineStart = 0;      // where the current output line starts
            var pendingSpace = false;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\n')
                {
                    pendingSpace = false;
                    if (n > lineStart) { output[n++] = '\n'; lineStart = n; }
                    i++;
                    continue;
                }
                if (c is ' ' or '\t' or '\r' or '\f' or '\v' or '\u00A0')
                {
                    pendingSpace = n > lineStart;
                    i++;
                    continue;
                }
                if (pendingSpace) { output[n++] = ' '; pendingSpace = false; }
                // copy the run of characters that need no change
                var run = text[i..].IndexOfAny(LineSpace);
                var length = run < 0 ? text.Length - i : run;
                text.Slice(i, length).CopyTo(output[n..]);
                n += length;
                i += length;
            }
            if (n > 0 && output[n - 1] == '\n') n--;
            return textString is not null && output[..n].SequenceEqual(textString) ? textString : new string(output[..n]);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static readonly System.Buffers.SearchValues<char> LineSpace = System.Buffers.SearchValues.Create("\n \t\r\f\v\u00A0");

    [GeneratedRegex(@"\G__[A-Z]+__")]
    private static partial Regex MagicWord();

    [GeneratedRegex(@"^[a-z]{2,3}(-[a-z]+)*$")]
    private static partial Regex LanguageCode();

    [GeneratedRegex(@"\G<(?<close>/)?(?<name>[A-Za-z][A-Za-z0-9]*)(\s[^<>]*?)?\s*(?<self>/)?>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
