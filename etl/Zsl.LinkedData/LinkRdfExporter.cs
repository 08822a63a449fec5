using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Zsl.Rdf;
using Zsl.Store;

namespace Zsl.LinkedData;

/// <summary>
/// The vocabulary of the links export (docs/rdf.md): BabelNet synsets in BabelNet's lemon shape, the links of other
/// sources as link resources in the project's own <c>urn:zsl:</c> terms (they carry a confidence and a page id).
/// </summary>
public static class LinkVocabulary
{
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    public const string DcTermsSource = "http://purl.org/dc/terms/source";
    public const string SkosConcept = LodIris.Skos + "Concept";
    public const string ExactMatch = LodIris.Skos + "exactMatch";
    public const string PrefLabel = LodIris.Skos + "prefLabel";
    public const string SynsetType = LodIris.BnLemon + "synsetType";
    public const string Definition = LodIris.BnLemon + "definition";
    public const string Gloss = LodIris.BnLemon + "gloss";
    public const string WikipediaPage = LodIris.BnLemon + "wikipediaPage";
    public const string Reference = LodIris.Lemon + "reference";
    public const string LexicalSense = LodIris.Lemon + "LexicalSense";
    /// <summary>The dcterms:source of a BabelNet sense that is a Wikipedia redirect (BabelNet's WIKIRED senses).</summary>
    public const string RedirectSenseSource = "WIKIRED";

    public const string Zsl = "urn:zsl:";
    public const string Link = Zsl + "link:";
    public const string LinkClass = Zsl + "WikipediaLink";
    public const string LinkSynset = Zsl + "synset";
    public const string LinkPage = Zsl + "page";
    public const string LinkConfidence = Zsl + "confidence";
    public const string LinkPageId = Zsl + "pageId";
    public const string LinkLemma = Zsl + "lemma";
    public const string LinkRedirect = Zsl + "redirect";

    /// <summary>http://babelnet.org/rdf/WIKIRED/Hague_EN/s00000002n: the redirect sense of a title in a synset.</summary>
    public static string RedirectSenseIri(string synsetId, string language, string title)
        => LodIris.BabelNetResource + "WIKIRED/" + WikipediaTitles.Iri(language, title)[("https://" + language + ".wikipedia.org/wiki/").Length..]
           + "_" + language.ToUpperInvariant() + "/s" + synsetId[3..];

    /// <summary>http://babelnet.org/rdf/Dog_EN/s00015267n: a Wikipedia sense of a synset.</summary>
    public static string SenseIri(string synsetId, string language, string title)
        => LodIris.BabelNetResource + WikipediaTitles.Iri(language, title)[("https://" + language + ".wikipedia.org/wiki/").Length..]
           + "_" + language.ToUpperInvariant() + "/s" + synsetId[3..];

    /// <summary>n02084071 → http://wordnet-rdf.princeton.edu/wn30/02084071-n.</summary>
    public static string WordNet30Iri(string wnid) => LinkLoader.WordNet30Iri + wnid[1..] + "-" + wnid[0];
}

public sealed record LinkRdfExport(string Path, long Triples, long Synsets, long Links, TimeSpan Elapsed);

/// <summary>
/// <c>export rdf --content links</c>: writes the link tables as N-Triples that <c>etl rdf</c> reads back into the same
/// tables (gzip when the name ends in .gz; a temporary file moved into place). BabelNet synsets go out in BabelNet's
/// lemon shape: <c>bn-lemon:synsetType</c>, <c>skos:prefLabel</c> (the main sense), <c>skos:exactMatch</c> to WordNet,
/// <c>bn-lemon:wikipediaPage</c> on the synset (articles) or on a lemon sense (<c>lemon:reference</c>), redirects as
/// senses whose <c>dcterms:source</c> is WIKIRED. Every other link is a <c>urn:zsl:WikipediaLink</c> resource.
/// Output is sorted, so the same tables give the same file.
/// </summary>
public static class LinkRdfExporter
{
    private sealed record SynsetRow(string SynsetId, string Iri, string? SynsetType, string? Gloss, string? MainSense);
    private sealed record ExternalRow(string SynsetId, string Kind, string Iri, string Language, string Title, string Via);
    private sealed record LinkRow(string Wnid, string Source, string Language, string Title, string? SynsetId, long? PageId, double? Confidence, string? Lemma, string Redirects);

