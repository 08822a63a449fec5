namespace Zsl.WordNet;

/// <summary>Fixed vocabularies of the WordNet 3.0 database files (lexnames(5WN), wninput(5WN)).</summary>
public static class Lexicon
{
    /// <summary>The 45 lexicographer files, indexed by their number. Debian ships no <c>lexnames</c> file.</summary>
    public static readonly IReadOnlyList<string> LexNames =
    [
        "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
        "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling",
        "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object", "noun.person",
        "noun.phenomenon", "noun.plant", "noun.possession", "noun.process", "noun.quantity", "noun.relation",
        "noun.shape", "noun.state", "noun.substance", "noun.time", "verb.body", "verb.change", "verb.cognition",
        "verb.communication", "verb.competition", "verb.consumption", "verb.contact", "verb.creation",
        "verb.emotion", "verb.motion", "verb.perception", "verb.possession", "verb.social", "verb.stative",
        "verb.weather", "adj.ppl",
    ];

    /// <summary>The name of a pointer symbol for a source part of speech, or null for a symbol WordNet does not define there.</summary>
    public static string? RelationName(char sourcePos, string symbol) => (symbol, sourcePos) switch
    {
        ("!", _) => "antonym",
        ("@", _) => "hypernym",
        ("@i", 'n') => "instance_hypernym",
        ("~", _) => "hyponym",
        ("~i", 'n') => "instance_hyponym",
        ("#m", 'n') => "member_holonym",
        ("#s", 'n') => "substance_holonym",
        ("#p", 'n') => "part_holonym",
        ("%m", 'n') => "member_meronym",
        ("%s", 'n') => "substance_meronym",
        ("%p", 'n') => "part_meronym",
        ("=", 'n' or 'a' or 's') => "attribute",
        ("+", _) => "derivationally_related_form",
        (";c", _) => "domain_topic",
        ("-c", _) => "member_of_domain_topic",
        (";r", _) => "domain_region",
        ("-r", _) => "member_of_domain_region",
        (";u", _) => "domain_usage",
        ("-u", _) => "member_of_domain_usage",
        ("*", 'v') => "entailment",
        (">", 'v') => "cause",
        ("^", 'v' or 'a' or 's') => "also_see",
        ("$", 'v') => "verb_group",
        ("&", 'a' or 's') => "similar_to",
        ("<", 'a' or 's') => "participle_of_verb",
        ("\\", 'a' or 's') => "pertainym",
        ("\\", 'r') => "derived_from_adjective",
        _ => null,
    };

    public static readonly IReadOnlyList<(char Pos, string Name)> PartsOfSpeech =
        [('n', "noun"), ('v', "verb"), ('a', "adj"), ('r', "adv")];
}
