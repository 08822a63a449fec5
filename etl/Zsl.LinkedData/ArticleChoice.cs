using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.LinkedData;

/// <summary>What the Wikipedia stage knows beyond the link sources: the dump's redirects and the articles' text.</summary>
public interface IArticleEvidence
{
    /// <summary>The article a title redirects to in the loaded dump, or null (not a redirect, or unknown).</summary>
    string? ResolveRedirect(string title);

    /// <summary>Similarity of the synset's gloss and the article's lead, or null when the article text is not loaded.</summary>
    double? GlossSimilarity(string wnid, string title);
}

public sealed record ArticleChoiceSummary(long Synsets, long Agreements, long Disagreements, IReadOnlyDictionary<string, long> ByRule);

/// <summary>
/// One English article per linked WordNet synset (<c>class_articles</c>), from every source's links
/// (<c>wordnet_wikipedia_links</c>). Each link's title is resolved to an article: a case variant of another source's
/// title is that title, a title the synset's BabelNet redirects list goes to its BabelNet article(s), and with a loaded
/// dump a redirect goes to its target. The distinct articles then compete, decided by the first of these that
/// separates them: (1) named by more sources; (2) higher gloss similarity, when the text of every competing article is
/// loaded; (3) lemma–title agreement (the title without its qualifier is, or ends with, a lemma of the synset);
/// (4) source order: BabelNet, then Fernando, then other Linked Open Data; (5) lemma rank: the title without its
/// qualifier is the synset's first lemma, else a later one; (6) higher confidence; (7) title order.
/// Synsets are read as a stream in wnid order: memory holds one synset's links.
/// </summary>
public static class ArticleChoice
{
    public static readonly string[] SourceOrder = ["babelnet", "fernando", "lod"];

    private static int Priority(string source) => Array.IndexOf(SourceOrder, source) is var i and >= 0 ? i : SourceOrder.Length;

    private sealed record LinkRow(string Wnid, string Source, string Title, double? Confidence, string? Lemma, string Redirects);

    private sealed class Candidate(string article)
    {
        public string Article { get; } = article;
        public SortedSet<string> Sources { get; } = new(Comparer<string>.Create((a, b) => Priority(a) != Priority(b) ? Priority(a) - Priority(b) : string.CompareOrdinal(a, b)));
        public double? Confidence { get; set; }
        public bool LemmaAgreement { get; set; }
        public int LemmaRank { get; set; }
        public double? Similarity { get; set; }
    }

    public static ArticleChoiceSummary Compute(SqliteConnection connection, SqliteTransaction transaction, IArticleEvidence? evidence = null)
    {
        connection.ExecuteScript("linkeddata/schema-article-choices.sql", transaction);
        using var insertCandidate = new PreparedStatement(connection, "linkeddata/insert-article-candidate.sql", transaction);
        using var insertChoice = new PreparedStatement(connection, "linkeddata/insert-article-choice.sql", transaction);
        IEnumerator<(string Wnid, string Lemma)>? lemmaStream = connection.TableExists("lemmas")
            ? connection.Query<(string Wnid, string Lemma)>(SqlScripts.Get("linkeddata/select-lemmas-of-linked.sql"), transaction: transaction, buffered: false).GetEnumerator()
            : null;
        var lemmaPending = lemmaStream?.MoveNext() ?? false;
        var byRule = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long synsets = 0, agreements = 0, disagreements = 0;
        var group = new List<LinkRow>();

        void Flush()
        {
            if (group.Count == 0) return;
            var wnid = group[0].Wnid;
            var lemmas = new List<string>();
            while (lemmaPending && string.CompareOrdinal(lemmaStream!.Current.Wnid, wnid) < 0) lemmaPending = lemmaStream.MoveNext();
            while (lemmaPending && lemmaStream!.Current.Wnid == wnid) { lemmas.Add(lemmaStream.Current.Lemma); lemmaPending = lemmaStream.MoveNext(); }
            if (lemmas.Count == 0) lemmas.AddRange(group.Select(r => r.Lemma).OfType<string>().Select(l => l.Split('#')[0]));
            var rule = Choose(connection, wnid, group, lemmas, evidence, insertCandidate, insertChoice);
            byRule[rule.Rule] = byRule.GetValueOrDefault(rule.Rule) + 1;
            synsets++;
            if (rule.BothSources) agreements++;
            if (rule.Disagreement) disagreements++;
            group.Clear();
        }

        foreach (var row in connection.Query<LinkRow>(SqlScripts.Get("linkeddata/select-links-for-choice.sql"), transaction: transaction, buffered: false))
        {
            if (group.Count > 0 && group[0].Wnid != row.Wnid) Flush();
            group.Add(row);
        }
        Flush();
        lemmaStream?.Dispose();
        return new ArticleChoiceSummary(synsets, agreements, disagreements, byRule);
    }

