-- Triples from an rdf_triples table (subject, predicate, object) when a linked-data stage has loaded one.
SELECT subject AS head, predicate AS relation, object AS tail
FROM rdf_triples
ORDER BY head, relation, tail;
