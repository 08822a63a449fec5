using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.LinkedData;
using Zsl.Store;
using Zsl.Text;

namespace Zsl.Wikipedia;

/// <summary>
/// What a loaded dump adds to the article choice: its redirects (title → article) and the TF-IDF cosine of a
/// synset's gloss (definition and examples) with an article's title and lead.
/// </summary>
public sealed class WikipediaEvidence : IArticleEvidence
{
    private readonly Dictionary<string, (string Title, string Text)> _articles;
    private readonly Dictionary<string, string> _redirects;
    private readonly Dictionary<string, string> _glosses;
    private readonly TfIdfModel _model;

    public WikipediaEvidence(SqliteConnection connection, SqliteTransaction? transaction)
    {
        _articles = connection.Query<(long PageId, string Title, long Disambiguation, string Lead)>(SqlScripts.Get("wikilink/articles.sql"), transaction: transaction)
            .Where(a => a.Disambiguation == 0)
            .ToDictionary(a => a.Title, a => (a.Title, a.Title + "\n" + a.Lead), StringComparer.Ordinal);
        _redirects = connection.Query<(string Title, string Target)>(SqlScripts.Get("wikilink/redirects.sql"), transaction: transaction)
            .ToDictionary(r => r.Title, r => r.Target, StringComparer.Ordinal);
        _glosses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (wnid, definition, examples) in connection.Query<(string Wnid, string Definition, string? Examples)>(SqlScripts.Get("wikilink/gloss-texts.sql"), transaction: transaction))
            _glosses[wnid] = string.Join('\n', [definition, .. string.IsNullOrEmpty(examples) ? [] : JsonSerializer.Deserialize<string[]>(examples) ?? []]);
        _model = TfIdfModel.Fit(_articles.Values.Select(a => a.Text));
    }

    public string? ResolveRedirect(string title)
    {
        var t = Wikitext.NormalizeTitle(title);
        for (var hop = 0; hop < 6 && _redirects.TryGetValue(t, out var target); hop++) t = target;
        return t == Wikitext.NormalizeTitle(title) ? null : WikipediaTitles.Normalize(t);
    }

    public double? GlossSimilarity(string wnid, string title)
    {
        if (!_glosses.TryGetValue(wnid, out var gloss) || !_articles.TryGetValue(Wikitext.NormalizeTitle(title), out var article)) return null;
        return Math.Round(_model.Transform(gloss).Dot(_model.Transform(article.Text)), 6);
    }
}
