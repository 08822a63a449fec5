-- Built after the bulk load, which is faster than maintaining them row by row. Only the lookups the
-- project and common queries need: lemma search, a synset's pointers, synsets by part of speech and lexname.
CREATE INDEX lemmas_lemma ON lemmas(lemma COLLATE NOCASE);
CREATE INDEX pointers_source ON pointers(source_wnid, symbol);
CREATE INDEX synsets_pos ON synsets(pos, lexname);

-- Child -> parent edges of the hypernym hierarchy, instance hypernyms included (84,427 between nouns).
CREATE VIEW hypernym_edges AS
SELECT source_wnid AS child, target_wnid AS parent, symbol = '@i' AS is_instance
FROM pointers
WHERE symbol IN ('@', '@i');
