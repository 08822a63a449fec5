-- Built after the bulk load, which is faster than maintaining them row by row. Only the lookups the
-- project and common queries need: a synset's pointers, synsets by part of speech and lexname (the lemma index
-- is in indexes-lemmas.sql).
CREATE INDEX pointers_source ON pointers(source_wnid, symbol);
CREATE INDEX synsets_pos ON synsets(pos, lexname);

-- Child -> parent edges of the hypernym hierarchy, instance hypernyms included (84,427 between nouns).
CREATE VIEW hypernym_edges AS
SELECT source_wnid AS child, target_wnid AS parent, symbol = '@i' AS is_instance
FROM pointers
WHERE symbol IN ('@', '@i');

-- The index.* files: each lemma (lower case, underscores) with its synsets in sense order.
CREATE VIEW wordnet_index AS
SELECT DISTINCT lower(replace(l.lemma, ' ', '_')) AS lemma,
       CASE s.pos WHEN 's' THEN 'a' ELSE s.pos END AS pos,
       l.sense_rank,
       l.wnid
FROM lemmas l JOIN synsets s ON s.wnid = l.wnid;
