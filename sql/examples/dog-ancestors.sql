-- The hypernym chain of 'dog' (n02084071) up to the root, with the depth of each ancestor.
WITH RECURSIVE ancestors(wnid, depth) AS (
    SELECT 'n02084071', 0
    UNION
    SELECT h.parent, a.depth + 1 FROM ancestors a JOIN hypernym_edges h ON h.child = a.wnid
)
SELECT a.depth, a.wnid, (SELECT group_concat(lemma, ', ') FROM lemmas l WHERE l.wnid = a.wnid) AS lemmas
FROM ancestors a
ORDER BY a.depth, a.wnid;
