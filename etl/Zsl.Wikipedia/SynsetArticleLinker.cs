using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.LinkedData;
using Zsl.Store;
using Zsl.Text;

namespace Zsl.Wikipedia;

public sealed record SynsetArticle(string Wnid, long PageId, string Method, double Score);

public sealed record LinkSummary(int Synsets, int Linked, IReadOnlyDictionary<string, int> ByMethod, int? Classes, int? ClassesLinked, TimeSpan Elapsed)
{
    /// <summary>The article choice (class_articles) redone with the dump's redirects and texts, when link tables are loaded.</summary>
    public ArticleChoiceSummary? Choice { get; init; }

    public double? Coverage => Classes is > 0 ? (double)ClassesLinked!.Value / Classes.Value : null;
}

/// <summary>
/// Links WordNet noun synsets to Wikipedia articles. Links from the link sources come first (<c>./zsl etl links</c>,
/// <c>./zsl etl rdf</c>: BabelNet, Fernando, other Linked Open Data, method 'lod'): the article <c>class_articles</c>
/// chose, recomputed here with the dump's redirects and gloss similarity, when it resolves to a loaded article, else the
/// best-scoring loaded article among the synset's other links. The other synsets fall back to matching: every lemma is looked up as a title (first
/// letter upper case, underscores as spaces; exact, then case-insensitive), following redirects; a disambiguation
/// page (or an existing "Lemma (disambiguation)" page) contributes the articles it links to. Candidates are scored
/// by the TF-IDF cosine of the synset's gloss (definition, examples, hypernym lemmas; the words of its own lemmas removed) with the article's
/// title and lead; each synset keeps its best candidate, and each article goes to the synset that scores
/// highest on it (an article describes one concept: "Cairn" goes to the stone, not to the terrier whose lemma
/// is also "cairn"); an article the LOD links give to a synset is not matched to any other. A
/// disambiguation-page candidate must share at least one term with the gloss.
/// </summary>
public static class SynsetArticleLinker
{
    private sealed record Article(long PageId, string Title, long Disambiguation, string Lead)
    {
        public bool IsDisambiguation => Disambiguation != 0;
    }

    public static LinkSummary Link(string dbPath, IReadOnlySet<string>? classes = null, IProgress<StageProgress>? progress = null)
    {
        LinkSummary? summary = null;
        Database.UpdateAtomically(dbPath, (connection, transaction) =>
            summary = Link((SqliteConnection)connection, (SqliteTransaction)transaction, classes, progress));
        return summary!;
    }

    public static LinkSummary Link(SqliteConnection connection, SqliteTransaction transaction, IReadOnlySet<string>? classes, IProgress<StageProgress>? progress)
    {
        var clock = Stopwatch.StartNew();
        foreach (var table in new[] { "synsets", "lemmas", "wiki_articles", "wiki_redirects", "wiki_links" })
            if (!connection.TableExists(table))
                throw new InvalidDataException($"the database has no {table} table (run ./zsl etl wordnet and ./zsl etl wikipedia first)");
        // with the article texts at hand, the choice of one article per synset can weigh gloss similarity too
        ArticleChoiceSummary? choice = null;
        if (connection.TableExists("wordnet_wikipedia_links"))
            choice = ArticleChoice.Compute(connection, transaction, new WikipediaEvidence(connection, transaction));
        var links = ComputeLinks(connection, transaction, progress);
        connection.ExecuteScript("wikilink/create.sql", transaction);
        using (var insert = new PreparedStatement(connection, "wikilink/insert.sql", transaction))
            foreach (var link in links) insert.Execute(link.Wnid, link.PageId, link.Method, link.Score);
        var byMethod = links.GroupBy(l => l.Method).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var synsetCount = (int)connection.ExecuteScalar<long>(SqlScripts.Get("wikilink/count-noun-synsets.sql"), transaction: transaction);
        int? linkedClasses = classes is null ? null : links.Count(l => classes.Contains(l.Wnid));
        return new LinkSummary(synsetCount, links.Count, byMethod, classes?.Count, linkedClasses, clock.Elapsed) { Choice = choice };
    }