    private static (string Rule, bool BothSources, bool Disagreement) Choose(SqliteConnection connection, string wnid, List<LinkRow> rows,
        List<string> lemmas, IArticleEvidence? evidence, PreparedStatement insertCandidate, PreparedStatement insertChoice)
    {
        rows.Sort((a, b) => Priority(a.Source) != Priority(b.Source) ? Priority(a.Source) - Priority(b.Source) : string.CompareOrdinal(a.Title, b.Title));
        var candidates = new Dictionary<string, Candidate>(StringComparer.OrdinalIgnoreCase);
        var resolved = new List<(LinkRow Row, List<string> Articles, string By)>();
        // the BabelNet redirect titles of this synset and the articles they go to
        var redirectsTo = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows.Where(r => r.Source == "babelnet"))
            foreach (var redirect in JsonSerializer.Deserialize<string[]>(row.Redirects) ?? [])
                (redirectsTo.TryGetValue(redirect, out var list) ? list : redirectsTo[redirect] = []).Add(row.Title);

        Candidate Get(string article) => candidates.TryGetValue(article, out var c) ? c : candidates[article] = new Candidate(article);

        foreach (var row in rows)
        {
            List<string> articles;
            string by;
            if (row.Source == "babelnet" || candidates.Count == 0)
            {
                var target = evidence?.ResolveRedirect(row.Title);
                if (target is not null && !string.Equals(target, row.Title, StringComparison.Ordinal))
                    (articles, by) = ([candidates.TryGetValue(target, out var known) ? known.Article : target], "wikipedia redirect");
                else
                    (articles, by) = ([row.Title], "title");
            }
            else if (candidates.TryGetValue(row.Title, out var same))
                (articles, by) = ([same.Article], string.Equals(same.Article, row.Title, StringComparison.Ordinal) ? "title" : "case");
            else if (redirectsTo.TryGetValue(row.Title, out var targets))
                (articles, by) = (targets.Distinct(StringComparer.Ordinal).ToList(), "source redirect");
            else if (evidence?.ResolveRedirect(row.Title) is { } target && !string.Equals(target, row.Title, StringComparison.Ordinal))
                (articles, by) = ([candidates.TryGetValue(target, out var known) ? known.Article : target], "wikipedia redirect");
            else
                (articles, by) = ([row.Title], "title");
            foreach (var article in articles)
            {
                var c = Get(article);
                c.Sources.Add(row.Source);
                if (row.Confidence is { } confidence && (c.Confidence is null || confidence > c.Confidence)) c.Confidence = confidence;
            }
            resolved.Add((row, articles.Select(a => Get(a).Article).ToList(), by));
        }

        var normalizedLemmas = lemmas.Select(l => l.Replace('_', ' ').Trim().ToLowerInvariant()).Where(l => l.Length > 0).Distinct().ToArray();
        foreach (var c in candidates.Values)
        {
            var title = WikipediaTitles.Base(c.Article);
            c.LemmaAgreement = normalizedLemmas.Any(l => title == l || title.EndsWith(" " + l, StringComparison.Ordinal));
            c.LemmaRank = Array.IndexOf(normalizedLemmas, title) is var rank and >= 0 ? rank : int.MaxValue;
            c.Similarity = evidence?.GlossSimilarity(wnid, c.Article);
        }
        var withText = candidates.Count > 1 && candidates.Values.All(c => c.Similarity is not null);
        var criteria = new (string Rule, Func<Candidate, Candidate, int> Compare)[]
        {
            ("both sources", (a, b) => b.Sources.Count.CompareTo(a.Sources.Count)),
            ("gloss similarity", (a, b) => withText ? b.Similarity!.Value.CompareTo(a.Similarity!.Value) : 0),
            ("lemma-title agreement", (a, b) => b.LemmaAgreement.CompareTo(a.LemmaAgreement)),
            ("source order", (a, b) => Priority(a.Sources.Min!).CompareTo(Priority(b.Sources.Min!))),
            ("lemma rank", (a, b) => a.LemmaRank.CompareTo(b.LemmaRank)),
            ("confidence", (a, b) => (b.Confidence ?? -1).CompareTo(a.Confidence ?? -1)),
            ("title order", (a, b) => string.CompareOrdinal(a.Article, b.Article)),
        };
        int Compare(Candidate a, Candidate b)
        {
            foreach (var (_, compare) in criteria)
                if (compare(a, b) is var d and not 0) return d;
            return 0;
        }
        var ranked = candidates.Values.Order(Comparer<Candidate>.Create(Compare)).ToArray();
        var winner = ranked[0];
        var rule = ranked.Length == 1 ? "only candidate" : criteria.First(c => c.Compare(winner, ranked[1]) != 0).Rule;

        foreach (var (row, articles, by) in resolved)
            insertCandidate.Execute(wnid, row.Source, row.Title, articles.Contains(winner.Article) ? winner.Article : articles[0], by,
                Get(articles[0]).LemmaAgreement ? 1 : 0, Get(articles.Contains(winner.Article) ? winner.Article : articles[0]).Similarity,
                articles.Contains(winner.Article) ? 1 : 0);
        insertChoice.Execute(wnid, winner.Article, string.Join('+', winner.Sources), winner.Confidence, rule, ranked.Length);

        var sources = rows.Select(r => r.Source).ToHashSet(StringComparer.Ordinal);
        var both = sources.Contains("babelnet") && sources.Contains("fernando");
        var agreement = both && candidates.Values.Any(c => c.Sources.Contains("babelnet") && c.Sources.Contains("fernando"));
        return (rule, agreement, both && !agreement);
    }
}