    public static LinkRdfExport Export(string databasePath, string outputPath, IProgress<StageProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("wordnet_wikipedia_links"))
            throw new ArgumentException($"{databasePath} has no link tables (load them with ./zsl etl links --db {databasePath} or ./zsl etl rdf)");
        var full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".tmp-{Environment.ProcessId}" + (full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? ".gz" : "");
        long synsets = 0, links = 0, triples;
        var type = RdfTerm.Iri(LinkVocabulary.Rdf + "type");
        try
        {
            using (var writer = new NTriplesWriter(RdfFile.Create(temp)))
            {
                // per-synset streams in synset order, merged with the synsets
                using var wordNet = connection.Query<(string SynsetId, string WordNetIri)>(SqlScripts.Get("linkeddata/export-babelnet-wordnet-links.sql"), buffered: false).GetEnumerator();
                using var external = connection.Query<ExternalRow>(SqlScripts.Get("linkeddata/export-babelnet-external-links.sql"), buffered: false).GetEnumerator();
                using var redirects = connection.Query<(string SynsetId, string Language, string Redirects)>(SqlScripts.Get("linkeddata/export-babelnet-redirects.sql"), buffered: false).GetEnumerator();
                bool hasWordNet = wordNet.MoveNext(), hasExternal = external.MoveNext(), hasRedirects = redirects.MoveNext();
                foreach (var s in connection.Query<SynsetRow>(SqlScripts.Get("linkeddata/export-babelnet-synsets.sql"), buffered: false))
                {
                    var synset = RdfTerm.Iri(s.Iri);
                    writer.Write(synset, type, RdfTerm.Iri(LinkVocabulary.SkosConcept));
                    if (s.SynsetType is { } synsetType) writer.Write(synset, RdfTerm.Iri(LinkVocabulary.SynsetType), RdfTerm.Literal(synsetType));
                    if (s.MainSense is { } mainSense) writer.Write(synset, RdfTerm.Iri(LinkVocabulary.PrefLabel), RdfTerm.Literal(mainSense));
                    if (s.Gloss is { } gloss)
                    {
                        var node = RdfTerm.Iri(s.Iri + "_Gloss1_EN");
                        writer.Write(synset, RdfTerm.Iri(LinkVocabulary.Definition), node);
                        writer.Write(node, RdfTerm.Iri(LinkVocabulary.Gloss), RdfTerm.LangLiteral(gloss, "en"));
                    }
                    while (hasWordNet && Before(wordNet.Current.SynsetId, s.SynsetId)) hasWordNet = wordNet.MoveNext();
                    for (; hasWordNet && wordNet.Current.SynsetId == s.SynsetId; hasWordNet = wordNet.MoveNext())
                        writer.Write(synset, RdfTerm.Iri(LinkVocabulary.ExactMatch), RdfTerm.Iri(wordNet.Current.WordNetIri));
                    while (hasExternal && Before(external.Current.SynsetId, s.SynsetId)) hasExternal = external.MoveNext();
                    for (; hasExternal && external.Current.SynsetId == s.SynsetId; hasExternal = external.MoveNext())
                    {
                        var e = external.Current;
                        var page = RdfTerm.Iri(e.Iri);
                        var predicate = RdfTerm.Iri(e.Kind == "dbpedia" ? LinkVocabulary.ExactMatch : LinkVocabulary.WikipediaPage);
                        if (e.Via == "synset") writer.Write(synset, predicate, page);
                        else
                        {
                            var sense = RdfTerm.Iri(LinkVocabulary.SenseIri(s.SynsetId, e.Language, e.Title));
                            writer.Write(sense, type, RdfTerm.Iri(LinkVocabulary.LexicalSense));
                            writer.Write(sense, RdfTerm.Iri(LinkVocabulary.Reference), synset);
                            writer.Write(sense, predicate, page);
                        }
                    }
                    while (hasRedirects && Before(redirects.Current.SynsetId, s.SynsetId)) hasRedirects = redirects.MoveNext();
                    var written = new HashSet<(string, string)>();
                    for (; hasRedirects && redirects.Current.SynsetId == s.SynsetId; hasRedirects = redirects.MoveNext())
                        foreach (var title in JsonSerializer.Deserialize<string[]>(redirects.Current.Redirects) ?? [])
                        {
                            var language = redirects.Current.Language;
                            if (!written.Add((language, title))) continue;
                            var sense = RdfTerm.Iri(LinkVocabulary.RedirectSenseIri(s.SynsetId, language, title));
                            writer.Write(sense, type, RdfTerm.Iri(LinkVocabulary.LexicalSense));
                            writer.Write(sense, RdfTerm.Iri(LinkVocabulary.Reference), synset);
                            writer.Write(sense, RdfTerm.Iri(LinkVocabulary.DcTermsSource), RdfTerm.Literal(LinkVocabulary.RedirectSenseSource));
                            writer.Write(sense, RdfTerm.Iri(LinkVocabulary.WikipediaPage), RdfTerm.Iri(WikipediaTitles.Iri(language, title)));
                        }
                    if (++synsets % 10_000 == 0) progress?.Report(new StageProgress("babelnet synsets", synsets, null, "synsets"));
                }
                foreach (var (source, relation, target) in connection.Query<(string, string, string)>(SqlScripts.Get("linkeddata/export-babelnet-edges.sql"), buffered: false))
                    writer.Write(RdfTerm.Iri(LodIris.BabelNetResource + "s" + source[3..]), RdfTerm.Iri(relation), RdfTerm.Iri(LodIris.BabelNetResource + "s" + target[3..]));
                foreach (var l in connection.Query<LinkRow>(SqlScripts.Get("linkeddata/export-other-links.sql"), buffered: false))
                {
                    var pageIri = WikipediaTitles.Iri(l.Language, l.Title);
                    var node = RdfTerm.Iri($"{LinkVocabulary.Link}{l.Source}:{l.Wnid}:{pageIri["https://".Length..]}");
                    writer.Write(node, type, RdfTerm.Iri(LinkVocabulary.LinkClass));
                    writer.Write(node, RdfTerm.Iri(LinkVocabulary.LinkSynset), RdfTerm.Iri(LinkVocabulary.WordNet30Iri(l.Wnid)));
                    writer.Write(node, RdfTerm.Iri(LinkVocabulary.LinkPage), RdfTerm.Iri(pageIri));
                    writer.Write(node, RdfTerm.Iri(LinkVocabulary.DcTermsSource), RdfTerm.Literal(l.Source));
                    if (l.Confidence is { } confidence)
                        writer.Write(node, RdfTerm.Iri(LinkVocabulary.LinkConfidence), RdfTerm.TypedLiteral(confidence.ToString("R", CultureInfo.InvariantCulture), LinkVocabulary.Xsd + "double"));
                    if (l.PageId is { } pageId)
                        writer.Write(node, RdfTerm.Iri(LinkVocabulary.LinkPageId), RdfTerm.TypedLiteral(pageId.ToString(CultureInfo.InvariantCulture), LinkVocabulary.Xsd + "integer"));
                    if (l.Lemma is { } lemma) writer.Write(node, RdfTerm.Iri(LinkVocabulary.LinkLemma), RdfTerm.Literal(lemma));
                    foreach (var redirect in JsonSerializer.Deserialize<string[]>(l.Redirects) ?? [])
                        writer.Write(node, RdfTerm.Iri(LinkVocabulary.LinkRedirect), RdfTerm.Iri(WikipediaTitles.Iri(l.Language, redirect)));
                    if (++links % 10_000 == 0) progress?.Report(new StageProgress("other links", links, null, "links"));
                }
                triples = writer.Count;
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return new LinkRdfExport(full, triples, synsets, links, clock.Elapsed);
    }

    private static bool Before(string a, string b) => string.CompareOrdinal(a, b) < 0;
}