    public static IReadOnlyList<SynsetArticle> ComputeLinks(SqliteConnection connection, SqliteTransaction? transaction, IProgress<StageProgress>? progress = null)
    {
        var articles = connection.Query<Article>(SqlScripts.Get("wikilink/articles.sql"), transaction: transaction).ToArray();
        var byTitle = articles.ToDictionary(a => a.Title, StringComparer.Ordinal);
        var byId = articles.ToDictionary(a => a.PageId);
        var redirects = connection.Query<(string Title, string Target)>(SqlScripts.Get("wikilink/redirects.sql"), transaction: transaction)
            .ToDictionary(r => r.Title, r => r.Target, StringComparer.Ordinal);
        var folded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var title in byTitle.Keys.Concat(redirects.Keys).Order(StringComparer.Ordinal)) folded.TryAdd(title, title);
        var disambiguationLinks = connection.Query<(long PageId, string Target)>(SqlScripts.Get("wikilink/disambiguation-links.sql"), transaction: transaction)
            .GroupBy(l => l.PageId).ToDictionary(g => g.Key, g => g.Select(l => l.Target).ToArray());

        // resolves a title through redirects (at most 5 hops) to an article
        Article? Resolve(string title, out bool redirected)
        {
            redirected = false;
            for (var hop = 0; hop < 6; hop++)
            {
                if (byTitle.TryGetValue(title, out var article)) return article;
                if (!redirects.TryGetValue(title, out var target)) return null;
                title = target;
                redirected = true;
            }
            return null;
        }

        var lemmas = connection.Query<(string Wnid, string Lemma)>(SqlScripts.Get("text/lemmas-of-nouns.sql"), transaction: transaction)
            .GroupBy(l => l.Wnid).ToDictionary(g => g.Key, g => g.Select(l => l.Lemma).ToArray());
        // links from the Linked Open Data stage, when it was run: authoritative, so they come first
        // the chosen article of class_articles when it is loaded, else the best-scoring loaded one of the other links
        var lod = new SortedDictionary<string, SortedSet<long>>(StringComparer.Ordinal); // wnid -> pages
        var chosen = new Dictionary<string, long>(StringComparer.Ordinal);
        if (connection.TableExists("wordnet_article_candidates"))
            foreach (var (wnid, pageTitle, isChosen) in connection.Query<(string Wnid, string Title, long Chosen)>(SqlScripts.Get("wikilink/lod-links.sql"), transaction: transaction))
            {
                if (!lemmas.ContainsKey(wnid)) continue; // noun synsets only
                var title = Wikitext.NormalizeTitle(pageTitle);
                if (!byTitle.ContainsKey(title) && !redirects.ContainsKey(title) && folded.TryGetValue(title, out var caseVariant)) title = caseVariant;
                if (Resolve(title, out _) is { IsDisambiguation: false } article)
                {
                    (lod.TryGetValue(wnid, out var pages) ? pages : lod[wnid] = []).Add(article.PageId);
                    if (isChosen != 0) chosen.TryAdd(wnid, article.PageId);
                }
            }
        foreach (var (wnid, page) in chosen) lod[wnid] = [page];
        var claimed = lod.Values.SelectMany(p => p).ToHashSet();
        progress?.Report(new StageProgress("link: linked open data", lod.Count, null, "synsets"));

        var candidates = new Dictionary<string, Dictionary<long, string>>(StringComparer.Ordinal); // wnid -> page -> method
        foreach (var (wnid, synsetLemmas) in lemmas)
        {
            if (lod.ContainsKey(wnid)) continue;
            var found = new Dictionary<long, string>();
            foreach (var lemma in synsetLemmas)
            {
                var title = Wikitext.NormalizeTitle(lemma);
                if (title.Length == 0) continue;
                if (!byTitle.ContainsKey(title) && !redirects.ContainsKey(title) && folded.TryGetValue(title, out var caseVariant)) title = caseVariant;
                var article = Resolve(title, out var redirected);
                if (article is { IsDisambiguation: false }) found.TryAdd(article.PageId, redirected ? "redirect" : "title");
                var disambiguationPages = new List<Article>();
                if (article is { IsDisambiguation: true }) disambiguationPages.Add(article);
                if (Resolve(title + " (disambiguation)", out _) is { IsDisambiguation: true } extra && extra != article) disambiguationPages.Add(extra);
                foreach (var page in disambiguationPages)
                    foreach (var target in disambiguationLinks.GetValueOrDefault(page.PageId, []))
                        if (Resolve(target, out _) is { IsDisambiguation: false } option) found.TryAdd(option.PageId, "disambiguation");
            }
            foreach (var page in claimed) found.Remove(page);
            if (found.Count > 0) candidates[wnid] = found;
        }
        progress?.Report(new StageProgress("link: candidates", candidates.Count, null, "synsets"));
        if (candidates.Count == 0 && lod.Count == 0) return [];

