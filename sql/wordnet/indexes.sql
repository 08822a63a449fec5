-- Built after the bulk load, which is faster than maintaining them row by row.
CREATE INDEX lemmas_lemma ON lemmas(lemma COLLATE NOCASE);
CREATE INDEX lemmas_sense_key ON lemmas(sense_key);
CREATE INDEX pointers_source ON pointers(source_wnid, symbol);
CREATE INDEX pointers_target ON pointers(target_wnid, symbol);
CREATE INDEX synsets_pos ON synsets(pos, lexname);
CREATE INDEX wordnet_index_wnid ON wordnet_index(wnid);

-- Child -> parent edges of the hypernym hierarchy, instance hypernyms included (84,427 between nouns).
CREATE VIEW hypernym_edges AS
SELECT source_wnid AS child, target_wnid AS parent, symbol = '@i' AS is_instance
FROM pointers
WHERE symbol IN ('@', '@i');
