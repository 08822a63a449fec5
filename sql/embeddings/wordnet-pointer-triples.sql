-- Knowledge-graph triples from WordNet: one (head, relation, tail) per semantic pointer between synsets
-- (lexical pointers between words of two synsets are kept too, at synset level), deduplicated, in a stable order.
SELECT DISTINCT source_wnid AS head, relation, target_wnid AS tail
FROM pointers
ORDER BY head, relation, tail;
