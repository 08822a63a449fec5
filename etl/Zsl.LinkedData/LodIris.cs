using System.Text.RegularExpressions;

namespace Zsl.LinkedData;

/// <summary>Recognising the IRIs of the Linked Open Data sources the pipeline follows.</summary>
public static partial class LodIris
{
    public const string BabelNetResource = "http://babelnet.org/rdf/";
    public const string BnLemon = "http://babelnet.org/model/babelnet#";
    public const string Lemon = "http://www.lemon-model.net/lemon#";
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const string Owl = "http://www.w3.org/2002/07/owl#";
    public const string OntoLex = "http://www.w3.org/ns/lemon/ontolex#";

    /// <summary>http://babelnet.org/rdf/s00015267n -> bn:00015267n.</summary>
    public static string? BabelNetSynsetId(string iri)
    {
        var m = BabelNetSynset().Match(iri);
        return m.Success ? $"bn:{m.Groups[1].Value}" : null;
    }

    /// <summary>A WordNet synset IRI: <c>Wnid</c> is the WordNet 3.0 wnid when the IRI names a 3.0 synset directly.</summary>
    /// <summary><c>Wn31</c>: a WordNet 3.1 synset in wnid form (n02086723), mapped to 3.0 through the ILI when it is loaded.</summary>
    public sealed record WordNetRef(string Iri, string? Wnid, (string Lemma, string Pos, int SenseRank)? IndexSense, string? Wn31 = null);

    public static WordNetRef? WordNet(string iri)
    {
        var m = PrincetonWn30().Match(iri);
        if (m.Success) return new WordNetRef(iri, (m.Groups[2].Value == "s" ? "a" : m.Groups[2].Value) + m.Groups[1].Value, null);
        m = W3cWn30().Match(iri);
        if (m.Success)
        {
            var pos = m.Groups[2].Value switch { "noun" => "n", "verb" => "v", "adjective" or "adjectivesatellite" => "a", "adverb" => "r", _ => null };
            if (pos is not null)
                return new WordNetRef(iri, null, (Uri.UnescapeDataString(m.Groups[1].Value).ToLowerInvariant(), pos, int.Parse(m.Groups[3].Value)));
        }
        // WordNet 3.1 (Princeton's 3.1 RDF, with or without its leading part-of-speech digit): mapped through CILI when loaded.
        m = PrincetonWn31().Match(iri);
        if (m.Success) return new WordNetRef(iri, null, null, LinkSourceReader.Wnid(m.Groups[2].Value[0], m.Groups[1].Value));
        // Other WordNet versions (W3C WordNet 2.0) cannot be mapped to 3.0 wnids without a version mapping.
        if (OtherWordNet().IsMatch(iri)) return new WordNetRef(iri, null, null);
        return null;
    }

    public sealed record WikiPage(string Kind, string Language, string Title);

    /// <summary>A Wikipedia page (https://en.wikipedia.org/wiki/Dog) or a DBpedia resource (http://dbpedia.org/resource/Dog, http://de.dbpedia.org/resource/Hund).</summary>
    public static WikiPage? Wikipedia(string iri)
    {
        var m = WikipediaPage().Match(iri);
        if (m.Success) return new WikiPage("wikipedia", m.Groups[1].Value.ToLowerInvariant(), Uri.UnescapeDataString(m.Groups[2].Value).Replace(' ', '_'));
        m = DbpediaResource().Match(iri);
        if (m.Success)
            return new WikiPage("dbpedia", m.Groups[1].Success && m.Groups[1].Value.Length > 0 ? m.Groups[1].Value.TrimEnd('.').ToLowerInvariant() : "en",
                Uri.UnescapeDataString(m.Groups[2].Value).Replace(' ', '_'));
        return null;
    }

    /// <summary>Predicates that say two resources denote the same thing (or a page about it): the links followed from WordNet to Wikipedia.</summary>
    public static readonly IReadOnlySet<string> LinkPredicates = new HashSet<string>(StringComparer.Ordinal)
    {
        Skos + "exactMatch", Skos + "closeMatch", Owl + "sameAs",
        BnLemon + "wikipediaPage", BnLemon + "dbpediaResource", "http://xmlns.com/foaf/0.1/isPrimaryTopicOf", "http://xmlns.com/foaf/0.1/primaryTopic",
        "http://dbpedia.org/ontology/wordnet_type", "http://dbpedia.org/property/wordnet_type",
    };

    /// <summary>Predicates from a lexical sense to the concept it lexicalises (lemon / OntoLex).</summary>
    public static readonly IReadOnlySet<string> SenseOfPredicates = new HashSet<string>(StringComparer.Ordinal)
    {
        Lemon + "reference", OntoLex + "reference", OntoLex + "isLexicalizedSenseOf",
    };

    [GeneratedRegex(@"^https?://babelnet\.org/rdf/s(\d{8}[nvar])$")]
    private static partial Regex BabelNetSynset();

    [GeneratedRegex(@"^https?://wordnet-rdf\.princeton\.edu/(?:wn30|pwn30)/(\d{8})-([nvasr])$")]
    private static partial Regex PrincetonWn30();

    [GeneratedRegex(@"^https?://www\.w3\.org/2006/03/wn/wn30/instances/synset-(.+)-(noun|verb|adjective|adjectivesatellite|adverb)-(\d+)$")]
    private static partial Regex W3cWn30();

    [GeneratedRegex(@"^https?://wordnet-rdf\.princeton\.edu/(?:wn31|pwn31|id)/[1-4]?(\d{8})-([nvasr])$")]
    private static partial Regex PrincetonWn31();

    [GeneratedRegex(@"^https?://(?:wordnet-rdf\.princeton\.edu/(?:wn31|id)/|www\.w3\.org/2006/03/wn/wn20/instances/synset-)")]
    private static partial Regex OtherWordNet();

    [GeneratedRegex(@"^https?://([a-z][a-z0-9-]*)\.(?:m\.)?wikipedia\.org/wiki/(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WikipediaPage();

    [GeneratedRegex(@"^https?://([a-z][a-z0-9-]*\.)?dbpedia\.org/resource/(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DbpediaResource();
}
