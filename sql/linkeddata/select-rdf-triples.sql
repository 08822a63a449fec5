-- The loaded statements that can matter for link extraction, terms spelled out (kinds: 0 IRI, 1 blank, 2 literal):
-- BabelNet synsets as subject or object, BabelNet gloss text, sense-to-concept and identity / page links, the
-- sources of senses and the link resources of ./zsl export rdf --content links (urn:zsl:link:...)
-- (a prefilter: LodIris.LinkPredicates / SenseOfPredicates decide).
SELECT s.kind, s.value, p.value, o.kind, o.value, o.language
FROM rdf_triples t
JOIN rdf_terms s ON s.id = t.s
JOIN rdf_terms p ON p.id = t.p
JOIN rdf_terms o ON o.id = t.o
WHERE s.kind = 0 AND (
    s.value LIKE 'http://babelnet.org/rdf/s%' OR o.value LIKE 'http://babelnet.org/rdf/s%' OR s.value LIKE 'urn:zsl:link:%'
    OR p.value IN (
        'http://babelnet.org/model/babelnet#gloss', 'http://purl.org/dc/terms/source',
        'http://www.lemon-model.net/lemon#reference', 'http://www.w3.org/ns/lemon/ontolex#reference',
        'http://www.w3.org/ns/lemon/ontolex#isLexicalizedSenseOf',
        'http://www.w3.org/2004/02/skos/core#exactMatch', 'http://www.w3.org/2004/02/skos/core#closeMatch',
        'http://www.w3.org/2002/07/owl#sameAs',
        'http://babelnet.org/model/babelnet#wikipediaPage', 'http://babelnet.org/model/babelnet#dbpediaResource',
        'http://xmlns.com/foaf/0.1/isPrimaryTopicOf', 'http://xmlns.com/foaf/0.1/primaryTopic',
        'http://dbpedia.org/ontology/wordnet_type', 'http://dbpedia.org/property/wordnet_type'));
