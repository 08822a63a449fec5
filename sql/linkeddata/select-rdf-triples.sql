-- Every loaded statement with its terms spelled out (kinds: 0 IRI, 1 blank, 2 literal), for link extraction.
SELECT s.kind, s.value, p.value, o.kind, o.value, o.language
FROM rdf_triples t
JOIN rdf_terms s ON s.id = t.s
JOIN rdf_terms p ON p.id = t.p
JOIN rdf_terms o ON o.id = t.o;
