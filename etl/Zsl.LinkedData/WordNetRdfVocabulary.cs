namespace Zsl.LinkedData;

/// <summary>
/// The vocabulary of the WordNet RDF export (documented in docs/rdf.md): synsets are OntoLex lexical concepts
/// named by the Princeton WordNet 3.0 RDF scheme, lemmas are OntoLex lexical senses, relations use the Global
/// WordNet Association schema (wn:) with the pointer names of the database.
/// </summary>
public static class WordNetRdfVocabulary
{
    public const string Base = "http://wordnet-rdf.princeton.edu/wn30/";
    public const string Wn = "https://globalwordnet.github.io/schemas/wn#";
    public const string OntoLex = "http://www.w3.org/ns/lemon/ontolex#";
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Rdfs = "http://www.w3.org/2000/01/rdf-schema#";
    public const string DcTerms = "http://purl.org/dc/terms/";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";

    public const string Type = Rdf + "type";
    public const string LexicalConcept = OntoLex + "LexicalConcept";
    public const string LexicalSense = OntoLex + "LexicalSense";
    public const string IsLexicalizedSenseOf = OntoLex + "isLexicalizedSenseOf";
    public const string PartOfSpeech = Wn + "partOfSpeech";
    public const string Lexfile = Wn + "lexfile";
    public const string SenseKey = Wn + "senseKey";
    public const string SenseRank = Wn + "senseRank";
    public const string TagCount = Wn + "tagCount";
    public const string Definition = Skos + "definition";
    public const string Example = Skos + "example";
    public const string Identifier = DcTerms + "identifier";
    public const string Label = Rdfs + "label";

    /// <summary>wnid n02084071 -> http://wordnet-rdf.princeton.edu/wn30/02084071-n (satellites keep their 's').</summary>
    public static string SynsetIri(string wnid, string pos) => $"{Base}{wnid[1..]}-{pos}";

    public static string SenseIri(string wnid, string pos, long wordNumber) => $"{Base}{wnid[1..]}-{pos}-{wordNumber}";

    public static string RelationIri(string relation) => Wn + relation;

    public static string PosIri(string pos) => Wn + pos switch
    {
        "n" => "noun", "v" => "verb", "a" => "adjective", "s" => "adjective_satellite", "r" => "adverb", _ => pos,
    };
}