        var glosses = Glosses(connection, transaction, lemmas, candidates.Keys.Concat(lod.Keys).ToHashSet(StringComparer.Ordinal));
        var model = TfIdfModel.Fit(articles.Select(ArticleDocument));
        var articleVectors = new Dictionary<long, SparseVector>();
        SparseVector ArticleVector(long id) => articleVectors.TryGetValue(id, out var v) ? v : articleVectors[id] = model.Transform(ArticleDocument(byId[id]));

        var best = new List<SynsetArticle>();
        foreach (var (wnid, found) in candidates.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var gloss = model.Transform(glosses[wnid]);
            SynsetArticle? choice = null;
            foreach (var (pageId, method) in found.OrderBy(f => f.Key))
            {
                var score = gloss.Dot(ArticleVector(pageId));
                if (method == "disambiguation" && score <= 0) continue;
                if (choice is null || score > choice.Score || (score == choice.Score && Rank(method) < Rank(choice.Method)))
                    choice = new SynsetArticle(wnid, pageId, method, Math.Round(score, 6));
            }
            if (choice is not null) best.Add(choice);
        }
        // one synset per matched article: the best-scoring one (ties: direct title before redirect before disambiguation, then wnid)
        var matched = best.GroupBy(l => l.PageId)
            .Select(g => g.OrderByDescending(l => l.Score).ThenBy(l => Rank(l.Method)).ThenBy(l => l.Wnid, StringComparer.Ordinal).First());
        // a LOD link keeps its article even when another synset is linked to it too (BabelNet merges some WordNet synsets)
        var linked = lod.Select(l =>
        {
            var gloss = model.Transform(glosses.GetValueOrDefault(l.Key, ""));
            var (page, score) = l.Value.Select(p => (Page: p, Score: gloss.Dot(ArticleVector(p)))).OrderByDescending(c => c.Score).ThenBy(c => c.Page).First();
            return new SynsetArticle(l.Key, page, "lod", Math.Round(score, 6));
        });
        return matched.Concat(linked).OrderBy(l => l.Wnid, StringComparer.Ordinal).ToArray();
    }

    private static int Rank(string method) => method switch { "title" => 0, "redirect" => 1, _ => 2 };

    private static string ArticleDocument(Article a) => a.Title + "\n" + a.Lead;

    /// <summary>The text describing each synset: its definition, examples and its hypernyms' lemmas, without the words of its own lemmas.</summary>
    private static Dictionary<string, string> Glosses(SqliteConnection connection, SqliteTransaction? transaction,
        Dictionary<string, string[]> lemmas, HashSet<string> wanted)
    {
        var hypernyms = connection.Query<(string Child, string Parent)>(SqlScripts.Get("wikilink/hypernyms.sql"), transaction: transaction)
            .Where(h => wanted.Contains(h.Child)).GroupBy(h => h.Child).ToDictionary(g => g.Key, g => g.Select(h => h.Parent).ToArray());
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (wnid, definition, examples) in connection.Query<(string Wnid, string Definition, string Examples)>(SqlScripts.Get("wikilink/noun-synsets.sql"), transaction: transaction))
        {
            if (!wanted.Contains(wnid)) continue;
            // the synset's own lemmas are left out: synsets competing for an article share the lemma that found
            // it, and synsets with more lemma variants ("Department of Agriculture, Agriculture") would win on them
            var parts = new List<string> { definition };
            if (!string.IsNullOrEmpty(examples)) parts.AddRange(JsonSerializer.Deserialize<string[]>(examples) ?? []);
            foreach (var parent in hypernyms.GetValueOrDefault(wnid, []))
                parts.AddRange(lemmas.GetValueOrDefault(parent, []).Select(l => l.Replace('_', ' ')));
            // words of the synset's own lemmas are removed too: every synset reaching an article through the lemma
            // "acid" would otherwise score on "acid" itself, and a short gloss mentioning it twice ("street name for
            // lysergic acid diethylamide") would beat a longer, descriptive one
            var own = lemmas.GetValueOrDefault(wnid, []).SelectMany(l => Tokenizer.Tokens(l.Replace('_', ' '))).ToHashSet(StringComparer.Ordinal);
            result[wnid] = string.Join(' ', Tokenizer.Tokens(string.Join('\n', parts)).Where(t => !own.Contains(t)));
        }
        return result;
    }
}
