using System.Data;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.LinkedData;

public sealed record LodExtraction(long Synsets, long WordNetLinks, long MappedWordNetLinks, long ExternalLinks, long Edges, long WordNetWikipediaLinks);

/// <summary>
/// Extracts the Linked Open Data the thesis follows (section 4.5) from the loaded <c>rdf_*</c> tables:
/// BabelNet synsets (lemon RDF: <c>http://babelnet.org/rdf/s00015267n</c>, <c>bn-lemon:synsetType</c>,
/// <c>bn-lemon:definition</c> → <c>bn-lemon:gloss</c>), their links to WordNet synsets and to Wikipedia pages /
/// DBpedia resources (<c>skos:exactMatch</c>, <c>owl:sameAs</c>, <c>bn-lemon:wikipediaPage</c> on the synset or on
/// a lemon sense whose <c>lemon:reference</c> is the synset), the typed edges between BabelNet synsets, and
/// finally every WordNet 3.0 synset reachable to a Wikipedia page through any chain of these links.
/// </summary>
public static class LodExtractor
{
    private const string SynsetType = LodIris.BnLemon + "synsetType";
    private const string Definition = LodIris.BnLemon + "definition";
    private const string Gloss = LodIris.BnLemon + "gloss";

    public static LodExtraction Extract(SqliteConnection connection, SqliteTransaction transaction, IProgress<StageProgress>? progress = null)
    {
        connection.ExecuteScript("linkeddata/schema-babelnet.sql", transaction);
        var synsets = new SortedDictionary<string, (string Iri, string? Type, List<string>? GlossNodes, string? MainSense)>(StringComparer.Ordinal);
        var glossText = new Dictionary<string, (string Text, bool English)>(StringComparer.Ordinal);
        var senseOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var redirectSenses = new HashSet<string>(StringComparer.Ordinal);
        var links = new List<(string A, string B)>();
        var edges = new SortedSet<(string, string, string)>();
        var linkNodes = new SortedDictionary<string, LinkNode>(StringComparer.Ordinal);

        void NoteSynset(string iri)
        {
            if (LodIris.BabelNetSynsetId(iri) is { } id && !synsets.ContainsKey(id)) synsets[id] = (iri, null, null, null);
        }

        LinkNode Node(string iri) => linkNodes.TryGetValue(iri, out var n) ? n : linkNodes[iri] = new LinkNode();

        foreach (var row in connection.Query<(long SKind, string S, string P, long OKind, string O, string? Language)>(
                     SqlScripts.Get("linkeddata/select-rdf-triples.sql"), transaction: transaction, buffered: false))
        {
            if (row.SKind != 0) continue;
            if (row.S.StartsWith(LinkVocabulary.Link, StringComparison.Ordinal))
            {
                var node = Node(row.S);
                switch (row.P)
                {
                    case LinkVocabulary.LinkSynset: node.Synset = row.O; break;
                    case LinkVocabulary.LinkPage: node.Page = row.O; break;
                    case LinkVocabulary.DcTermsSource: node.Source = row.O; break;
                    case LinkVocabulary.LinkConfidence: node.Confidence = double.Parse(row.O, System.Globalization.CultureInfo.InvariantCulture); break;
                    case LinkVocabulary.LinkPageId: node.PageId = long.Parse(row.O, System.Globalization.CultureInfo.InvariantCulture); break;
                    case LinkVocabulary.LinkLemma: node.Lemma = row.O; break;
                    case LinkVocabulary.LinkRedirect: node.Redirects.Add(row.O); break;
                }
                continue;
            }
            NoteSynset(row.S);
            if (row.OKind == 0) NoteSynset(row.O);
            if (row.OKind == 2)
            {
                if (row.P == SynsetType && LodIris.BabelNetSynsetId(row.S) is { } id) synsets[id] = synsets[id] with { Type = row.O };
                else if (row.P == LinkVocabulary.PrefLabel && LodIris.BabelNetSynsetId(row.S) is { } labelled) synsets[labelled] = synsets[labelled] with { MainSense = row.O };
                else if (row.P == LinkVocabulary.DcTermsSource && row.O == LinkVocabulary.RedirectSenseSource) redirectSenses.Add(row.S);
                else if (row.P == Gloss)
                {
                    var english = row.Language is { } l && l.StartsWith("en", StringComparison.OrdinalIgnoreCase);
                    if (!glossText.TryGetValue(row.S, out var known) || (english && !known.English)) glossText[row.S] = (row.O, english);
                }
                continue;
            }
            if (row.OKind != 0) continue;
            if (row.P == Definition && LodIris.BabelNetSynsetId(row.S) is { } withGloss)
            {
                var nodes = synsets[withGloss].GlossNodes ?? [];
                nodes.Add(row.O);
                synsets[withGloss] = synsets[withGloss] with { GlossNodes = nodes };
            }
            else if (LodIris.SenseOfPredicates.Contains(row.P)) senseOf.TryAdd(row.S, row.O);
            else if (LodIris.LinkPredicates.Contains(row.P)) links.Add((row.S, row.O));
            if (LodIris.BabelNetSynsetId(row.S) is { } source && LodIris.BabelNetSynsetId(row.O) is { } target)
                edges.Add((source, row.P, target));
        }

        using var insertSynset = new PreparedStatement(connection, "linkeddata/insert-babelnet-synset.sql", transaction);
        foreach (var (id, s) in synsets)
        {
            // An English gloss if the synset has one, else its first gloss.
            var glosses = (s.GlossNodes ?? []).Where(glossText.ContainsKey).Select(n => glossText[n]).ToList();
            string? gloss = glosses.FirstOrDefault(g => g.English).Text ?? glosses.FirstOrDefault().Text;
            insertSynset.Execute(id, s.Iri, s.Type, gloss, s.MainSense);
        }

        // WordNet IRIs named by wordnet_index sense (W3C WordNet RDF) need the WordNet tables to become wnids,
        // WordNet 3.1 IRIs the ILI (./zsl etl links --cili-30 --cili-31).
        var hasIndex = connection.TableExists("wordnet_index");
        var hasIli = connection.TableExists("ili");
        var wnidCache = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? WnidOf(LodIris.WordNetRef wn)
        {
            if (wn.Wnid is not null) return wn.Wnid;
            if (wnidCache.TryGetValue(wn.Iri, out var wnid)) return wnid;
            if (wn.IndexSense is { } sense && hasIndex)
                wnid = connection.ExecuteScalar<string?>(SqlScripts.Get("linkeddata/lookup-wordnet-index.sql"),
                    new { lemma = sense.Lemma, pos = sense.Pos, sense_rank = sense.SenseRank }, transaction);
            else if (wn.Wn31 is { } wn31 && hasIli)
                wnid = connection.ExecuteScalar<string?>(SqlScripts.Get("linkeddata/lookup-ili-wn31.sql"), new { wn31 }, transaction);
            return wnidCache[wn.Iri] = wnid;
        }

        using var insertWordNet = new PreparedStatement(connection, "linkeddata/insert-babelnet-wordnet-link.sql", transaction);
        using var insertExternal = new PreparedStatement(connection, "linkeddata/insert-babelnet-external-link.sql", transaction);
        long wordNetLinks = 0, mapped = 0, external = 0;
        // BabelNet synsets are read one by one (their WordNet synsets x their pages); everything else joins link components
        var synsetWnids = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var synsetPages = new Dictionary<string, SortedSet<(string Language, string Title)>>(StringComparer.Ordinal);
        var synsetRedirects = new Dictionary<string, SortedSet<(string Language, string Title)>>(StringComparer.Ordinal);
        static SortedSet<T> Of<T>(Dictionary<string, SortedSet<T>> map, string key) => map.TryGetValue(key, out var set) ? set : map[key] = [];
        var components = new UnionFind();
        foreach (var (sense, concept) in senseOf)
            if (LodIris.BabelNetSynsetId(concept) is null) components.Union(sense, concept);
        foreach (var (a, b) in links)
        {
            var babelNet = false;
            foreach (var (from, to) in new[] { (a, b), (b, a) })
            {
                var viaSense = senseOf.TryGetValue(from, out var concept);
                if (LodIris.BabelNetSynsetId(viaSense ? concept! : from) is not { } synsetId) continue;
                babelNet = true;
                if (LodIris.WordNet(to) is { } wn)
                {
                    var wnid = WnidOf(wn);
                    wordNetLinks += insertWordNet.Execute(synsetId, wnid, to);
                    if (wnid is not null) { mapped++; Of(synsetWnids, synsetId).Add(wnid); }
                }
                else if (LodIris.Wikipedia(to) is { } page)
                {
                    if (viaSense && redirectSenses.Contains(from)) Of(synsetRedirects, synsetId).Add((page.Language, page.Title));
                    else
                    {
                        external += insertExternal.Execute(synsetId, page.Kind, to, page.Language, page.Title, viaSense ? "sense" : "synset");
                        Of(synsetPages, synsetId).Add((page.Language, page.Title));
                    }
                }
            }
            if (!babelNet) components.Union(a, b);
        }

        using var insertEdge = new PreparedStatement(connection, "linkeddata/insert-babelnet-edge.sql", transaction);
        foreach (var (source, relation, target) in edges) insertEdge.Execute(source, relation, target);

        using var insertPage = new PreparedStatement(connection, "linkeddata/insert-wordnet-wikipedia-link.sql", transaction);
        long wordNetPages = 0;
        foreach (var (synsetId, wnids) in synsetWnids.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            if (synsetPages.TryGetValue(synsetId, out var pages))
                foreach (var wnid in wnids)
                    foreach (var (language, title) in pages)
                    {
                        var redirects = (synsetRedirects.GetValueOrDefault(synsetId) ?? []).Where(r => r.Language == language).Select(r => r.Title).Order(StringComparer.Ordinal);
                        wordNetPages += insertPage.Execute(wnid, "babelnet", language, title, synsetId, null, null, synsets[synsetId].MainSense, JsonSerializer.Serialize(redirects));
                    }

        // Every WordNet 3.0 synset and every Wikipedia page of one other link component belong together.
        var wnidsByRoot = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var pagesByRoot = new Dictionary<string, SortedSet<(string Language, string Title)>>(StringComparer.Ordinal);
        foreach (var node in components.Nodes)
        {
            var root = components.Find(node);
            if (LodIris.WordNet(node) is { } wn && WnidOf(wn) is { } wnid)
                (wnidsByRoot.TryGetValue(root, out var set) ? set : wnidsByRoot[root] = new SortedSet<string>(StringComparer.Ordinal)).Add(wnid);
            else if (LodIris.Wikipedia(node) is { } page)
                (pagesByRoot.TryGetValue(root, out var set) ? set : pagesByRoot[root] = []).Add((page.Language, page.Title));
        }
        foreach (var (root, wnids) in wnidsByRoot.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            if (pagesByRoot.TryGetValue(root, out var pages))
                foreach (var wnid in wnids)
                    foreach (var (language, title) in pages)
                        wordNetPages += insertPage.Execute(wnid, "lod", language, title, null, null, null, null, "[]");

        // Link resources (urn:zsl:link:..., written by ./zsl export rdf --content links): one row each.
        foreach (var (iri, node) in linkNodes)
        {
            if (node.Synset is null || node.Page is null || node.Source is null)
                throw new InvalidDataException($"link resource <{iri}> needs urn:zsl:synset, urn:zsl:page and dcterms:source");
            if (LodIris.WordNet(node.Synset) is not { } wn || WnidOf(wn) is not { } wnid || LodIris.Wikipedia(node.Page) is not { } page) continue;
            var redirects = node.Redirects.Select(LodIris.Wikipedia).OfType<LodIris.WikiPage>().Select(r => r.Title).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            wordNetPages += insertPage.Execute(wnid, node.Source, page.Language, page.Title, null, node.PageId, node.Confidence, node.Lemma, JsonSerializer.Serialize(redirects));
        }

        progress?.Report(new StageProgress("lod links", links.Count, links.Count, "links"));
        return new LodExtraction(synsets.Count, wordNetLinks, mapped, external, edges.Count, wordNetPages);
    }

    private sealed class LinkNode
    {
        public string? Synset { get; set; }
        public string? Page { get; set; }
        public string? Source { get; set; }
        public double? Confidence { get; set; }
        public long? PageId { get; set; }
        public string? Lemma { get; set; }
        public List<string> Redirects { get; } = [];
    }

    private sealed class UnionFind
    {
        private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);

        public IEnumerable<string> Nodes => _parent.Keys.ToList();

        public string Find(string node)
        {
            if (!_parent.TryGetValue(node, out var parent)) { _parent[node] = node; return node; }
            var root = node;
            while (_parent[root] is var p && p != root) root = p;
            while (node != root) { var next = _parent[node]; _parent[node] = root; node = next; }
            return root;
        }

        public void Union(string a, string b)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra == rb) return;
            if (string.CompareOrdinal(ra, rb) < 0) _parent[rb] = ra; else _parent[ra] = rb;
        }
    }
}
